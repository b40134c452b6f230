import type { H3Event } from 'h3'
import { appSettings } from '../auth/app-credentials'
import { getSessionEnd } from '../auth/sessions'
import { REFRESH_WINDOW_MS, RefreshRefusedError, refreshUserTokens } from '../auth/user-tokens'

// Before a request uses the session: refuses one that ended server-side (signed out, maybe in another browser that
// held a copy of the cookie), and refreshes the user's GitHub or GitLab token when it expires within REFRESH_WINDOW_MS
// (5 min).
const SKIPPED = /^\/(api\/(webhook|health|ready)|auth\/|metrics|_nuxt\/|__nuxt)/

export default defineEventHandler(async (event) => {
  // Without a session password sign-in is off, and there is no session to read.
  if (SKIPPED.test(event.path) || !appSettings().sessionPassword) return
  // Signing out works whatever state the session is in.
  if (event.method === 'DELETE' && event.path.startsWith('/api/_auth/session')) return
  const session = await getUserSession(event)
  const tokens = session.secure
  if (!session.user || !tokens) return
  const forge = tokens.forge === 'gitlab' ? 'GitLab' : 'GitHub'
  // Pages hold no data: their API calls (and the session the page asks for) are refused instead.
  if (event.path.startsWith('/api/')) await _requireLiveSession(event, tokens.sessionId, forge)
  if (event.path.startsWith('/api/_auth/') || tokens.expiresAt - Date.now() > REFRESH_WINDOW_MS) return
  try {
    const fresh = await refreshUserTokens(tokens, tokens.sessionId)
    await replaceUserSession(event, { ...session, secure: { ...tokens, ...fresh } })
  }
  catch (error) {
    if (!(error instanceof RefreshRefusedError)) {
      // GitHub (or GitLab) is unreachable: the current token may still work; an expired one cannot.
      if (tokens.expiresAt > Date.now()) return
      throw createError({ statusCode: 503, message: `Cannot refresh your ${forge} sign-in right now: try again in a moment` })
    }
    event.context.sessionEnd = 'expired'
    await clearUserSession(event)
    if (event.path.startsWith('/api/')) throw createError({ statusCode: 401, message: `Your ${forge} sign-in expired or was revoked: sign in again` })
    return sendRedirect(event, '/login?error=session-expired')
  }
})

async function _requireLiveSession(event: H3Event, sessionId: string | undefined, forge: string): Promise<void> {
  const ended = await getSessionEnd(sessionId).catch(() => {
    throw createError({ statusCode: 503, message: 'Cannot check your session right now (Redis is unreachable): try again in a moment' })
  })
  if (!ended) return
  await clearUserSession(event)
  throw createError({ statusCode: 401, message: ended === 'signed-out' ? 'This session was signed out: sign in again' : `Your ${forge} sign-in expired or was revoked: sign in again` })
}
