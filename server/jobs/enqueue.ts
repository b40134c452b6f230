import type { H3Event } from 'h3'
import type { Job, Queue } from 'bullmq'
import type { JobEvent, JobState, JobSummary } from '#shared/schemas/api'
import type { CommandJobData, CommandOutcome, ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { RepoNameSchema, requireRepoAccess, type Permission } from '../auth/access'
import { jobDelay } from './delay'
import { jobEventMessage } from './log'
import { commandJobId, commandJobOptions, commandTrigger, reviewJobOptions, useCommandQueue, useReviewQueue } from './queues'

const INDEX_LENGTH = 200

/** The sorted set of a repository's job ids, newest last: BullMQ keeps no index by repository. */
function _indexKey(repo: string): string {
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
    await _indexAndAnnounce(`${data.owner}/${data.repo}`, { jobId, state: 'waiting' })
    await useCommandQueue().add('command', data, { ...commandJobOptions(), jobId })
    return jobId
  })
}

/** Whether a job id names a `/revue` command (`owner/repo#number!commentId`) rather than a review. */
export function isCommandJobId(id: string): boolean {
  return id.includes('!')
}

/** The queue a job id belongs to. */
function _queueOf(id: string): Queue<ReviewJobData, ReviewOutcome> | Queue<CommandJobData, CommandOutcome> {
  return isCommandJobId(id) ? useCommandQueue() : useReviewQueue()
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
  await useRedis().eval(INDEX_AND_ANNOUNCE, 1, _indexKey(repo), Date.now(), event.jobId, INDEX_LENGTH,
    ...jobEventMessage(redisPrefix(), repo, event))
}

async function _enqueue(data: ReviewJobData, jobId: string, debounceMs: number): Promise<void> {
  const repo = `${data.owner}/${data.repo}`
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

/** The repository's most recent jobs, reviews and commands, newest first; ids whose job was trimmed are dropped. */
export async function listRepoJobs(repo: string, limit = 50): Promise<JobSummary[]> {
  const ids = await useRedis().zrevrange(_indexKey(repo), 0, limit - 1)
  const jobs = await Promise.all(ids.map(id => _getJob(id)))
  const gone = ids.filter((_, index) => !jobs[index])
  if (gone.length) await useRedis().zrem(_indexKey(repo), ...gone)
  return Promise.all(jobs.filter(job => job !== undefined).map(async job => summarizeJob(job, await job.getState() as JobState)))
}

type AnyJob = Job<ReviewJobData, ReviewOutcome> | Job<CommandJobData, CommandOutcome>

function _getJob(id: string): Promise<AnyJob | undefined> {
  return _queueOf(id).getJob(id)
}

/** A job as the dashboard shows it. */
export function summarizeJob(job: AnyJob, state: JobState): JobSummary {
  const startedAt = job.processedOn ?? undefined
  const finishedAt = job.finishedOn ?? undefined
  const common = {
    id: job.id!,
    repo: `${job.data.owner}/${job.data.repo}`,
    prNumber: job.data.prNumber,
    title: job.data.title ?? '',
    state,
    ...(state === 'delayed' ? { delay: jobDelay(job) } : {}),
    attemptsMade: job.attemptsMade,
    attempt: state === 'active' ? job.attemptsMade + 1 : job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: job.timestamp,
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? finishedAt - startedAt : undefined,
    failedReason: job.failedReason || undefined,
  }
  const done = state === 'completed'
  if (_isCommand(job)) {
    return { ...common, kind: 'command', trigger: commandTrigger(job.data), commandOutcome: done ? job.returnvalue ?? undefined : undefined }
  }
  return { ...common, kind: 'review', headSha: job.data.headSha, trigger: job.data.trigger, outcome: done ? job.returnvalue ?? undefined : undefined }
}

function _isCommand(job: AnyJob): job is Job<CommandJobData, CommandOutcome> {
  return isCommandJobId(job.id ?? '')
}

/** The repository a job id names (`owner/repo#number@sha` or `owner/repo#number!commentId`), lowercased. */
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
  const job = await _getJob(id)
  if (!job || `${job.data.owner}/${job.data.repo}`.toLowerCase() !== repo) throw createError({ statusCode: 404, message: `No job ${id}` })
  return { job, permission }
}
