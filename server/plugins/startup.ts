/** Checks the settings this process needs, starts the embedded Redis when NUXT_REDIS_URL is unset, and closes everything on shutdown. */
export default defineNitroPlugin((nitroApp) => {
  const { redis, worker } = useRuntimeConfig()
  checkSettings(Boolean(worker.enabled))
  if (!redis.url) startEmbeddedRedis(redis.dataDir)
  // Connect now, not on the first delivery, so the first one is not answered 503.
  useRedis()
  nitroApp.hooks.hook('close', async () => {
    await closeRedis()
    await stopEmbeddedRedis()
  })
})
