import type { H3Event } from 'h3'
import { consola } from 'consola'

/** A delivery understood and left alone: 202 with the reason, counted as `ignored` by the metrics plugin. */
export function webhookIgnored(event: H3Event, reason: string) {
  event.context.webhookResult = 'ignored'
  return { ignored: reason }
}

/** A delivery that queued a job (or found it queued): 202 with the job id, logged under the delivery's id. */
export function webhookQueued(event: H3Event, deliveryId: string, jobId: string, trigger: string) {
  event.context.webhookResult = 'queued'
  consola.withTag(deliveryId).info(`queued ${jobId} (${trigger})`)
  return { queued: jobId }
}
