// The OAuth web flow as the App's sign-in walks it, for the tests of the fake's github.com pages and user endpoints.
import { Octokit } from '@octokit/core'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

export const CALLBACK = 'http://127.0.0.1:3000/auth/github?next=%2Fdashboard'
export const HEAD = 'a'.repeat(40)
export const BAD_REFRESH_TOKEN = {
  error: 'bad_refresh_token',
  error_description: 'The refresh token passed is incorrect or expired.',
  error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-refresh-token',
}
export const PULL_ONLY = { admin: false, maintain: false, push: false, triage: false, pull: true }

export interface TokenPair {
  access_token: string
  expires_in: number
  refresh_token: string
  refresh_token_expires_in: number
  token_type: string
  scope: string
}

/** A fake with users alice, bob and carol, their repositories and three installations. */
export async function startUsersFake(): Promise<GitHubFake> {
  const fake = await startGitHubServer()
  // a pull request makes installation 1 (all repositories) and public repositories
  fake.addPullRequest({ owner: 'acme', repo: 'widgets', number: 1, headSha: HEAD, files: [] })
  fake.addPullRequest({ owner: 'acme', repo: 'open-source', number: 1, headSha: HEAD, files: [] })
  fake.addInstallation(2, ['tools-org/tools'])
  fake.addInstallation(3, ['acme/legacy'])
  fake.addUser({ login: 'alice', name: 'Alice Liddell', repos: { 'acme/widgets': 'push', 'acme/secret': 'admin', 'tools-org/tools': 'read' } })
  fake.addUser({ login: 'bob', id: 4711, repos: { 'acme/bob-notes': 'read' } })
  fake.addUser({ login: 'carol', repos: {} })
  return fake
}

/** The flow's steps against the fake `current()` returns. */
export function oauthFlow(current: () => GitHubFake) {
  function client(token: string) {
    return new Octokit({ baseUrl: current().url, auth: token })
  }

  async function authorize(query: Record<string, string> = {}): Promise<Response> {
    const url = new URL('/login/oauth/authorize', current().url)
    const params = { client_id: current().oauth.clientId, redirect_uri: CALLBACK, scope: '', state: 'state-123', ...query }
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
    return fetch(url, { redirect: 'manual' })
  }

  async function codeFor(login?: string): Promise<string> {
    if (login) current().authorizeAs(login)
    const response = await authorize()
    await response.text()
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('code')
    if (!code) throw new Error(`no code in ${response.status} ${response.headers.get('location')}`)
    return code
  }

  // As nuxt-auth-utils sends it: a form body, and ofetch asks for JSON.
  async function postToken(params: Record<string, string>, options: { json?: boolean, accept?: string } = {}): Promise<{ status: number, contentType: string, data: Record<string, unknown> }> {
    const response = await fetch(`${current().url}/login/oauth/access_token`, {
      method: 'POST',
      headers: {
        'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
        'accept': options.accept ?? 'application/json',
      },
      body: options.json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
    })
    const contentType = response.headers.get('content-type') ?? ''
    const text = await response.text()
    const data = contentType.startsWith('application/json') ? JSON.parse(text) as Record<string, unknown> : Object.fromEntries(new URLSearchParams(text))
    return { status: response.status, contentType, data }
  }

  function credentials(): Record<string, string> {
    return { client_id: current().oauth.clientId, client_secret: current().oauth.clientSecret }
  }

  async function exchange(code: string): Promise<TokenPair> {
    const { data } = await postToken({ grant_type: 'authorization_code', ...credentials(), code, redirect_uri: CALLBACK })
    if (typeof data.access_token !== 'string') throw new Error(`exchange failed: ${JSON.stringify(data)}`)
    return data as unknown as TokenPair
  }

  async function signIn(login: string): Promise<TokenPair> {
    return exchange(await codeFor(login))
  }

  async function refresh(token: string) {
    return postToken({ grant_type: 'refresh_token', ...credentials(), refresh_token: token })
  }
  return { client, authorize, codeFor, postToken, credentials, exchange, signIn, refresh }
}

export async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise
    return 200
  }
  catch (error) {
    return (error as { status: number }).status
  }
}
