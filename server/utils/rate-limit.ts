import type { H3Event } from 'h3'

export interface RateLimitVerdict {
  limited: boolean
  retryAfterSeconds: number
}

export interface RateLimitSettings {
  /** Redis key prefix of the counts. */
  prefix: string
  windowMs: number
  signIn: number
  dashboard: number
  clientHeader: string
}

let _settings: RateLimitSettings | undefined

/** NUXT_RATE_LIMIT_*, coerced once. */
export function rateLimitSettings(): RateLimitSettings {
  if (_settings) return _settings
  const { rateLimit } = useSettings()
  _settings = {
    prefix: `${redisPrefix()}:rate`,
    windowMs: rateLimit.windowMs,
    signIn: rateLimit.signIn,
    dashboard: rateLimit.dashboard,
    clientHeader: rateLimit.clientHeader.trim().toLowerCase(),
  }
  return _settings
}

/**
 * The client's address: behind a proxy, the header it sets (NUXT_RATE_LIMIT_CLIENT_HEADER), else the connection's.
 * In x-forwarded-for only the last address is the proxy's own word; the ones before it are the client's to forge.
 */
export function getClientAddress(event: H3Event, header: string): string | undefined {
  const forwarded = header ? getRequestHeader(event, header)?.split(',').at(-1)?.trim() : undefined
  return forwarded || event.node.req.socket?.remoteAddress
}

/**
 * Counts one request of `client` in `bucket` (a fixed window in Redis, shared by every process) and says whether it
 * is over `limit`. While Redis is down requests go uncounted: a limit must not take the dashboard down with it.
 */
export async function countRequest(bucket: string, client: string, limit: number, windowMs: number): Promise<RateLimitVerdict> {
  const key = `${rateLimitSettings().prefix}:${bucket}:${client}`
  try {
    const results = await useRedis().multi().set(key, 0, 'PX', windowMs, 'NX').incr(key).pttl(key).exec()
    const count = Number(results?.[1]?.[1] ?? 0)
    const ttl = Number(results?.[2]?.[1] ?? windowMs)
    return { limited: count > limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) }
  }
  catch {
    return { limited: false, retryAfterSeconds: 0 }
  }
}
