import { Worker, type Processor } from 'bullmq'
import { retryBackoff } from '../failures'

/**
 * A BullMQ worker as every Revue queue runs it (reviews, commands, maintenance): on its own connection, which never
 * gives up on a command (`maxRetriesPerRequest: null`), so a Redis restart pauses jobs instead of failing them; a
 * worker that dies mid-job stops renewing its lock, and after NUXT_WORKER_LOCK_MS another worker takes the job over;
 * retries wait as long as the failing service asked, else back off exponentially.
 */
export function createBullWorker<Data, Result>(queue: string, processor: Processor<Data, Result>, options: { concurrency: number, tag: string }): Worker<Data, Result> {
  const { worker: settings } = useSettings()
  const worker = new Worker<Data, Result>(queue, processor, {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: redisPrefix(),
    concurrency: options.concurrency,
    lockDuration: settings.lockMs,
    stalledInterval: settings.lockMs,
    settings: { backoffStrategy: retryBackoff(settings.backoffMs) },
  })
  logErrorsOnce(worker, options.tag)
  return worker
}
