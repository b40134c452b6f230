import { randomBytes } from 'node:crypto'
import { deleteToken } from '@octokit/oauth-methods'
import { request } from '@octokit/request'
import { consola } from 'consola'
import type { SecureSessionData } from '#auth-utils'
import { appSettings } from './app-credentials'

/** Why a session ended: the user signed out, or GitHub refused its refresh token (used, expired or revoked). */
export type SessionEnd = 'signed-out' | 'expired'

/** What a session's channel carries to its open streams, in every process. */
export interface SessionMessage {
  ended?: SessionEnd
  refreshed?: boolean
}

const REVOKE_TIMEOUT_MS = 5000

function _endedKey(sessionId: string): string {
  return `${redisPrefix()}:session:ended:${sessionId}`
}

/** The pub/sub channel of one session. */
export function sessionChannel(sessionId: string): string {
  return `${redisPrefix()}:session:${sessionId}`
}

/** A new id for a sign-in; it stays the same through token refreshes. */
export function newSessionId(): string {
  return randomBytes(16).toString('hex')
}

/** Why the session ended, or null while it lives. A session without an id (signed in before ids existed) has ended. */
export async function getSessionEnd(sessionId: string | undefined): Promise<SessionEnd | null> {
  if (!sessionId) return 'expired'
  return await useRedis().get(_endedKey(sessionId)) as SessionEnd | null
}

/**
 * Ends a session everywhere, once: marks its id ended in Redis for as long as a copy of its cookie could live
 * (NUXT_SESSION_MAX_AGE), tells its open streams, and revokes its GitHub token. Redis down: the token is still revoked.
 */
export async function endSession(secure: SecureSessionData, why: SessionEnd): Promise<void> {
  const maxAge = useSettings().session.maxAge || 604_800
  const first = await useRedis().set(_endedKey(secure.sessionId), why, 'EX', maxAge, 'NX').then(
    async (set) => {
      if (set) await useRedis().publish(sessionChannel(secure.sessionId), JSON.stringify({ ended: why } satisfies SessionMessage))
      return Boolean(set)
    },
    (error: Error) => {
      consola.error(`[session] cannot record a session's end in Redis: ${error.message}`)
      return true
    },
  )
  if (first) await (secure.forge === 'gitlab' ? _revokeGitLabToken(secure.accessToken) : _revokeToken(secure.accessToken))
}

/** Tells a session's open streams that its token pair was refreshed (they pick the new one up and re-check access). */
export async function announceRefresh(sessionId: string): Promise<void> {
  await useRedis().publish(sessionChannel(sessionId), JSON.stringify({ refreshed: true } satisfies SessionMessage)).catch(() => {})
}

async function _revokeGitLabToken(token: string): Promise<void> {
  const { gitlab, oauth } = useSettings()
  const revoked = await fetch(`${gitlab.url.replace(/\/+$/, '')}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, client_id: oauth.gitlab.clientId, client_secret: oauth.gitlab.clientSecret }),
    signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
  }).then(response => response.ok, () => false)
  // The session is over either way; the token then lives out its own lifetime (two hours) on GitLab.
  if (!revoked) consola.warn('[session] GitLab did not revoke the token of an ended session')
}

async function _revokeToken(token: string): Promise<void> {
  const { github } = useSettings()
  const { clientId, clientSecret } = appSettings()
  try {
    await deleteToken({
      clientType: 'github-app',
      clientId,
      clientSecret,
      token,
      request: request.defaults({ baseUrl: github.apiUrl, request: { signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS) } }),
    })
  }
  catch (error) {
    // The session is over either way; the token then lives out its own lifetime (8 hours) on GitHub.
    consola.warn(`[session] GitHub did not revoke the token of an ended session: ${(error as Error).message}`)
  }
}
