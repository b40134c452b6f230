import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface PrivateRedis {
  url: string
  port: number
  /** Kills the server (SIGKILL) and removes its files. */
  stop(): Promise<void>
  /** Kills the server, keeping its port, as a crash would. */
  kill(): Promise<void>
  /** Kills the server if running and starts it again on the same port. */
  restart(): Promise<void>
}

/**
 * A private redis-server on a free port: never the machine's 6379, never someone's Redis. Nothing is persisted unless
 * `persistent` (append-only file, fsync on every write, as production runs it), which a restart must survive.
 */
export async function startPrivateRedis(options: { persistent?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'revue-redis-'))
  let child: ChildProcess | undefined
  const start = async () => {
    const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], { stdio: 'ignore' })
    child.on('error', (error) => {
      throw new Error(`Cannot start redis-server (${error.message}): install it with apt-get install redis-server`)
    })
    await _waitForPing(port)
  }
  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    await new Promise(resolve => running.once('exit', resolve).kill('SIGKILL'))
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
    kill: stop,
    restart: async () => {
      await stop()
      await start()
    },
  }
}

async function _waitForPing(port: number) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => {})
    try {
      await client.connect()
      if (await client.ping() === 'PONG') return
    }
    catch {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    finally {
      client.disconnect()
    }
  }
  throw new Error(`redis-server did not answer on port ${port}`)
}
