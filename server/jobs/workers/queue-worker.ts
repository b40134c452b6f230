import { DelayedError, Worker, type Job } from 'bullmq'
import { consola } from 'consola'
import type { JobState } from '#shared/schemas/api'
import { jobDelay } from '../delay'
import type { JobLogger } from '../log'
import { classifyError, retryBackoff } from '../failures'
import { createJobLogger, publishJobEvent } from '../log'

/** What every Revue job carries: the repository whose live viewers hear of it. */
interface RepoJobData { owner: string, repo: string }

/** Works on one job, writing to its log; throws to fail the attempt. */
export type JobProcessor<Data, Result> = (job: Job<Data, Result>, log: JobLogger, token?: string) => Promise<Result>

/**
 * A BullMQ worker as every Revue queue runs it. Its own connection never gives up on a command
 * (`maxRetriesPerRequest: null`), so a Redis restart pauses jobs instead of failing them; a worker that dies mid-job
 * stops renewing its lock, and after `NUXT_WORKER_LOCK_MS` another worker takes the job over; retries wait as long as
 * GitHub or Gemini asked. Each job has its live log, which ends with the reason of a failed attempt (a permanent one
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
  const worker = new Worker<Data, Result>(queue, async (job, token) => {
    const log = createJobLogger(useWorkerRedis(), {
      prefix: redisPrefix(),
      jobId: job.id!,
      repo: `${job.data.owner}/${job.data.repo}`,
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
  }, {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: redisPrefix(),
    concurrency: options.concurrency,
    lockDuration: config.worker.lockMs,
    stalledInterval: config.worker.lockMs,
    settings: { backoffStrategy: retryBackoff(config.worker.backoffMs) },
  })
  logErrorsOnce(worker, options.tag)
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
  await publishJobEvent(useWorkerRedis(), redisPrefix(), `${job.data.owner}/${job.data.repo}`, { jobId: job.id!, state, ...(delay ? { delay } : {}) }).catch(() => {})
}
