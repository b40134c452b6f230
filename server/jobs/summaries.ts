import type { Job, Queue } from 'bullmq'
import type { JobState, JobSummary } from '#shared/schemas/api'
import type { CommandJobData, CommandOutcome, ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { jobDelay } from './delay'
import { repoIndexKey } from './enqueue'
import { isCommandJobId, repoKey } from './ids'
import { useCommandQueue, useReviewQueue } from './queues'

/** The queue a job id belongs to. */
function _queueOf(id: string): Queue<ReviewJobData, ReviewOutcome> | Queue<CommandJobData, CommandOutcome> {
  return isCommandJobId(id) ? useCommandQueue() : useReviewQueue()
}

/**
 * The repository's most recent jobs, reviews and commands, newest first; ids whose job was trimmed are dropped.
 * `only` picks among the ids before any job is read.
 */
export async function listRepoJobs(repo: string, limit = 50, only: (id: string) => boolean = () => true): Promise<JobSummary[]> {
  const ids = (await useRedis().zrevrange(repoIndexKey(repo), 0, limit - 1)).filter(only)
  const jobs = await Promise.all(ids.map(id => getJob(id)))
  const gone = ids.filter((_, index) => !jobs[index])
  if (gone.length) await useRedis().zrem(repoIndexKey(repo), ...gone)
  return Promise.all(jobs.filter(job => job !== undefined).map(async job => summarizeJob(job, await job.getState() as JobState)))
}

type AnyJob = Job<ReviewJobData, ReviewOutcome> | Job<CommandJobData, CommandOutcome>

/** The job with this id, from the queue its id names. */
export function getJob(id: string): Promise<AnyJob | undefined> {
  return _queueOf(id).getJob(id)
}

/** A job as the dashboard shows it. */
export function summarizeJob(job: AnyJob, state: JobState): JobSummary {
  const startedAt = job.processedOn ?? undefined
  const finishedAt = job.finishedOn ?? undefined
  const common = {
    id: job.id!,
    repo: repoKey(job.data),
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
  return { ...common, kind: 'review', ...(job.data.shadow ? { shadow: true } : {}), headSha: job.data.headSha, trigger: job.data.trigger, outcome: done ? job.returnvalue ?? undefined : undefined }
}

function _isCommand(job: AnyJob): job is Job<CommandJobData, CommandOutcome> {
  return isCommandJobId(job.id ?? '')
}

/** How the dashboard and the logs name a command: `/revue summary by @login`. */
export function commandTrigger(data: Pick<CommandJobData, 'command' | 'unknown' | 'author'>): string {
  return `/revue ${data.unknown ?? data.command} by @${data.author}`
}
