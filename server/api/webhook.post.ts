import type { H3Event } from 'h3'
import { z } from 'zod'
import { decideCommand, IssueCommentEventSchema } from '../forges/github/comment-event'
import { decideReview, PullRequestEventSchema } from '../forges/github/webhook-event'
import { needsSetup } from '../auth/app-credentials'
import { getAppSlug, useWebhooks } from '../forges/github/app'
import { enqueueCommand, enqueueReview } from '../jobs/enqueue'
import { commandTrigger } from '../jobs/summaries'
import { reviewJobId } from '../jobs/ids'

const HeadersSchema = z.object({
  'x-github-event': z.string().min(1, 'is required'),
  'x-github-delivery': z.string().min(1, 'is required'),
})

/**
 * GitHub webhook deliveries: verified, filtered, and turned into at most one review job per head commit, or one
 * command job per `/revue` comment.
 */
export default defineEventHandler(async (event) => {
  if (needsSetup()) throw createError({ statusCode: 503, message: 'Revue is not ready to receive webhooks yet' })
  // Not useSettings(): that copies the whole config and re-reads every NUXT_* variable on each call, about
  // 1 ms of CPU, a third of a delivery's cost under load (docs/performance.md). Nothing here varies per request.
  const { webhook } = useSettings()
  const signature = getRequestHeader(event, 'x-hub-signature-256')
  if (!signature) throw createError({ statusCode: 401, message: 'Missing X-Hub-Signature-256: set a webhook secret on the GitHub App and in NUXT_GITHUB_WEBHOOK_SECRET' })
  const raw = (await readCappedBody(event, webhook.maxBodyBytes)).toString('utf8')
  if (!await useWebhooks().verify(raw, signature).catch(() => false)) {
    throw createError({ statusCode: 401, message: 'Signature mismatch: NUXT_GITHUB_WEBHOOK_SECRET must equal the GitHub App\'s webhook secret' })
  }
  const headers = parseOr400(HeadersSchema, getRequestHeaders(event), 'headers')
  const payload = parseJsonOr400(raw)
  const name = headers['x-github-event']
  const deliveryId = headers['x-github-delivery']
  if (name === 'ping') return { ok: true }
  setResponseStatus(event, 202)
  if (name === 'pull_request') return _pullRequest(event, payload, deliveryId)
  if (name === 'issue_comment') return _comment(event, payload, deliveryId)
  return webhookIgnored(event, `event '${name}' is not handled`)
})

async function _pullRequest(event: H3Event, payload: unknown, deliveryId: string) {
  const decision = await decideReview(parseOr400(PullRequestEventSchema, payload, 'payload'), getAppSlug)
  if ('ignored' in decision) return webhookIgnored(event, decision.ignored)
  const data = { ...decision.review, deliveryId }
  const jobId = reviewJobId(data)
  await enqueueReview(data, jobId, { debounce: true })
  return webhookQueued(event, deliveryId, jobId, data.trigger)
}

async function _comment(event: H3Event, payload: unknown, deliveryId: string) {
  const decision = decideCommand(parseOr400(IssueCommentEventSchema, payload, 'payload'))
  if ('ignored' in decision) return webhookIgnored(event, decision.ignored)
  const jobId = await enqueueCommand({ ...decision.command, deliveryId })
  return webhookQueued(event, deliveryId, jobId, commandTrigger(decision.command))
}
