// The github.com flows the tests walk: the OAuth web flow of the App's sign-in, and the App Manifest registration.
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

// the code a github.com page redirects back with
async function codeFrom(response: Response): Promise<string> {
  await response.text()
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code')
  if (!code) throw new Error(`no code in ${response.status} ${response.headers.get('location')}`)
  return code
}

/** The OAuth flow's steps against the fake `current()` returns. */
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
    return codeFrom(await authorize())
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

/** The App Manifest flow's steps against the fake `current()` returns; `codeFor` registers `manifest` by default. */
export function manifestFlow(current: () => GitHubFake, manifest: unknown) {
  // As the setup page's form posts it: one field holding the manifest's JSON.
  async function submit(posted: unknown, options: { org?: string, state?: string } = {}): Promise<Response> {
    const url = new URL(options.org ? `/organizations/${options.org}/settings/apps/new` : '/settings/apps/new', current().url)
    url.searchParams.set('state', options.state ?? 'state-abc')
    return fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ manifest: typeof posted === 'string' ? posted : JSON.stringify(posted) }).toString(),
    })
  }

  async function codeFor(posted: unknown = manifest, options: { org?: string, state?: string } = {}): Promise<string> {
    return codeFrom(await submit(posted, options))
  }

  async function convert(code: string): Promise<{ status: number, data: Record<string, unknown> }> {
    const response = await fetch(`${current().url}/app-manifests/${code}/conversions`, { method: 'POST' })
    return { status: response.status, data: await response.json() as Record<string, unknown> }
  }

  return { submit, codeFor, convert }
}
