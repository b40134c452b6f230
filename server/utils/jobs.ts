import type { H3Event } from 'h3'
import type { Job } from 'bullmq'
import type { JobState, JobSummary } from '#shared/schemas/api'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'

const INDEX_LENGTH = 200

/** The sorted set of a repository's job ids, newest last: BullMQ keeps no index by repository. */
function _indexKey(repo: string): string {
  return `${useRuntimeConfig().redis.prefix}:jobs:${repo.toLowerCase()}`
}

/**
 * Queues a review job (a no-op when the id exists), records it in the repository's index and tells live viewers.
 * Indexing and telling come first, so 'waiting' always precedes the worker's 'active'; an id whose job was never
 * stored is dropped from the index when listed. 503 at once while Redis is down or refuses: never a success for a
 * job that was not stored (the producer connection does not queue commands).
 */
export async function enqueueReview(data: ReviewJobData, jobId: string): Promise<void> {
  if (!isRedisReady()) throw createError({ statusCode: 503, message: 'Redis is unavailable: nothing was queued' })
  try {
    await _enqueue(data, jobId)
  }
  catch (error) {
    throw createError({ statusCode: 503, message: `Redis refused the job: ${(error as Error).message}` })
  }
}

async function _enqueue(data: ReviewJobData, jobId: string): Promise<void> {
  const repo = `${data.owner}/${data.repo}`
  // NX: a duplicate delivery keeps the job's place in the index and is not announced again. Trim and announce go
  // in one round trip.
  if (await useRedis().zadd(_indexKey(repo), 'NX', Date.now(), jobId)) {
    await useRedis().multi()
      .zremrangebyrank(_indexKey(repo), 0, -INDEX_LENGTH - 1)
      .publish(...jobEventMessage(useRuntimeConfig().redis.prefix, repo, { jobId, state: 'waiting' }))
      .exec()
  }
  await useReviewQueue().add('review', data, reviewJobOptions(jobId))
}

/** The repository's most recent jobs, newest first; ids whose job BullMQ has trimmed are dropped from the index. */
export async function listRepoJobs(repo: string, limit = 50): Promise<JobSummary[]> {
  const ids = await useRedis().zrevrange(_indexKey(repo), 0, limit - 1)
  const jobs = await Promise.all(ids.map(id => useReviewQueue().getJob(id)))
  const gone = ids.filter((_, index) => !jobs[index])
  if (gone.length) await useRedis().zrem(_indexKey(repo), ...gone)
  return Promise.all(jobs.filter(job => job !== undefined).map(async job => summarizeJob(job, await job.getState() as JobState)))
}

/** A job as the dashboard shows it. */
export function summarizeJob(job: Job<ReviewJobData, ReviewOutcome>, state: JobState): JobSummary {
  const startedAt = job.processedOn ?? undefined
  const finishedAt = job.finishedOn ?? undefined
  return {
    id: job.id!,
    repo: `${job.data.owner}/${job.data.repo}`,
    prNumber: job.data.prNumber,
    title: job.data.title ?? '',
    headSha: job.data.headSha,
    trigger: job.data.trigger,
    state,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: job.timestamp,
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? finishedAt - startedAt : undefined,
    outcome: state === 'completed' ? job.returnvalue ?? undefined : undefined,
    failedReason: job.failedReason || undefined,
  }
}

/** The repository a job id names (`owner/repo#number@sha`), lowercased. */
export function repoOfJobId(id: string): string {
  return id.split('#')[0] ?? ''
}

/**
 * The job, after checking the user's access to the repository its id names (403 before anything is looked up),
 * or 404 when it does not exist.
 */
export async function requireJob(event: H3Event, id: string, level: Permission) {
  const repo = parseOr400(RepoNameSchema, repoOfJobId(id), 'job id')
  const permission = await requireRepoAccess(event, repo, level)
  const job = await useReviewQueue().getJob(id) as Job<ReviewJobData, ReviewOutcome> | undefined
  if (!job || `${job.data.owner}/${job.data.repo}`.toLowerCase() !== repo) throw createError({ statusCode: 404, message: `No job ${id}` })
  return { job, permission }
}
