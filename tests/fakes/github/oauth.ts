// The web flow of github.com (not api.github.com) for a GitHub App's user-to-server tokens.
import { randomBytes } from 'node:crypto'
import type { Router } from 'h3'
import { HttpError, missing, notFound, objectBody } from './http'
import { route, type Reply, type RouteContext } from './route'
import { CODE_LIFETIME_MS, REFRESH_TOKEN_LIFETIME } from './user-state'

const ERROR_DOCS = 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors'

const ERRORS = {
  incorrect_client_credentials: ['The client_id and/or client_secret passed are incorrect.', '#incorrect-client-credentials'],
  redirect_uri_mismatch: ['The redirect_uri MUST match the registered callback URL for this application.', '#redirect-uri-mismatch2'],
  bad_verification_code: ['The code passed is incorrect or expired.', '#bad-verification-code'],
  bad_refresh_token: ['The refresh token passed is incorrect or expired.', '#bad-refresh-token'],
  unsupported_grant_type: ['The grant type is not supported.', '#unsupported-grant-type'],
} as const

export function html(status: number, title: string, detail: string): Reply {
  return {
    status,
    text: {
      content: `<!DOCTYPE html>\n<html lang="en"><head><title>${title} · GitHub</title></head><body><h1>${title}</h1><p>${detail}</p></body></html>\n`,
      contentType: 'text/html; charset=utf-8',
    },
  }
}

// github.com answers JSON only when asked to, form-encoded text otherwise
function answer(ctx: RouteContext, payload: Record<string, string | number>): Reply {
  if (/application\/json/i.test(ctx.headers.accept ?? '')) return { body: payload }
  const text = new URLSearchParams(Object.entries(payload).map(([key, value]) => [key, String(value)])).toString()
  return { text: { content: text, contentType: 'application/x-www-form-urlencoded; charset=utf-8' } }
}

// GitHub answers these with 200, not 4xx
function oauthError(ctx: RouteContext, error: keyof typeof ERRORS): Reply {
  const [description, anchor] = ERRORS[error]
  return answer(ctx, { error, error_description: description, error_uri: `${ERROR_DOCS}/${anchor}` })
}

function params(ctx: RouteContext): Record<string, string> {
  const body = ctx.body
  const values: Record<string, string> = {}
  for (const [key, value] of ctx.url.searchParams) values[key] = value
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string' || typeof value === 'number') values[key] = String(value)
    }
  }
  return values
}

function tokens(ctx: RouteContext, login: string): Reply {
  const issued = ctx.state.users.issueTokens(login)
  return answer(ctx, {
    access_token: issued.accessToken,
    expires_in: issued.expiresIn,
    refresh_token: issued.refreshToken,
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME,
    token_type: 'bearer',
    scope: '',
  })
}

// Basic auth with the App's client id and secret, as the /applications/{client_id} endpoints require
function requireClient(ctx: RouteContext): void {
  const [scheme, encoded] = (ctx.headers.authorization ?? '').split(' ')
  const [id, secret] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':')
  if (scheme?.toLowerCase() !== 'basic') throw new HttpError(401, 'Requires authentication')
  if (ctx.params.client_id !== ctx.state.oauth.clientId || id !== ctx.state.oauth.clientId || secret !== ctx.state.oauth.clientSecret) throw notFound()
}

export function oauthRoutes(router: Router): void {
  route(router, 'DELETE', '/applications/:client_id/token', { docs: 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token' }, (ctx) => {
    requireClient(ctx)
    const token = objectBody(ctx).access_token
    if (typeof token !== 'string' || !token) throw missing('access_token')
    if (!ctx.state.users.userTokens.delete(token)) throw notFound()
    return { status: 204 }
  })
  route(router, 'GET', '/login/oauth/authorize', { docs: 'https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app' }, (ctx) => {
    const { state } = ctx
    const query = ctx.url.searchParams
    const clientId = query.get('client_id') ?? ''
    if (clientId !== state.oauth.clientId) return html(404, 'Page not found', 'This is not the web page you are looking for.')
    const redirectUri = query.get('redirect_uri') ?? ''
    let target: URL
    try {
      target = new URL(redirectUri)
    }
    catch {
      // a real App falls back to its registered callback URL; the fake has none
      return html(400, 'Redirect URI required', `The GitHub fake needs an absolute redirect_uri, got ${JSON.stringify(redirectUri)}.`)
    }
    // the browser user approves at once
    const user = state.users.signingInUser()
    const code = randomBytes(10).toString('hex')
    state.users.codes.set(code, { code, login: user.login, clientId, redirectUri, expiresAt: Date.now() + CODE_LIFETIME_MS })
    state.users.authorizations.push({ login: user.login, clientId, redirectUri, state: query.get('state'), scope: query.get('scope') ?? '', code })
    target.searchParams.set('code', code)
    const oauthState = query.get('state')
    if (oauthState !== null) target.searchParams.set('state', oauthState)
    const location = target.toString()
    return { ...html(302, 'Redirecting', `You are being <a href="${location}">redirected</a>.`), headers: { location } }
  })
  route(router, 'POST', '/login/oauth/access_token', { docs: 'https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app', form: true }, (ctx) => {
    const { state } = ctx
    const p = params(ctx)
    const grant = p.grant_type ?? 'authorization_code'
    if (grant === 'refresh_token') state.users.refreshCalls++
    if (!p.client_id) return html(404, 'Page not found', 'This is not the web page you are looking for.')
    if (p.client_id !== state.oauth.clientId || p.client_secret !== state.oauth.clientSecret) return oauthError(ctx, 'incorrect_client_credentials')
    const now = Date.now()

    if (grant === 'refresh_token') {
      const refresh = state.users.refreshTokens.get(p.refresh_token ?? '')
      if (!refresh || refresh.expiresAt <= now || !state.users.find(refresh.login)) return oauthError(ctx, 'bad_refresh_token')
      // single use: the pair it belonged to dies with it
      state.users.refreshTokens.delete(refresh.token)
      state.users.userTokens.delete(refresh.accessToken)
      return tokens(ctx, refresh.login)
    }

    if (grant !== 'authorization_code') return oauthError(ctx, 'unsupported_grant_type')
    const code = state.users.codes.get(p.code ?? '')
    if (!code || code.expiresAt <= now || code.clientId !== p.client_id || !state.users.find(code.login)) return oauthError(ctx, 'bad_verification_code')
    if (p.redirect_uri !== undefined && p.redirect_uri !== code.redirectUri) return oauthError(ctx, 'redirect_uri_mismatch')
    state.users.codes.delete(code.code)
    return tokens(ctx, code.login)
  })
}
