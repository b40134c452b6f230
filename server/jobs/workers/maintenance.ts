import { Queue } from 'bullmq'
import { consola } from 'consola'
import { pluralize } from '#shared/utils/plural'
import { redeliverMissedWebhooks } from '../../forges/github/redelivery'
import { useGitHubApp } from '../../forges/github/app'
import { createBullWorker } from './bull-worker'

const MAINTENANCE_QUEUE = 'maintenance'

/**
 * Schedules the redelivery of missed webhooks every NUXT_WORKER_REDELIVERY_MS (0: off) and works on it. Every
 * worker process upserts the same BullMQ job scheduler, so one run happens per interval across all of them.
 */
export async function startMaintenance(): Promise<void> {
  const { worker } = useSettings()
  const every = worker.redeliveryMs
  if (!every) return
  // Tagged here, not at import: a logger made before the logging plugin runs keeps consola's default reporter.
  const log = consola.withTag('redelivery')
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: createRedis({ maxRetriesPerRequest: null }), prefix: redisPrefix() })
  logErrorsOnce(queue, 'maintenance')
  const runner = createBullWorker(MAINTENANCE_QUEUE, async () => {
    const result = await redeliverMissedWebhooks(useGitHubApp().octokit, useWorkerRedis(), { prefix: redisPrefix(), lockSeconds: Math.ceil(every / 1000) * 3 })
    if (result.redelivered.length) log.info(`asked GitHub to redeliver ${pluralize(result.redelivered.length, 'missed delivery', 'missed deliveries')}: ${result.redelivered.join(', ')}`)
    return result
  }, { concurrency: 1, tag: 'maintenance' })
  onRedisDrain(() => Promise.all([runner.close(), queue.close()]))
  await queue.upsertJobScheduler('redeliver-missed-webhooks', { every }, {
    name: 'redeliver',
    opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
  })
}
