import { timingSafeEqual } from 'node:crypto'

/** Prometheus metrics of this process, for `Authorization: Bearer <NUXT_METRICS_TOKEN>`. */
export default defineEventHandler(async (event) => {
  const { metrics } = useSettings()
  if (!metrics.token) throw createError({ statusCode: 404, message: 'Metrics are off: set NUXT_METRICS_TOKEN to turn them on' })
  const given = Buffer.from(getRequestHeader(event, 'authorization')?.replace(/^Bearer /i, '') ?? '')
  const expected = Buffer.from(metrics.token)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw createError({ statusCode: 401, message: 'Send Authorization: Bearer <NUXT_METRICS_TOKEN>' })
  }
  const { registry } = useMetrics()
  setResponseHeader(event, 'content-type', registry.contentType)
  return registry.metrics()
})
