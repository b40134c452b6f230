import type { Octokit } from '@octokit/core'
import type { Cluster, Redis } from 'ioredis'

/**
 * Reserves the next free write slot of one key, `intervalMs` after the last one, on Redis's clock so that every
 * process agrees; answers how long to wait for it. One atomic call, no polling.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now`

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

// This process's own next slot per key, used while Redis cannot be asked: a write is still spaced, never refused.
const _localSlots = new Map<string, number>()

function _reserveLocally(key: string, intervalMs: number): number {
  const now = Date.now()
  const at = Math.max(now, _localSlots.get(key) ?? 0)
  _localSlots.set(key, at + intervalMs)
  return at - now
}

export interface WriteSpacing {
  redis: () => Redis | Cluster
  prefix: string
  intervalMs: number
}

/**
 * An Octokit plugin that spaces content-creating requests (POST, PATCH, PUT, DELETE) `intervalMs` apart per
 * installation across every process sharing Redis, as GitHub asks of integrations. Reads are not spaced.
 * Requests that get a token (the App's own JWT calls) are not spaced either. While Redis cannot be asked (down, or
 * reconnecting after a restart) writes are spaced within this process, so a review is not failed for it.
 */
export function writeSpacing(settings: WriteSpacing) {
  return (octokit: Octokit, options: { auth?: unknown }) => {
    if (settings.intervalMs <= 0) return
    const installationId = (options.auth as { installationId?: number } | undefined)?.installationId
    if (installationId === undefined) return
    const key = `${settings.prefix}:github:writes:${installationId}`
    octokit.hook.before('request', async ({ method, url }) => {
      if (!WRITE_METHODS.has(method) || url.endsWith('/access_tokens')) return
      const wait = await settings.redis().eval(RESERVE, 1, key, settings.intervalMs).then(Number, () => _reserveLocally(key, settings.intervalMs))
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
    })
  }
}
