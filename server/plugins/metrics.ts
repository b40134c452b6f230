import type { H3Event } from 'h3'
import { useReviewQueue } from '../jobs/queues'

// Counts every webhook delivery by result; the route names its 202s (queued or ignored), the status names the rest.
const RESULTS: Record<number, string> = { 200: 'ping', 400: 'invalid', 401: 'unauthorized', 413: 'too_large', 503: 'unavailable' }

export default defineNitroPlugin((nitroApp) => {
  countQueueWith(() => useReviewQueue().getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'))
  const count = (event: H3Event | undefined, status: number) => {
    if (event?.method !== 'POST' || !event.path.startsWith('/api/webhook')) return
    useMetrics().webhooks.inc({ result: event.context.webhookResult ?? RESULTS[status] ?? `http_${status}` })
  }
  nitroApp.hooks.hook('afterResponse', event => count(event, getResponseStatus(event)))
  // Nitro answers errors itself, without 'afterResponse'.
  nitroApp.hooks.hook('error', (error, { event }) => count(event, (error as { statusCode?: number }).statusCode ?? 500))
})
