import { consola } from 'consola'
import { startReviewWorker } from '../review/worker'

/** Runs the review worker in this process when NUXT_WORKER_ENABLED is true (the default) and a GitHub App is set up. */
export default defineNitroPlugin(() => {
  if (!useRuntimeConfig().worker.enabled) {
    consola.info('[worker] NUXT_WORKER_ENABLED=false: this process only receives webhooks')
    return
  }
  if (needsSetup()) {
    consola.info('[worker] waiting for the GitHub App to be set up')
    return
  }
  startReviewWorker()
})
