import { Worker, type Job, type Processor } from 'bullmq'
import { consola } from 'consola'
import { retryBackoff } from './errors'

/** What every Revue job carries: the repository whose live viewers hear of it. */
interface RepoJobData { owner: string, repo: string }

/**
 * A BullMQ worker as every Revue queue runs it. Its own connection never gives up on a command
 * (`maxRetriesPerRequest: null`), so a Redis restart pauses jobs instead of failing them; a worker that dies mid-job
 * stops renewing its lock, and after `NUXT_WORKER_LOCK_MS` another worker takes the job over; retries wait as long as
 * GitHub or Gemini asked. Live viewers of the job's repository learn each state change (a failed attempt that will
 * be retried is 'delayed', not 'failed'); `onFinished` sees each job that completed or failed for good.
 */
export function createQueueWorker<Data extends RepoJobData, Result>(
  queue: string,
  processor: Processor<Data, Result>,
  options: { concurrency: number, tag: string, onFinished?: (job: Job<Data, Result>, state: 'completed' | 'failed') => void },
): Worker<Data, Result> {
  const config = useRuntimeConfig()
  const worker = new Worker<Data, Result>(queue, processor, {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: config.redis.prefix,
    concurrency: options.concurrency,
    lockDuration: Number(config.worker.lockMs),
    stalledInterval: Number(config.worker.lockMs),
    settings: { backoffStrategy: retryBackoff(Number(config.worker.backoffMs)) },
  })
  logErrorsOnce(worker, options.tag)
  worker.on('failed', (job, error) => {
    if (job) consola.withTag(job.id ?? options.tag).warn(`failed (attempt ${job.attemptsMade} of ${job.opts.attempts}): ${error.message}`)
  })
  for (const event of ['active', 'completed', 'failed'] as const) {
    worker.on(event, async (job?: Job<Data, Result>) => {
      if (!job?.id) return
      const state = event === 'failed' ? await job.getState() : event
      if (state === 'completed' || state === 'failed') options.onFinished?.(job, state)
      await publishJobEvent(useRedis(), config.redis.prefix, `${job.data.owner}/${job.data.repo}`, { jobId: job.id, state }).catch(() => {})
    })
  }
  return worker
}
