import { DelayedError, type Job, type Worker } from 'bullmq'
import { consola } from 'consola'
import type { JobState } from '#shared/schemas/api'
import type { ForgeName } from '#shared/schemas/job'
import { jobDelay } from '../delay'
import { classifyError } from '../failures'
import { createJobLogger, publishJobEvent, type JobLogger } from '../log'
import { repoKey } from '../ids'
import { createBullWorker } from './bull-worker'

/** What every Revue job carries: the repository whose live viewers hear of it. */
interface RepoJobData { forge?: ForgeName, owner: string, repo: string }

/** Works on one job, writing to its log; throws to fail the attempt. */
export type JobProcessor<Data, Result> = (job: Job<Data, Result>, log: JobLogger, token?: string) => Promise<Result>

/**
 * The worker of a queue of jobs about a pull request (bull-worker.ts says how it runs). Each job has its live log, which ends with the reason of a failed attempt (a permanent one
 * says what to fix). Live viewers of the job's repository learn each state change (a failed attempt that will be
 * retried is 'delayed', not 'failed', and a delayed job's event says why it waits); a processor that puts its job
 * aside throws DelayedError; `onFinished` sees each job that completed or failed for good.
 */
export function createQueueWorker<Data extends RepoJobData, Result>(
  queue: string,
  processor: JobProcessor<Data, Result>,
  options: { concurrency: number, tag: string, onFinished?: (job: Job<Data, Result>, state: 'completed' | 'failed') => void },
): Worker<Data, Result> {
  const config = useSettings()
  const worker = createBullWorker<Data, Result>(queue, async (job, token) => {
    const log = createJobLogger(useWorkerRedis(), {
      prefix: redisPrefix(),
      jobId: job.id!,
      repo: repoKey(job.data),
      maxLines: config.worker.logRetention,
    })
    try {
      return await processor(job, log, token)
    }
    catch (error) {
      if (error instanceof DelayedError) {
        await _publishState(job, 'delayed')
        throw error
      }
      const classified = classifyError(error)
      // The failure is what matters: a log line Redis refuses must not replace it.
      await log.error(classified.message, { permanent: classified.name === 'UnrecoverableError' }).catch(() => {})
      throw classified
    }
  }, options)
  worker.on('failed', (job, error) => {
    if (job) consola.withTag(job.id ?? options.tag).warn(`failed (attempt ${job.attemptsMade} of ${job.opts.attempts}): ${error.message}`)
  })
  for (const event of ['active', 'completed', 'failed'] as const) {
    worker.on(event, async (job?: Job<Data, Result>) => {
      if (!job?.id) return
      const state = event === 'failed' ? await job.getState() as JobState : event
      if (state === 'completed' || state === 'failed') options.onFinished?.(job, state)
      await _publishState(job, state)
    })
  }
  return worker
}

/** Tells the job's live viewers its new state; a lost event only delays their refresh, so it never fails the job. */
async function _publishState(job: Job<RepoJobData>, state: JobState): Promise<void> {
  const delay = state === 'delayed' ? jobDelay(job) : undefined
  await publishJobEvent(useWorkerRedis(), redisPrefix(), repoKey(job.data), { jobId: job.id!, state, ...(delay ? { delay } : {}) }).catch(() => {})
}
