import { isReviewWorkerRunning } from '../jobs/workers/review'
import { needsSetup } from '../auth/app-credentials'
import { checkAppCredentials } from '../forges/github/app'

/**
 * Readiness: 200 when this process can do its work — Redis answers, the worker runs (when enabled) and GitHub
 * accepts the App's credentials — 503 with what is wrong otherwise. Before the setup, GitHub is only "not ready":
 * strangers are not told that the setup is open.
 */
export default defineEventHandler(async (event) => {
  const { worker } = useSettings()
  const checks = {
    redis: isRedisReady() ? await useRedis().ping().then(() => 'ok', () => 'unreachable') : 'unreachable',
    worker: worker.enabled ? (isReviewWorkerRunning() ? 'ok' : 'stopped') : 'disabled',
    // A server that reviews only on GitLab does not use GitHub.
    github: needsSetup() ? (useSettings().gitlab.token ? 'not used' : 'not ready') : worker.enabled ? await checkAppCredentials() : 'not checked',
  }
  const ready = checks.redis === 'ok' && checks.worker !== 'stopped' && ['ok', 'not checked', 'not used'].includes(checks.github)
  if (!ready) setResponseStatus(event, 503)
  return { ready, ...checks }
})
