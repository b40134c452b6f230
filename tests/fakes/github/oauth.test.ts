import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { refreshToken } from '@octokit/oauth-methods'
import { request } from '@octokit/request'
import { $fetch } from 'ofetch'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { checkAnswers } from './openapi'
import type { GitHubFake } from './server'
import { BAD_REFRESH_TOKEN, CALLBACK, oauthFlow, startUsersFake, status } from './web-flows'

let fake: GitHubFake
const { client, authorize, codeFor, postToken, credentials, exchange, signIn, refresh } = oauthFlow(() => fake)

beforeAll(async () => {
  fake = await startUsersFake()
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(async () => {
  await fake?.close()
})

describe('authorize', () => {
  it('redirects to redirect_uri with a code and the state, as the first user by default', async () => {
    const response = await authorize({ scope: 'read:user' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:3000/auth/github')
    expect(location.searchParams.get('next')).toBe('/dashboard')
    expect(location.searchParams.get('state')).toBe('state-123')
    const code = location.searchParams.get('code')
    expect(code).toMatch(/^[0-9a-f]{20}$/)
    expect(fake.authorizations.at(-1)).toEqual({ login: 'alice', clientId: 'Iv1.testclientid', redirectUri: CALLBACK, state: 'state-123', scope: 'read:user', code })
  })

  it('signs in the user set with authorizeAs, and refuses an unknown one', async () => {
    const { access_token } = await signIn('bob')
    const { data } = await client(access_token).request('GET /user')
    expect(data).toMatchObject({ login: 'bob', id: 4711 })
    expect(fake.authorizations.at(-1)?.login).toBe('bob')
    expect(() => fake.authorizeAs('nobody')).toThrow(/no user nobody/)
    fake.authorizeAs('alice')
  })

  it('answers 404 HTML to an unknown client_id and issues no code', async () => {
    const before = fake.authorizations.length
    const response = await authorize({ client_id: 'Iv1.someoneelse' })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('<html')
    expect(fake.authorizations).toHaveLength(before)
  })
})

describe('code exchange', () => {
  it('turns a code sent form-encoded into a token pair that works on GET /user', async () => {
    const { status: code, contentType, data } = await postToken({ grant_type: 'authorization_code', ...credentials(), code: await codeFor('alice'), redirect_uri: CALLBACK })
    expect(code).toBe(200)
    expect(contentType).toBe('application/json; charset=utf-8')
    expect(data).toEqual({
      access_token: expect.stringMatching(/^ghu_[A-Za-z0-9]{36}$/),
      expires_in: 28800,
      refresh_token: expect.stringMatching(/^ghr_[A-Za-z0-9]{76}$/),
      refresh_token_expires_in: 15897600,
      token_type: 'bearer',
      scope: '',
    })
    const octokit = client(String(data.access_token))
    const { data: user, headers } = await octokit.request('GET /user')
    expect(user).toMatchObject({ login: 'alice', name: 'Alice Liddell', type: 'User', site_admin: false, html_url: 'https://github.com/alice' })
    expect(user.id).toBeGreaterThan(0)
    expect(user.node_id).toMatch(/^U_/)
    expect(user.avatar_url).toContain(String(user.id))
    expect(headers['x-ratelimit-limit']).toBe('5000')
    const recorded = fake.requests.at(-1)
    expect(recorded?.headers.authorization).toBe(`token ${String(data.access_token)}`)
  })

  it('answers nuxt-auth-utils\' request (its requestAccessToken: ofetch, form body) with JSON', async () => {
    const code = await codeFor('alice')
    const body = new URLSearchParams({ grant_type: 'authorization_code', ...credentials(), redirect_uri: CALLBACK, code }).toString()
    const tokens = await $fetch<Record<string, unknown>>(`${fake.url}/login/oauth/access_token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })
    expect(tokens).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), expires_in: 28800 })
    expect(fake.requests.at(-1)).toMatchObject({ headers: { 'accept': 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: { code, grant_type: 'authorization_code' } })
  })

  it('takes a JSON body, and answers form-encoded text without Accept: application/json', async () => {
    const { contentType, data } = await postToken({ ...credentials(), code: await codeFor('alice') }, { json: true, accept: '*/*' })
    expect(contentType).toBe('application/x-www-form-urlencoded; charset=utf-8')
    expect(data).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), expires_in: '28800', token_type: 'bearer', scope: '' })
    const { data: user } = await client(String(data.access_token)).request('GET /user')
    expect(user.login).toBe('alice')
  })

  it('uses a code once: the second exchange answers 200 bad_verification_code', async () => {
    const code = await codeFor('alice')
    await exchange(code)
    const second = await postToken({ ...credentials(), code, redirect_uri: CALLBACK })
    expect(second.status).toBe(200)
    expect(second.data).toEqual({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
    })
    expect((await postToken({ ...credentials(), code: 'f'.repeat(20) })).data.error).toBe('bad_verification_code')
  })

  it('answers 200 incorrect_client_credentials to a wrong secret, and keeps the code', async () => {
    const code = await codeFor('alice')
    const wrong = await postToken({ client_id: fake.oauth.clientId, client_secret: 'wrong', code })
    expect(wrong.status).toBe(200)
    expect(wrong.data).toMatchObject({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' })
    const mismatch = await postToken({ ...credentials(), code, redirect_uri: 'http://elsewhere.test/cb' })
    expect(mismatch.data.error).toBe('redirect_uri_mismatch')
    expect((await exchange(code)).access_token).toMatch(/^ghu_/)
  })

  it('lets a code expire after ten minutes', async () => {
    const early = await codeFor('alice')
    const late = await codeFor('alice')
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 9 * 60_000 })
    expect((await exchange(early)).access_token).toMatch(/^ghu_/)
    vi.setSystemTime(Date.now() + 60_000 + 1000)
    expect((await postToken({ ...credentials(), code: late })).data.error).toBe('bad_verification_code')
  })
})

describe('refresh', () => {
  it('gives a new pair once: the old refresh token then answers 200 bad_refresh_token and the old access token 401', async () => {
    const first = await signIn('alice')
    const calls = fake.refreshCalls
    const renewed = await refresh(first.refresh_token)
    expect(renewed.status).toBe(200)
    expect(renewed.data).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), refresh_token: expect.stringMatching(/^ghr_/), expires_in: 28800, refresh_token_expires_in: 15897600, token_type: 'bearer' })
    expect(renewed.data.access_token).not.toBe(first.access_token)
    expect(renewed.data.refresh_token).not.toBe(first.refresh_token)

    const reused = await refresh(first.refresh_token)
    expect(reused.status).toBe(200)
    expect(reused.data).toEqual(BAD_REFRESH_TOKEN)
    await expect(client(first.access_token).request('GET /user')).rejects.toMatchObject({ status: 401, response: { data: { message: 'Bad credentials' } } })
    const { data } = await client(String(renewed.data.access_token)).request('GET /user')
    expect(data.login).toBe('alice')
    expect((await refresh(`ghr_${'x'.repeat(76)}`)).data).toEqual(BAD_REFRESH_TOKEN)
    expect(fake.refreshCalls).toBe(calls + 3)
  })

  it('counts every refresh grant, and lets only one of parallel refreshes of the same token win', async () => {
    const pair = await signIn('alice')
    const calls = fake.refreshCalls
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(pair.refresh_token)))
    expect(fake.refreshCalls).toBe(calls + 5)
    expect(results.filter(r => typeof r.data.access_token === 'string')).toHaveLength(1)
    expect(results.filter(r => r.data.error === 'bad_refresh_token')).toHaveLength(4)
  })

  it('speaks to @octokit/oauth-methods refreshToken, which turns the 200 error into a RequestError', async () => {
    const pair = await signIn('alice')
    const options = { clientType: 'github-app' as const, clientId: fake.oauth.clientId, clientSecret: fake.oauth.clientSecret, refreshToken: pair.refresh_token, request: request.defaults({ baseUrl: fake.url }) }
    const { authentication } = await refreshToken(options)
    expect(authentication.token).toMatch(/^ghu_/)
    expect(Math.abs(Date.parse(authentication.expiresAt) - Date.now() - 28_800_000)).toBeLessThan(5000)
    await expect(refreshToken(options)).rejects.toMatchObject({ status: 400, response: { status: 200, data: BAD_REFRESH_TOKEN } })
  })

  it('refuses a refresh with a wrong client secret without spending the token', async () => {
    const pair = await signIn('alice')
    const wrong = await postToken({ grant_type: 'refresh_token', client_id: fake.oauth.clientId, client_secret: 'nope', refresh_token: pair.refresh_token })
    expect(wrong.data.error).toBe('incorrect_client_credentials')
    expect((await refresh(pair.refresh_token)).data.access_token).toMatch(/^ghu_/)
  })
})

describe('token lifetime and revocation', () => {
  it('refuses an access token past its expires_in with 401 everywhere', async () => {
    fake.setUserTokenLifetime(1)
    const pair = await signIn('alice')
    fake.setUserTokenLifetime(28800)
    expect(pair.expires_in).toBe(1)
    const octokit = client(pair.access_token)
    expect(await status(octokit.request('GET /user'))).toBe(200)
    await new Promise(resolve => setTimeout(resolve, 1100))
    const calls = [
      octokit.request('GET /user'),
      octokit.request('GET /user/installations'),
      octokit.request('GET /user/installations/{installation_id}/repositories', { installation_id: 1 }),
      octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'widgets' }),
    ]
    expect(await Promise.all(calls.map(status))).toEqual([401, 401, 401, 401])
    // its refresh token still renews it
    const renewed = await refresh(pair.refresh_token)
    expect(renewed.data.expires_in).toBe(28800)
    expect(await status(client(String(renewed.data.access_token)).request('GET /user'))).toBe(200)
  })

  it('revokeUserTokens kills the access and refresh tokens of that user only', async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    fake.revokeUserTokens('alice')
    expect(await status(client(alice.access_token).request('GET /user'))).toBe(401)
    expect((await refresh(alice.refresh_token)).data).toEqual(BAD_REFRESH_TOKEN)
    expect(await status(client(bob.access_token).request('GET /user'))).toBe(200)
    expect((await refresh(bob.refresh_token)).data.access_token).toMatch(/^ghu_/)
  })

  it('answers 403 to an installation token on GET /user', async () => {
    const app = new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.defaults({ baseUrl: fake.url }) })
    const { data } = await app.octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 1 })
    await expect(client(data.token).request('GET /user')).rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
