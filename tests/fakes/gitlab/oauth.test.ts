import { Gitlab } from '@gitbeaker/rest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seed } from './fixture'
import { startGitLabServer, type GitLabFake } from './server'

const REDIRECT = 'http://localhost:3000/auth/gitlab'

describe.each(['', '/gitlab'] as const)('the GitLab fake\'s OAuth provider under "%s"', (pathPrefix) => {
  let fake: GitLabFake

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    fake.authorizeAs('rita')
  })
  afterEach(() => fake.close())

  async function authorize(): Promise<string> {
    const query = new URLSearchParams({ response_type: 'code', client_id: fake.oauth.clientId, redirect_uri: REDIRECT, scope: 'read_user', state: 's1' })
    const response = await fetch(`${fake.url}/oauth/authorize?${query.toString()}`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('state')).toBe('s1')
    return location.searchParams.get('code') ?? ''
  }

  async function token(body: Record<string, string>): Promise<{ status: number, json: Record<string, unknown> }> {
    const response = await fetch(`${fake.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: fake.oauth.clientId, client_secret: fake.oauth.clientSecret, ...body }).toString(),
    })
    return { status: response.status, json: await response.json() as Record<string, unknown> }
  }

  it('exchanges a code once for a two-hour token that signs in as the approver', async () => {
    const code = await authorize()
    const issued = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    expect(issued).toMatchObject({ status: 200, json: { token_type: 'Bearer', expires_in: 7200, scope: 'read_user' } })
    const api = new Gitlab({ host: fake.url, oauthToken: String(issued.json.access_token) })
    expect((await api.Users.showCurrentUser()).username).toBe('rita')
    expect(await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).toMatchObject({ status: 400, json: { error: 'invalid_grant' } })
  })

  it('refreshes with a refresh token once, and refuses a wrong client', async () => {
    const issued = await token({ grant_type: 'authorization_code', code: await authorize(), redirect_uri: REDIRECT })
    const refresh = String(issued.json.refresh_token)
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refresh })
    expect(refreshed.status).toBe(200)
    expect(refreshed.json.access_token).not.toBe(issued.json.access_token)
    expect(await token({ grant_type: 'refresh_token', refresh_token: refresh })).toMatchObject({ status: 400, json: { error: 'invalid_grant' } })
    expect(await token({ grant_type: 'refresh_token', refresh_token: String(refreshed.json.refresh_token), client_secret: 'wrong' })).toMatchObject({ status: 401, json: { error: 'invalid_client' } })
    expect(fake.oauth.grants.map(g => g.grantType)).toEqual(['authorization_code', 'refresh_token', 'refresh_token'])
  })

  it('revokes an access token for its client, after which it signs in as nobody', async () => {
    const issued = await token({ grant_type: 'authorization_code', code: await authorize(), redirect_uri: REDIRECT })
    const accessToken = String(issued.json.access_token)
    const revoke = (secret: string) => fetch(`${fake.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: fake.oauth.clientId, client_secret: secret, token: accessToken }).toString(),
    })
    expect((await revoke('wrong')).status).toBe(401)
    expect((await revoke(fake.oauth.clientSecret)).status).toBe(200)
    expect((await fetch(`${fake.apiUrl}/user`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(401)
    expect(fake.oauth.revoked).toEqual([accessToken])
  })

  it('refuses an expired access token with GitLab\'s invalid_token answer', async () => {
    fake.oauth.lifetime = 0
    const issued = await token({ grant_type: 'authorization_code', code: await authorize(), redirect_uri: REDIRECT })
    const response = await fetch(`${fake.apiUrl}/user`, { headers: { authorization: `Bearer ${String(issued.json.access_token)}` } })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: 'invalid_token' })
  })
})
