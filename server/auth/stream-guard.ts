import type { StreamEnd } from '#shared/schemas/api'
import { watchRepoAccess } from './access-watch'
import { accessCacheMs } from './access'
import { isGitLabKey } from '../jobs/ids'
import { getSessionEnd, sessionChannel, type SessionMessage } from './sessions'
import { REFRESH_WINDOW_MS, getRefreshedTokens, type UserTokens } from './user-tokens'
import { subscribeLive } from '../jobs/live'

/** The session an open stream acts for. */
export interface StreamSession {
  userId: number
  sessionId: string
  tokens: UserTokens
}

// A stream of a GitLab project was opened by a GitLab sign-in.
const _forge = (repo: string) => (isGitLabKey(repo) ? 'GitLab' : 'GitHub')
const MESSAGES: Record<StreamEnd['reason'], (repo: string) => string> = {
  'access': repo => `You can no longer read ${repo}`,
  'signed-out': () => 'You signed out',
  'expired': repo => `Your ${_forge(repo)} sign-in expired or was revoked: sign in again`,
  'token-refused': repo => `${_forge(repo)} refused your sign-in: sign in again`,
}

/**
 * Keeps an open stream within what its user may still see. It ends with one last `end` event saying why when the
 * session ends (sign-out in any tab or process, a refused refresh), when GitHub refuses the session's token, or when
 * the re-check of the repository (every NUXT_ACCESS_CACHE_MS, and after each token refresh) finds it unreadable.
 * When its token nears expiry it closes without one: the browser reconnects, and that request refreshes the pair.
 * Returns the function that stops guarding.
 */
export async function guardStream(stream: EventStream, session: StreamSession, repo: string): Promise<() => void> {
  let tokens = session.tokens
  const usable = () => tokens.expiresAt - Date.now() > REFRESH_WINDOW_MS
  const end = (reason: StreamEnd['reason']) => {
    stream.send({ event: 'end', data: JSON.stringify({ reason, message: MESSAGES[reason](repo) } satisfies StreamEnd) })
    stream.close()
  }
  const watch = watchRepoAccess(session.userId, repo, {
    token: () => (usable() ? tokens.accessToken : undefined),
    lost: why => end(why === 'access' ? 'access' : 'token-refused'),
  })
  // The request that refreshed the pair handed it to its own browser; this stream reads it from Redis.
  const followRefresh = async () => {
    const fresh = await getRefreshedTokens(tokens).catch(() => null)
    if (fresh === 'refused') return end('expired')
    if (!fresh) return stream.close()
    tokens = fresh
    await watch.checkNow()
  }
  const unsubscribe = await subscribeLive<SessionMessage>(sessionChannel(session.sessionId), (message) => {
    if (message.ended) end(message.ended)
    else if (message.refreshed) void followRefresh()
  })
  // Also asked once a period, in case a message was missed while the subscriber reconnected.
  const checkSession = async () => {
    const ended = await getSessionEnd(session.sessionId).catch(() => null)
    if (ended) end(ended)
    return Boolean(ended)
  }
  const timer = setInterval(async () => {
    if (!await checkSession() && !usable()) stream.close()
  }, accessCacheMs())
  // A sign-out between the request's own check and the subscription above.
  await checkSession()
  return () => {
    clearInterval(timer)
    unsubscribe()
    watch.stop()
  }
}
