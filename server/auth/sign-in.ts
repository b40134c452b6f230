import type { H3Event } from 'h3'
import { consola } from 'consola'
import type { User } from '#auth-utils'
import { newSessionId } from './sessions'

/** What a forge's OAuth token endpoint granted: GitHub App and GitLab tokens also carry a refresh token and a lifetime. */
interface Granted {
  access_token: string
  refresh_token?: string
  expires_in?: number | string
}

/**
 * Starts the session of a user a forge signed in, their tokens in the sealed cookie's server-only part, and goes home.
 * A token without a lifetime (a GitHub App with token expiration off) is never refreshed.
 */
export async function startUserSession(event: H3Event, user: User, tokens: Granted) {
  await setUserSession(event, {
    user,
    secure: {
      sessionId: newSessionId(),
      ...(user.forge ? { forge: user.forge } : {}),
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? '',
      expiresAt: tokens.expires_in ? Date.now() + Number(tokens.expires_in) * 1000 : Number.MAX_SAFE_INTEGER,
    },
    loggedInAt: Date.now(),
  })
  return sendRedirect(event, '/')
}

/** A failed sign-in: the page shows a fixed text per code; what the forge said goes to the log only. */
export function signInFailed(event: H3Event, error: { message: string, data?: unknown }, forge: string) {
  consola.warn(`[auth] sign-in with ${forge} failed: ${error.message}`)
  const denied = (error.data as { error?: unknown } | undefined)?.error === 'access_denied'
  return sendRedirect(event, `/login?error=${denied ? 'access-denied' : 'sign-in-failed'}`)
}
