import { consola } from 'consola'
import { startReviewWorker } from '../jobs/workers/review'
import { needsSetup } from '../auth/app-credentials'
import { apiKeySetting, needsModelKey, serverModel } from '../models/settings'
import { whenSetupComplete } from '../auth/setup-state'

/**
 * Runs the review worker in this process when NUXT_WORKER_ENABLED is true (the default), as soon as a GitHub App and a
 * model API key are configured: at start-up, or when the setup page (of this process or another) completes the setup.
 */
export default defineNitroPlugin(() => {
  if (!useSettings().worker.enabled) {
    consola.info('[worker] NUXT_WORKER_ENABLED=false: this process only receives webhooks')
    return
  }
  if (needsSetup()) consola.info('[worker] waiting for the GitHub App to be set up')
  else if (needsModelKey()) consola.info(`[worker] waiting for a model API key: set ${apiKeySetting(serverModel().provider)}, or give it on the setup page`)
  whenSetupComplete(() => startReviewWorker())
})
