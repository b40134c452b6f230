import { hasForge, isSetupComplete } from '../auth/setup-state'
import { SETUP_TOKEN_COOKIE, requireSetupToken } from '../auth/setup-token'
// Until a GitHub App is configured every page leads to /setup, which opens only with the setup token. Once the App
// exists the pages work (sign-in, dashboard) and /setup stays open, with the token, for the model API key; once the
// setup is complete, /setup leads home.
// /__nuxt_error is where Nuxt renders error pages, the 403 below included.
const PASS = /^\/(api|_nuxt|__nuxt|__nuxt_error|auth|metrics)([/?]|$)/

export default defineEventHandler((event) => {
  if (PASS.test(event.path)) return
  const onSetup = getRequestURL(event).pathname === '/setup'
  if (isSetupComplete()) return onSetup ? sendRedirect(event, '/') : undefined
  if (!onSetup) return hasForge() ? undefined : sendRedirect(event, '/setup')
  const { token } = getQuery(event)
  if (token === undefined) return requireSetupToken(event)
  requireSetupToken(event, token)
  // Kept in an HTTP-only cookie for the setup API and GitHub's redirect back; the redirect drops it from the address
  // bar, the history and any Referer.
  setCookie(event, SETUP_TOKEN_COOKIE, String(token), { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 3600, secure: getRequestProtocol(event) === 'https' })
  return sendRedirect(event, '/setup')
})
