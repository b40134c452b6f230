// Sign-in, setup and the dashboard API are limited per client; the webhook is signed and its cost bounded by the queue,
// the health probes and /metrics are for machines, assets are static.
const SIGN_IN = /^\/(auth\/|setup(\/|\?|$)|api\/setup(\/|\?|$))/
const UNLIMITED = /^\/api\/(webhook|health|ready)(\/|\?|$)/

export default defineEventHandler(async (event) => {
  const path = event.path
  const bucket = SIGN_IN.test(path) ? 'sign-in' : path.startsWith('/api/') && !UNLIMITED.test(path) ? 'dashboard' : undefined
  if (!bucket) return
  const settings = rateLimitSettings()
  const limit = bucket === 'sign-in' ? settings.signIn : settings.dashboard
  // Requests Nuxt makes to itself while rendering have no connection and no client.
  const client = getClientAddress(event, settings.clientHeader)
  if (!limit || !client) return
  const verdict = await countRequest(bucket, client, limit, settings.windowMs)
  if (!verdict.limited) return
  setResponseHeader(event, 'retry-after', verdict.retryAfterSeconds)
  throw createError({ statusCode: 429, statusMessage: 'Too Many Requests', message: `Too many requests: try again in ${verdict.retryAfterSeconds} seconds` })
})
