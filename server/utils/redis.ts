import { Cluster, Redis, type RedisOptions } from 'ioredis'
import { consola } from 'consola'

/** One Redis server or a Redis Cluster: every connection Revue makes is one of these. */
export type RedisConnection = Redis | Cluster

const _connections = new Set<RedisConnection>()
const _drains: Array<() => Promise<unknown>> = []
let _shared: RedisConnection | undefined
let _worker: RedisConnection | undefined
const _lastError = new WeakMap<object, string>()

/**
 * A new ioredis connection: a `Cluster` when NUXT_REDIS_CLUSTER_NODES is set, else NUXT_REDIS_URL, else the embedded
 * redis-server's socket. Every connection made here is closed by `closeRedis()`.
 */
export function createRedis(options: RedisOptions = {}): RedisConnection {
  const { redis } = useSettings()
  const cluster = clusterNodes(redis.clusterNodes)
  const connection = cluster
    ? new Cluster(cluster.nodes, { redisOptions: { ...cluster.options, ...options }, enableOfflineQueue: options.enableOfflineQueue ?? true })
    : redis.url
      ? new Redis(redis.url, options)
      : new Redis({ path: embeddedRedisSocket(embeddedRedisDir()), ...options })
  _connections.add(connection)
  connection.on('end', () => _connections.delete(connection))
  logErrorsOnce(connection, 'redis')
  // Back up: the next failure is news again.
  connection.on('ready', () => _lastError.delete(connection))
  return connection
}

let _prefix: string | undefined

/** The prefix of every key and channel: NUXT_REDIS_PREFIX, with a hash tag in cluster mode (`clusterPrefix`). */
export function redisPrefix(): string {
  const { redis } = useSettings()
  _prefix ??= clusterNodes(redis.clusterNodes) ? clusterPrefix(redis.prefix) : redis.prefix
  return _prefix
}

/** The shared fail-fast connection of request handlers and producers: commands reject at once while Redis is down. */
export function useRedis(): RedisConnection {
  _shared ??= createRedis({ enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
  return _shared
}

/**
 * The shared connection of workers (job logs, the breaker, write spacing, redelivery locks): while Redis is down or
 * reconnecting its commands wait, as BullMQ's own worker connections do, instead of failing an attempt.
 */
export function useWorkerRedis(): RedisConnection {
  _worker ??= createRedis({ maxRetriesPerRequest: null })
  return _worker
}

/** True when the shared connection can take a command now; producers answer 503 otherwise. */
export function isRedisReady(): boolean {
  return useRedis().status === 'ready'
}

/**
 * The keys matching `pattern`, SCAN page by page (on every master of a cluster); a key may come twice.
 */
export async function* scanKeys(pattern: string): AsyncGenerator<string[]> {
  const connection = useRedis()
  const servers = connection instanceof Cluster ? connection.nodes('master') : [connection]
  for (const server of servers) {
    for await (const keys of server.scanStream({ match: pattern, count: 1000 })) yield keys as string[]
  }
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
  _worker = undefined
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
