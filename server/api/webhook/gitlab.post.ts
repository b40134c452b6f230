import { createHash, timingSafeEqual } from 'node:crypto'
import type { H3Event } from 'h3'
import { gitlabIdentity } from '../../forges/gitlab/app'
import { decideNoteEvent, NoteEventSchema } from '../../forges/gitlab/note-event'
import { decideMergeRequestEvent, MergeRequestEventSchema } from '../../forges/gitlab/webhook-event'
import { enqueueCommand, enqueueReview } from '../../jobs/enqueue'
import { reviewJobId } from '../../jobs/ids'
import { commandTrigger } from '../../jobs/summaries'

/**
 * GitLab webhook deliveries (a project's or group's webhook): the secret token checked, merge request and note events
 * turned into at most one review job per head commit, or one command job per `/revue` note. GitLab disables a hook
 * that keeps failing, so whatever is understood and ignored gets a 2xx; a wrong token 401; 503 only while Redis is down.
 */
export default defineEventHandler(async (event) => {
  const { gitlab, webhook } = useSettings()
  if (!gitlab.webhookSecret || !gitlab.token) throw createError({ statusCode: 401, message: 'GitLab is not set up on this Revue: set NUXT_GITLAB_TOKEN and NUXT_GITLAB_WEBHOOK_SECRET' })
  if (!_sameSecret(getRequestHeader(event, 'x-gitlab-token'), gitlab.webhookSecret)) {
    throw createError({ statusCode: 401, message: 'X-Gitlab-Token is missing or wrong: it must equal NUXT_GITLAB_WEBHOOK_SECRET' })
  }
  const raw = (await readCappedBody(event, webhook.maxBodyBytes)).toString('utf8')
  const payload = parseJsonOr400(raw)
  const name = getRequestHeader(event, 'x-gitlab-event') ?? ''
  // Idempotency-Key is the same across retries of one delivery; X-Gitlab-Event-UUID may be shared by chained hooks.
  const deliveryId = getRequestHeader(event, 'idempotency-key') || getRequestHeader(event, 'x-gitlab-event-uuid') || `gitlab-${Date.now().toString(36)}`
  setResponseStatus(event, 202)
  if (name === 'Merge Request Hook') return _mergeRequest(event, payload, deliveryId)
  if (name === 'Note Hook') return _note(event, payload, deliveryId)
  return webhookIgnored(event, `event '${name}' is not handled`)
})

async function _mergeRequest(event: H3Event, payload: unknown, deliveryId: string) {
  const decision = decideMergeRequestEvent(parseOr400(MergeRequestEventSchema, payload, 'payload'), await gitlabIdentity())
  if ('ignored' in decision) return webhookIgnored(event, decision.ignored)
  const { projectId, projectPath, iid, headSha, title, trigger } = decision.review
  const data = { forge: 'gitlab' as const, installationId: projectId, ..._split(projectPath), prNumber: iid, headSha, title, trigger, deliveryId }
  const jobId = reviewJobId(data)
  await enqueueReview(data, jobId, { debounce: true })
  return webhookQueued(event, deliveryId, jobId, trigger)
}

async function _note(event: H3Event, payload: unknown, deliveryId: string) {
  const decision = decideNoteEvent(parseOr400(NoteEventSchema, payload, 'payload'), await gitlabIdentity())
  if ('ignored' in decision) return webhookIgnored(event, decision.ignored)
  const { projectId, projectPath, iid, noteId, author, command, unknown, title } = decision.command
  const data = { forge: 'gitlab' as const, installationId: projectId, ..._split(projectPath), prNumber: iid, commentId: noteId, author, command, ...(unknown ? { unknown } : {}), title, deliveryId }
  const jobId = await enqueueCommand(data)
  return webhookQueued(event, deliveryId, jobId, commandTrigger(data))
}

/** `group/sub/project` as a job names it: the namespace, and the project's own path. */
function _split(projectPath: string): { owner: string, repo: string } {
  const slash = projectPath.lastIndexOf('/')
  return { owner: projectPath.slice(0, slash), repo: projectPath.slice(slash + 1) }
}

// Compared as digests, so neither the length nor the bytes of the secret leak through timing.
function _sameSecret(given: string | undefined, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return given !== undefined && timingSafeEqual(digest(given), digest(secret))
}
