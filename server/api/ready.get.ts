/** Readiness: 200 when this process can queue deliveries (Redis answers), 503 otherwise. */
export default defineEventHandler(async () => {
  const redis = isRedisReady() && await useRedis().ping().then(() => true, () => false)
  if (!redis) throw createError({ statusCode: 503, message: 'Redis is unavailable' })
  return { redis: 'ready' }
})
