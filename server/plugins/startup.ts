/**
 * Loads the App credentials the setup page stored, checks the settings this process needs, starts the embedded Redis
 * when neither NUXT_REDIS_URL nor NUXT_REDIS_CLUSTER_NODES is set, and closes everything on shutdown.
 */
export default defineNitroPlugin((nitroApp) => {
  const { redis, worker } = useRuntimeConfig()
  deriveSessionPassword()
  const stored = readStoredCredentials()
  if (stored) applyCredentials(stored)
  checkSettings(Boolean(worker.enabled))
  if (needsSetup()) announceSetup()
  else discardSetupToken()
  if (!redis.url && !clusterNodes(redis.clusterNodes)) startEmbeddedRedis(redis.dataDir)
  // Connect now, not on the first delivery, so the first one is not answered 503.
  useRedis()
  // Nitro waits for open connections before its close hook: end live streams as soon as the signal comes.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, closeEventStreams)
  onRedisDrain(async () => closeEventStreams())
  nitroApp.hooks.hook('close', async () => {
    await closeRedis()
    await stopEmbeddedRedis()
  })
})
