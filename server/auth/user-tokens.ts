import { createHash } from 'node:crypto'
import { refreshToken } from '@octokit/oauth-methods'
import { request } from '@octokit/request'
import { RequestError } from '@octokit/request-error'
import { appSettings } from './app-credentials'
import { announceRefresh } from './sessions'

export interface UserTokens {
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds. */
  expiresAt: number
  /** 'gitlab' for a GitLab sign-in's pair, refreshed on NUXT_GITLAB_URL; GitHub's otherwise. */
  forge?: 'gitlab'
}

/** A token expiring within this window is refreshed before a request uses it. */
export const REFRESH_WINDOW_MS = 5 * 60 * 1000

const LOCK_MS = 10_000
const RESULT_MS = 60_000
const REFUSED = 'refused'
const _inFlight = new Map<string, Promise<UserTokens>>()

/** Thrown when GitHub refuses the refresh token (used, expired or revoked): the session is over. */
export class RefreshRefusedError extends Error {}

function _key(tokens: UserTokens): string {
  return createHash('sha256').update(tokens.refreshToken).digest('hex')
}

/**
 * Exchanges a refresh token for a new pair, once across requests and processes. GitHub refresh tokens are
 * single-use: the first caller takes a short Redis lock keyed by the token's hash and refreshes; the others wait for
 * the fresh pair it leaves, encrypted with the session password, in Redis for a minute. The session's open streams
 * are told (`announceRefresh`).
 */
export function refreshUserTokens(tokens: UserTokens, sessionId: string): Promise<UserTokens> {
  const key = _key(tokens)
  let pending = _inFlight.get(key)
  if (!pending) {
    const exchange = tokens.forge === 'gitlab' ? _exchangeOnGitLab : _exchange
    pending = _refreshOnce(key, () => exchange(tokens.refreshToken), sessionId).finally(() => _inFlight.delete(key))
    _inFlight.set(key, pending)
  }
  return pending
}

/**
 * The pair a refresh of `tokens` left in Redis, without refreshing: 'refused' when GitHub refused it, null when
 * there is none (any more). For an open stream, which cannot hand a new pair to the browser's cookie.
 */
export async function getRefreshedTokens(tokens: UserTokens): Promise<UserTokens | 'refused' | null> {
  const result = await useRedis().get(`${redisPrefix()}:refresh:result:${_key(tokens)}`)
  if (!result) return null
  return result === REFUSED ? 'refused' : decryptJson<UserTokens>(result, _password())
}

async function _refreshOnce(key: string, exchange: () => Promise<UserTokens>, sessionId: string): Promise<UserTokens> {
  const prefix = redisPrefix()
  const redis = useRedis()
  const resultKey = `${prefix}:refresh:result:${key}`
  const lockKey = `${prefix}:refresh:lock:${key}`
  const deadline = Date.now() + LOCK_MS
  while (Date.now() < deadline) {
    const result = await redis.get(resultKey)
    if (result === REFUSED) throw new RefreshRefusedError('GitHub refused the refresh token')
    if (result) return decryptJson<UserTokens>(result, _password())
    if (await redis.set(lockKey, '1', 'PX', LOCK_MS, 'NX')) {
      try {
        const fresh = await exchange()
        await redis.set(resultKey, encryptJson(fresh, _password()), 'PX', RESULT_MS)
        await announceRefresh(sessionId)
        return fresh
      }
      catch (error) {
        // A refusal is final for this token: tell the waiting requests. Anything else may pass: let the next one try.
        if (error instanceof RefreshRefusedError) await redis.set(resultKey, REFUSED, 'PX', RESULT_MS)
        else await redis.del(lockKey)
        throw error
      }
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('Timed out waiting for another request to refresh the GitHub token')
}

async function _exchange(token: string): Promise<UserTokens> {
  const { github } = useSettings()
  const { clientId, clientSecret } = appSettings()
  try {
    const { authentication } = await refreshToken({
      clientType: 'github-app',
      clientId,
      clientSecret,
      refreshToken: token,
      request: request.defaults({ baseUrl: github.url }),
    })
    return { accessToken: authentication.token, refreshToken: authentication.refreshToken, expiresAt: Date.parse(authentication.expiresAt) }
  }
  catch (error) {
    // GitHub answers a used, expired or revoked refresh token with HTTP 200 and an `error` field (400 here).
    if (error instanceof RequestError && error.status === 400) throw new RefreshRefusedError(error.message)
    throw error
  }
}

/**
 * GitLab (Doorkeeper) revokes a refresh token once used and answers a used, expired or revoked one with 400
 * invalid_grant. A wrong client id or secret (401 invalid_client) is the operator's to fix, not the session's end.
 */
async function _exchangeOnGitLab(token: string): Promise<UserTokens> {
  const { gitlab, oauth } = useSettings()
  const response = await fetch(`${gitlab.url.replace(/\/+$/, '')}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token, client_id: oauth.gitlab.clientId, client_secret: oauth.gitlab.clientSecret }),
  })
  const body = await response.json().catch(() => ({})) as { access_token?: string, refresh_token?: string, expires_in?: number, error?: string }
  if (response.status === 400 && body.error === 'invalid_grant') throw new RefreshRefusedError('GitLab refused the refresh token')
  if (!response.ok || !body.access_token) {
    throw new Error(`GitLab answered ${response.status} to the token refresh${body.error ? ` (${body.error})` : ''}: check NUXT_GITLAB_URL and NUXT_OAUTH_GITLAB_CLIENT_ID / _SECRET`)
  }
  return {
    forge: 'gitlab',
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? token,
    expiresAt: body.expires_in ? Date.now() + body.expires_in * 1000 : Number.MAX_SAFE_INTEGER,
  }
}

function _password(): string {
  return appSettings().sessionPassword
}
