import { Worker, type Processor } from 'bullmq'
import { consola } from 'consola'
import { retryBackoff } from './errors'

/**
 * A BullMQ worker as every Revue queue runs it. Its own connection never gives up on a command
 * (`maxRetriesPerRequest: null`), so a Redis restart pauses jobs instead of failing them; a worker that dies mid-job
 * stops renewing its lock, and after `NUXT_WORKER_LOCK_MS` another worker takes the job over; retries wait as long as
 * GitHub or Gemini asked.
 */
export function createQueueWorker<Data, Result>(queue: string, processor: Processor<Data, Result>, options: { concurrency: number, tag: string }): Worker<Data, Result> {
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
  return worker
}
