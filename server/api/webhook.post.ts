import { consola } from 'consola'
import { z } from 'zod'
import { decideReview, PullRequestEventSchema } from '../github/webhook-event'

const HeadersSchema = z.object({
  'x-github-event': z.string().min(1, 'is required'),
  'x-github-delivery': z.string().min(1, 'is required'),
})

/** GitHub webhook deliveries: verified, filtered, and turned into at most one review job per head commit. */
export default defineEventHandler(async (event) => {
  if (needsSetup()) throw createError({ statusCode: 503, message: 'Revue is not set up yet: open /setup to create its GitHub App' })
  const { webhook } = useRuntimeConfig(event)
  const signature = getRequestHeader(event, 'x-hub-signature-256')
  if (!signature) throw createError({ statusCode: 401, message: 'Missing X-Hub-Signature-256: set a webhook secret on the GitHub App and in NUXT_GITHUB_WEBHOOK_SECRET' })
  const raw = (await readCappedBody(event, Number(webhook.maxBodyBytes))).toString('utf8')
  if (!await useWebhooks().verify(raw, signature).catch(() => false)) {
    throw createError({ statusCode: 401, message: 'Signature mismatch: NUXT_GITHUB_WEBHOOK_SECRET must equal the GitHub App\'s webhook secret' })
  }
  const headers = parseOr400(HeadersSchema, getRequestHeaders(event), 'headers')
  const payload = parseJsonOr400(raw)
  const name = headers['x-github-event']
  if (name === 'ping') return { ok: true }
  setResponseStatus(event, 202)
  if (name !== 'pull_request') {
    event.context.webhookResult = 'ignored'
    return { ignored: `event '${name}' is not handled` }
  }

  const decision = await decideReview(parseOr400(PullRequestEventSchema, payload, 'payload'), getAppSlug)
  if ('ignored' in decision) {
    event.context.webhookResult = 'ignored'
    return decision
  }
  const data = { ...decision.review, deliveryId: headers['x-github-delivery'] }
  const jobId = reviewJobId(data)
  await enqueueReview(data, jobId)
  event.context.webhookResult = 'queued'
  consola.withTag(data.deliveryId).info(`queued ${jobId} (${data.trigger})`)
  return { queued: jobId }
})
