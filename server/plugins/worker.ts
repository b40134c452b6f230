import { consola } from 'consola'
import { startReviewWorker } from '../jobs/workers/review'
import { apiKeySetting, needsModelKey, serverModel } from '../models/settings'
import { hasForge, whenSetupComplete } from '../auth/setup-state'

/**
 * Runs the review worker in this process when NUXT_WORKER_ENABLED is true (the default), as soon as a forge (a GitHub
 * App, or GitLab) and a model API key are configured: at start-up, or when the setup page (of this process or another) completes the setup.
 */
export default defineNitroPlugin(() => {
  if (!useSettings().worker.enabled) {
    consola.info('[worker] NUXT_WORKER_ENABLED=false: this process only receives webhooks')
    return
  }
  if (!hasForge()) consola.info('[worker] waiting for the GitHub App to be set up (or NUXT_GITLAB_TOKEN)')
  else if (needsModelKey()) consola.info(`[worker] waiting for a model API key: set ${apiKeySetting(serverModel().provider)}, or give it on the setup page`)
  whenSetupComplete(() => startReviewWorker())
})
