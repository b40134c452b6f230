import { z } from 'zod'
import { compareStreamIds } from '#shared/utils/stream-ids'
import { RepoNameSchema, requireRepoAccess, requireUserTokens } from '../../auth/access'
import { guardStream } from '../../auth/stream-guard'
import { repoOfJobId } from '../../jobs/ids'
import { subscribeLive, type LiveMessage } from '../../jobs/live'
import { readJobLog, repoLogChannel } from '../../jobs/log'

const QuerySchema = z.object({
  repo: RepoNameSchema,
  job: z.string().min(1).optional(),
})
const STREAM_ID = /^\d+-\d+$/

/**
 * Live log lines and job state changes of one repository (or one of its jobs) as Server-Sent Events, for users who
 * can read it, for as long as they can (`guardStream`). With `job`, Last-Event-ID replays the lines missed from the
 * job's stream before going live.
 */
export default defineEventHandler(async (event) => {
  const { repo, job } = await getValidatedQuery(event, QuerySchema.parse)
  await requireRepoAccess(event, repo)
  const { user, secure } = await requireUserTokens(event)
  if (job && repoOfJobId(job) !== repo.toLowerCase()) throw createError({ statusCode: 400, message: `Job ${job} is not a job of ${repo}` })
  // The shared config: useSettings() makes a copy that an open stream would hold (docs/performance.md).
  const prefix = redisPrefix()
  const lastEventId = getRequestHeader(event, 'last-event-id')
  let lastSent = lastEventId && STREAM_ID.test(lastEventId) ? lastEventId : undefined

  // Subscribed before the response starts, so a client that acts once the stream is open misses nothing; with `job`,
  // before the replay too, so no line falls between the replay and the live feed. Lines that come meanwhile wait.
  const pending: Array<[LiveMessage, string]> = []
  let ready = false
  const forward = (message: LiveMessage, raw: string) => {
    if (job && message.jobId !== job) return
    if (message.state) return stream.send({ event: 'job', data: raw })
    // A line already sent by the replay comes again from the channel: skip it.
    if (job && lastSent && message.id && compareStreamIds(message.id, lastSent) <= 0) return
    stream.send({ id: message.id, event: 'log', data: raw })
  }
  const unsubscribe = await subscribeLive(repoLogChannel(prefix, repo), (message, raw) => (ready ? forward(message, raw) : pending.push([message, raw])))
  const stream = openEventStream(event)
  stream.closed.then(unsubscribe)
  const unguard = await guardStream(stream, { userId: user.id, sessionId: secure.sessionId, tokens: secure }, repo)
  stream.closed.then(unguard)
  if (job) {
    for (const line of await readJobLog(useRedis(), prefix, job, lastSent)) {
      stream.send({ id: line.id, event: 'log', data: JSON.stringify(line) })
      lastSent = line.id
    }
  }
  ready = true
  for (const [message, raw] of pending.splice(0)) forward(message, raw)
  await stream.closed
})
