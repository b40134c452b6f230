import type { JobEvent } from '#shared/schemas/api'
import type { CommandJobData, ReviewJobData } from '#shared/schemas/job'
import { commandJobId, repoKey } from './ids'
import { jobEventMessage } from './log'
import { commandJobOptions, reviewJobOptions, useCommandQueue, useReviewQueue } from './queues'

const INDEX_LENGTH = 200

/** The sorted set of a repository's job ids, newest last: BullMQ keeps no index by repository. */
export function repoIndexKey(repo: string): string {
  return `${redisPrefix()}:jobs:${repo.toLowerCase()}`
}

/**
 * Queues a review job (a no-op when the id exists), records it in the repository's index and tells live viewers.
 * Indexing and telling come first, so 'waiting' (or 'delayed' for the push debounce) always precedes the worker's
 * 'active'; an id whose job was never stored is dropped from the index when listed. 503 at once while Redis is down
 * or refuses: never a success for a job that was not stored (the producer connection does not queue commands).
 */
export function enqueueReview(data: ReviewJobData, jobId: string, options: { debounce?: boolean } = {}): Promise<void> {
  return _storedOr503(() => _enqueue(data, jobId, options.debounce ? useSettings().worker.debounceMs : 0))
}

/** Queues a `/revue` command (a no-op when the comment's job exists) and indexes it like a review; 503 likewise. */
export function enqueueCommand(data: CommandJobData): Promise<string> {
  const jobId = commandJobId(data)
  return _storedOr503(async () => {
    await _indexAndAnnounce(repoKey(data), { jobId, state: 'waiting' })
    await useCommandQueue().add('command', data, { ...commandJobOptions(), jobId })
    return jobId
  })
}

async function _storedOr503<T>(store: () => Promise<T>): Promise<T> {
  if (!isRedisReady()) throw createError({ statusCode: 503, message: 'Redis is unavailable: nothing was queued' })
  try {
    return await store()
  }
  catch (error) {
    throw createError({ statusCode: 503, message: `Redis refused the job: ${(error as Error).message}` })
  }
}

// NX: a duplicate delivery keeps the job's place in the index and is not announced again.
const INDEX_AND_ANNOUNCE = `
if redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2]) == 1 then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[3]) - 1)
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
`

/**
 * Records a job in its repository's index and tells live viewers how it waits, before the job is added.
 * One script, not ZADD then MULTI: every ioredis MULTI copies each script BullMQ defined on the connection
 * (bench/profile.ts showed it per delivery).
 */
async function _indexAndAnnounce(repo: string, event: JobEvent): Promise<void> {
  await useRedis().eval(INDEX_AND_ANNOUNCE, 1, repoIndexKey(repo), Date.now(), event.jobId, INDEX_LENGTH,
    ...jobEventMessage(redisPrefix(), repo, event))
}

async function _enqueue(data: ReviewJobData, jobId: string, debounceMs: number): Promise<void> {
  const repo = repoKey(data)
  await _indexAndAnnounce(repo, debounceMs ? { jobId, state: 'delayed', delay: { reason: 'debounce' } } : { jobId, state: 'waiting' })
  // A burst of pushes collapses into one review of the newest head: each job waits `debounceMs`, and a newer head's
  // job replaces the one still waiting (its id leaves the index when the index is next listed). The key expires before
  // the job's wait ends, so a push that arrives once the job runs always gets a job of its own.
  const debounce = debounceMs
    ? { delay: debounceMs, deduplication: { id: `${repo}#${data.prNumber}`.toLowerCase(), ttl: Math.max(1, debounceMs - DEBOUNCE_MARGIN_MS), extend: true, replace: true } }
    : {}
  await useReviewQueue().add('review', data, { ...reviewJobOptions(jobId), ...debounce })
}

const DEBOUNCE_MARGIN_MS = 250
