// Refreshes the signed-in user's GitHub token before any request uses it, when it expires within 5 minutes.
const REFRESH_WINDOW_MS = 5 * 60 * 1000
const SKIPPED = /^\/(api\/(webhook|health|ready|_auth)|auth\/|metrics|_nuxt\/|__nuxt)/

export default defineEventHandler(async (event) => {
  // Without a session password sign-in is off, and there is no session to read.
  if (SKIPPED.test(event.path) || !appSettings().sessionPassword) return
  const session = await getUserSession(event)
  const tokens = session.secure
  if (!session.user || !tokens || tokens.expiresAt - Date.now() > REFRESH_WINDOW_MS) return
  try {
    const fresh = await refreshUserTokens(tokens)
    await replaceUserSession(event, { ...session, secure: fresh })
  }
  catch (error) {
    if (!(error instanceof RefreshRefusedError)) {
      // GitHub is unreachable: the current token may still work; an expired one cannot.
      if (tokens.expiresAt > Date.now()) return
      throw createError({ statusCode: 503, message: 'Cannot refresh your GitHub sign-in right now: try again in a moment' })
    }
    await clearUserSession(event)
    if (event.path.startsWith('/api/')) throw createError({ statusCode: 401, message: 'Your GitHub sign-in expired or was revoked: sign in again' })
    return sendRedirect(event, '/login?error=session-expired')
  }
})
