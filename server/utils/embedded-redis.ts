import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { consola } from 'consola'

let _server: ChildProcess | undefined

/** Where the embedded redis-server keeps its data: NUXT_REDIS_DATA_DIR, else `redis/` in NUXT_STORAGE_DIR. */
export function embeddedRedisDir(): string {
  const { redis, storage } = useSettings()
  return redis.dataDir || join(storage.dir, 'redis')
}

/** The Unix socket of the embedded redis-server kept under NUXT_REDIS_DATA_DIR. */
export function embeddedRedisSocket(dataDir: string): string {
  return resolve(dataDir, 'redis.sock')
}

/**
 * Starts a private redis-server from PATH with its data under `dataDir`, unless one started by another
 * Revue process on this machine is already running there. Used when NUXT_REDIS_URL is not set.
 */
export function startEmbeddedRedis(dataDir: string): void {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  if (_isRunning(resolve(dir, 'redis.pid'))) return
  if (!_onPath('redis-server')) {
    throw new Error('NUXT_REDIS_URL is not set and redis-server is not on PATH: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set NUXT_REDIS_URL to a Redis 7 server')
  }
  _server = spawn('redis-server', [
    '--unixsocket', embeddedRedisSocket(dir), '--unixsocketperm', '700', '--port', '0',
    '--dir', dir, '--pidfile', resolve(dir, 'redis.pid'),
    '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--loglevel', 'warning',
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Its lines go through Revue's logger, so that every line the process prints is JSON (and redacted) in production.
  for (const output of [_server.stdout, _server.stderr]) {
    if (output) createInterface({ input: output }).on('line', line => consola.warn(`[redis-server] ${line}`))
  }
  _server.on('error', error => consola.error(`[redis] cannot start the embedded redis-server: ${error.message}`))
  consola.info(`[redis] NUXT_REDIS_URL is not set: started an embedded redis-server with its data in ${dir}`)
}

/** Stops the embedded redis-server this process started (it saves its append-only file first). */
export async function stopEmbeddedRedis(): Promise<void> {
  const server = _server
  if (!server || server.exitCode !== null) return
  await new Promise<void>((done) => {
    server.once('exit', () => done())
    server.kill('SIGTERM')
  })
  _server = undefined
}

function _isRunning(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0)
    return true
  }
  catch {
    return false
  }
}

function _onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some(dir => dir && existsSync(resolve(dir, command)))
}
