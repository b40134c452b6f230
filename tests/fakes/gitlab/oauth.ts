// GitLab's OAuth 2 provider (Doorkeeper) at the instance root: GET /oauth/authorize, approved at once as the user
// the test names, POST /oauth/token for the authorization code and refresh token grants, and POST /oauth/revoke.
import { randomBytes } from 'node:crypto'
import { defineEventHandler, type Router } from 'h3'
import { exchanges, send } from './route'
import type { GitLabState } from './state'

export interface OAuthState {
  clientId: string
  clientSecret: string
  // who approves the next authorization
  approver?: string
  // seconds an access token lasts: GitLab's two hours by default
  lifetime: number
  codes: Map<string, { username: string, redirectUri: string, scope: string }>
  refreshTokens: Map<string, { username: string, scope: string }>
  // the token requests of the known client, granted or refused, for tests that count refreshes
  grants: Array<{ grantType: string, username?: string }>
  // the access tokens revoked by the known client
  revoked: string[]
}

const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.' }
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.' }

export function newOAuthState(): OAuthState {
  return { clientId: 'gitlab-client-id', clientSecret: 'gitlab-client-secret', lifetime: 7200, codes: new Map(), refreshTokens: new Map(), grants: [], revoked: [] }
}

export function oauthRoutes(router: Router, prefix: string, oauth: OAuthState): void {
  router.get(`${prefix}/oauth/authorize`, defineEventHandler((event) => {
    const { url, record } = exchanges.get(event)!
    const redirectUri = url.searchParams.get('redirect_uri') ?? ''
    if (url.searchParams.get('client_id') !== oauth.clientId || !redirectUri) return send(event, record, 401, INVALID_CLIENT)
    const code = randomBytes(32).toString('hex')
    oauth.codes.set(code, { username: oauth.approver ?? '', redirectUri, scope: url.searchParams.get('scope') ?? 'read_user' })
    const target = new URL(redirectUri)
    target.searchParams.set('code', code)
    if (url.searchParams.has('state')) target.searchParams.set('state', url.searchParams.get('state')!)
    return send(event, record, 302, '', { location: target.toString() })
  }))

  router.post(`${prefix}/oauth/token`, defineEventHandler((event) => {
    const { state, body, record } = exchanges.get(event)!
    const input = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]))
    if (input.client_id !== oauth.clientId || input.client_secret !== oauth.clientSecret) return send(event, record, 401, INVALID_CLIENT)
    const grant = input.grant_type === 'authorization_code' ? _takeCode(oauth, input) : input.grant_type === 'refresh_token' ? _takeRefresh(oauth, input) : undefined
    oauth.grants.push({ grantType: input.grant_type ?? '', ...(grant ? { username: grant.username } : {}) })
    if (!grant) return send(event, record, 400, INVALID_GRANT)
    return send(event, record, 200, _issue(state, oauth, grant))
  }))

  router.post(`${prefix}/oauth/revoke`, defineEventHandler((event) => {
    const { state, body, record } = exchanges.get(event)!
    const input = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]))
    if (input.client_id !== oauth.clientId || input.client_secret !== oauth.clientSecret) return send(event, record, 401, INVALID_CLIENT)
    _revoke(state, oauth, input)
    return send(event, record, 200, {})
  }))
}

// RFC 7009: the answer is 200 whether or not the token was known.
function _revoke(state: GitLabState, oauth: OAuthState, input: Record<string, string>): void {
  const token = input.token ?? ''
  state.users.revoke(token)
  oauth.revoked.push(token)
}

function _takeCode(oauth: OAuthState, input: Record<string, string>) {
  const code = oauth.codes.get(input.code ?? '')
  oauth.codes.delete(input.code ?? '')
  return code && code.redirectUri === input.redirect_uri ? code : undefined
}

// Doorkeeper revokes a refresh token once used and issues a new one with the new access token.
function _takeRefresh(oauth: OAuthState, input: Record<string, string>) {
  const found = oauth.refreshTokens.get(input.refresh_token ?? '')
  oauth.refreshTokens.delete(input.refresh_token ?? '')
  return found
}

function _issue(state: GitLabState, oauth: OAuthState, grant: { username: string, scope: string }): Record<string, unknown> {
  const accessToken = randomBytes(32).toString('hex')
  const refreshToken = randomBytes(32).toString('hex')
  state.users.grant(accessToken, grant.username, Date.now() + oauth.lifetime * 1000)
  oauth.refreshTokens.set(refreshToken, grant)
  return { access_token: accessToken, token_type: 'Bearer', expires_in: oauth.lifetime, refresh_token: refreshToken, scope: grant.scope, created_at: Math.floor(Date.now() / 1000) }
}
