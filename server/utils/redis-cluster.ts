import type { ClusterNode, RedisOptions } from 'ioredis'

/**
 * The start-up nodes of NUXT_REDIS_CLUSTER_NODES (comma-separated `host:port`, or `redis://[user:password@]host:port`,
 * `rediss://` for TLS), and the connection options their URLs carry; null when it is empty.
 */
export function clusterNodes(setting: unknown): { nodes: ClusterNode[], options: RedisOptions } | null {
  const entries = String(setting ?? '').split(',').map(entry => entry.trim()).filter(Boolean)
  if (!entries.length) return null
  const options: RedisOptions = {}
  const nodes = entries.map((entry) => {
    const url = new URL(entry.includes('://') ? entry : `redis://${entry}`)
    if (url.username) options.username = decodeURIComponent(url.username)
    if (url.password) options.password = decodeURIComponent(url.password)
    if (url.protocol === 'rediss:') options.tls = {}
    return { host: url.hostname, port: Number(url.port || 6379) }
  })
  return { nodes, options }
}

/**
 * The key prefix in cluster mode: BullMQ's scripts and Revue's own touch several keys at once, which a cluster allows
 * only within one hash slot, so the prefix must hold a hash tag (`revue` becomes `{revue}`).
 */
export function clusterPrefix(prefix: string): string {
  return /\{[^}]+\}/.test(prefix) ? prefix : `{${prefix}}`
}
