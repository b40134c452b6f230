import { consola } from 'consola'
import { appSettings, checkSettings, deriveSessionPassword } from '../auth/app-credentials'
import { priceOverride } from '../models/settings'
import { isSetupComplete, loadStoredSettings, stopWatchingSetup, whenSetupComplete } from '../auth/setup-state'
import { announceSetup, discardSetupToken } from '../auth/setup-token'

/**
 * Loads what the setup page stored (the App's credentials, the model key), checks the settings this process needs,
 * opens the setup until both exist, starts the embedded Redis when neither NUXT_REDIS_URL nor NUXT_REDIS_CLUSTER_NODES
 * is set, and closes everything on shutdown.
 */
export default defineNitroPlugin((nitroApp) => {
  const { redis, worker, oauth } = useSettings()
  loadStoredSettings()
  // Sessions need a password from the first request on; a fully configured server without sign-in needs no secret key.
  if (!isSetupComplete() || appSettings().clientId || oauth.gitlab.clientId) deriveSessionPassword()
  checkSettings(Boolean(worker.enabled))
  // A bad NUXT_MODEL_PRICES stops the process here rather than failing every review.
  if (worker.enabled) priceOverride()
  if (isSetupComplete()) {
    discardSetupToken()
  }
  else {
    announceSetup()
    whenSetupComplete(() => consola.info('[setup] Revue is set up'))
  }
  if (!redis.url && !clusterNodes(redis.clusterNodes)) startEmbeddedRedis(embeddedRedisDir())
  // Connect now, not on the first delivery, so the first one is not answered 503.
  useRedis()
  // Nitro waits for open connections before its close hook: end live streams as soon as the signal comes.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, closeEventStreams)
  onRedisDrain(async () => closeEventStreams())
  nitroApp.hooks.hook('close', async () => {
    stopWatchingSetup()
    await closeRedis()
    await stopEmbeddedRedis()
  })
})
