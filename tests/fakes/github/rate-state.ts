export const RATE_LIMIT = 5000

// Rate-limit bookkeeping per credential, like GitHub's per-installation budget.
export class RateLimits {
  // GitHub's guidance of about one content-creating request a second per token, enforced once a test asks for it.
  writePace: { windowMs: number, maxWrites: number } | undefined
  private readonly buckets = new Map<string, { used: number, reset: number }>()
  private readonly writes = new Map<string, number[]>()

  consume(identity: string, count: boolean): { limit: number, used: number, remaining: number, reset: number } {
    const now = Math.floor(Date.now() / 1000)
    let bucket = this.buckets.get(identity)
    if (!bucket || bucket.reset <= now) {
      bucket = { used: 0, reset: now + 3600 }
      this.buckets.set(identity, bucket)
    }
    if (count) bucket.used = Math.min(bucket.used + 1, RATE_LIMIT)
    return { limit: RATE_LIMIT, used: bucket.used, remaining: RATE_LIMIT - bucket.used, reset: bucket.reset }
  }

  /** True when this write by an installation token goes past `writePace`: GitHub answers a secondary rate limit. */
  overWritePace(identity: string, method: string): boolean {
    const pace = this.writePace
    if (!pace || !['POST', 'PATCH', 'PUT', 'DELETE'].includes(method) || !identity.startsWith('installation:')) return false
    const now = Date.now()
    const recent = (this.writes.get(identity) ?? []).filter(at => at > now - pace.windowMs)
    recent.push(now)
    this.writes.set(identity, recent)
    return recent.length > pace.maxWrites
  }
}
