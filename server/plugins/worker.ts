import { consola } from 'consola'
import { createReviewWorker } from '../review/worker'

/** Runs the review worker in this process when NUXT_WORKER_ENABLED is true (the default). */
export default defineNitroPlugin(() => {
  const { worker: settings } = useRuntimeConfig()
  if (!settings.enabled) {
    consola.info('[worker] NUXT_WORKER_ENABLED=false: this process only receives webhooks')
    return
  }
  const worker = createReviewWorker()
  // Active jobs finish (or go back to the queue) before the Redis connections close.
  onRedisDrain(() => worker.close())
  consola.info(`[worker] reviewing pull requests, ${settings.concurrency} at a time`)
})
