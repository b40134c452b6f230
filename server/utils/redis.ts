import { Redis, type RedisOptions } from 'ioredis'
import { consola } from 'consola'

const _connections = new Set<Redis>()
const _drains: Array<() => Promise<unknown>> = []
let _shared: Redis | undefined
const _lastError = new WeakMap<object, string>()

/**
 * A new ioredis connection to NUXT_REDIS_URL, or to the embedded redis-server's socket when it is unset.
 * Every connection made here is closed by `closeRedis()`.
 */
export function createRedis(options: RedisOptions = {}): Redis {
  const { redis } = useRuntimeConfig()
  const connection = redis.url
    ? new Redis(redis.url, options)
    : new Redis({ path: embeddedRedisSocket(redis.dataDir), ...options })
  _connections.add(connection)
  connection.on('end', () => _connections.delete(connection))
  logErrorsOnce(connection, 'redis')
  // Back up: the next failure is news again.
  connection.on('ready', () => _lastError.delete(connection))
  return connection
}

/** The shared fail-fast connection of request handlers and producers: commands reject at once while Redis is down. */
export function useRedis(): Redis {
  _shared ??= createRedis({ enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
  return _shared
}

/** True when the shared connection can take a command now; producers answer 503 otherwise. */
export function isRedisReady(): boolean {
  return useRedis().status === 'ready'
}

/** Registers work (closing a worker, a queue) that must end before the Redis connections close. */
export function onRedisDrain(drain: () => Promise<unknown>): void {
  _drains.push(drain)
}

/** Drains, then quits every connection; called once from the Nitro `close` hook. */
export async function closeRedis(): Promise<void> {
  await Promise.allSettled(_drains.map(drain => drain()))
  await Promise.allSettled([..._connections].map(connection => connection.quit()))
  _shared = undefined
}

/**
 * Logs an emitter's 'error' events (a connection, a queue, a worker), each message once until it changes:
 * ioredis and BullMQ repeat the same error on every reconnect attempt.
 */
export function logErrorsOnce(emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, tag: string): void {
  emitter.on('error', (error: Error) => {
    if (_lastError.get(emitter) === error.message) return
    _lastError.set(emitter, error.message)
    consola.error(`[${tag}] ${error.message}`)
  })
}
