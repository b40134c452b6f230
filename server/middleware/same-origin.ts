// State-changing requests from the dashboard must come from its own origin (webhooks are signed instead).
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export default defineEventHandler((event) => {
  if (SAFE.has(event.method) || event.path.startsWith('/api/webhook')) return
  const origin = getRequestHeader(event, 'origin') ?? getRequestHeader(event, 'referer')
  const host = getRequestHeader(event, 'x-forwarded-host') ?? getRequestHeader(event, 'host')
  // A malformed Origin is refused like a foreign one, not answered with a 500.
  if (!origin || !host || !URL.canParse(origin) || new URL(origin).host !== host) {
    throw createError({ statusCode: 403, message: 'Cross-origin request refused: state-changing requests must come from the dashboard itself' })
  }
})
