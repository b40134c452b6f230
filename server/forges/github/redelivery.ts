import type { Cluster, Redis } from 'ioredis'
import type { ReviewOctokit } from './octokit'

// GitHub keeps deliveries 3 days; a little less leaves room for the redelivery itself.
const WINDOW_MS = 3 * 24 * 3600 * 1000 - 3600 * 1000

interface Delivery {
  id: number
  guid: string
  delivered_at: string
  status_code: number
}

/** A delivery worth sending again: Revue was down or failed (5xx, no answer); a 4xx would fail the same way again. */
function _retryable(statusCode: number): boolean {
  return statusCode === 0 || statusCode >= 500 || statusCode === 408 || statusCode === 429
}

/**
 * Asks GitHub to redeliver every webhook delivery of the last 3 days that never reached Revue successfully
 * (GitHub itself never retries). A delivery whose redelivery is under way is skipped for `lockSeconds`.
 */
export async function redeliverMissedWebhooks(octokit: ReviewOctokit, redis: Redis | Cluster, options: { prefix: string, lockSeconds: number }) {
  const since = Date.now() - WINDOW_MS
  const byGuid = new Map<string, { succeeded: boolean, newest: Delivery }>()
  for await (const { data } of octokit.paginate.iterator('GET /app/hook/deliveries', { per_page: 100 })) {
    const deliveries = data as Delivery[]
    for (const delivery of deliveries) {
      if (Date.parse(delivery.delivered_at) < since) continue
      // Newest first: the first attempt seen for a guid is its latest.
      const entry = byGuid.get(delivery.guid) ?? { succeeded: false, newest: delivery }
      entry.succeeded ||= delivery.status_code >= 200 && delivery.status_code < 300
      byGuid.set(delivery.guid, entry)
    }
    if (deliveries.some(delivery => Date.parse(delivery.delivered_at) < since)) break
  }
  const redelivered: string[] = []
  for (const [guid, { succeeded, newest }] of byGuid) {
    if (succeeded || !_retryable(newest.status_code)) continue
    if (!await redis.set(`${options.prefix}:redelivery:${guid}`, '1', 'EX', options.lockSeconds, 'NX')) continue
    await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: newest.id })
    redelivered.push(guid)
  }
  return { checked: byGuid.size, redelivered }
}
