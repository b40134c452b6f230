import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './redis'

export interface PrivateCluster {
  /** `host:port` of every master, as NUXT_REDIS_CLUSTER_NODES takes them. */
  nodes: string[]
  stop(): Promise<void>
}

const run = promisify(execFile)

/** A private Redis Cluster of three masters on free ports, made with redis-cli --cluster create; never the machine's. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'revue-cluster-'))
  const ports = [await freePort(), await freePort(), await freePort()]
  const children: ChildProcess[] = ports.map(port => spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
    '--save', '', '--appendonly', 'no', '--dir', dir,
  ], { stdio: 'ignore' }))
  const nodes = ports.map(port => `127.0.0.1:${port}`)
  const stop = async () => {
    await Promise.all(children.map(child => child.exitCode === null ? new Promise(resolve => child.once('exit', resolve).kill('SIGKILL')) : undefined))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (const port of ports) await _until(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG')
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'])
    for (const port of ports) await _until(async () => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok'))
  }
  catch (error) {
    await stop()
    throw error
  }
  return { nodes, stop }
}

async function _until(check: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check().catch(() => false)) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('The private Redis Cluster did not come up')
}
