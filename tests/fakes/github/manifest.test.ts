import { createPrivateKey } from 'node:crypto'
import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { request } from '@octokit/request'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'
import { manifestFlow, status } from './web-flows'

const HEAD = 'a'.repeat(40)
const REDIRECT = 'https://revue.example.com/setup/github?next=%2Fdashboard'
const MANIFEST = {
  name: 'Revue Self-Hosted',
  url: 'https://revue.example.com',
  description: 'Reviews pull requests',
  hook_attributes: { url: 'https://revue.example.com/api/webhooks' },
  redirect_url: REDIRECT,
  callback_urls: ['https://revue.example.com/auth/github'],
  setup_url: 'https://revue.example.com/setup/installed',
  public: false,
  default_permissions: { pull_requests: 'write', contents: 'read', checks: 'write' },
  default_events: ['pull_request', 'issue_comment'],
}
const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest',
  status: '404',
}
const CONVERSION_FIELDS = ['client_id', 'client_secret', 'created_at', 'description', 'events', 'external_url', 'html_url', 'id', 'name', 'node_id', 'owner', 'pem', 'permissions', 'slug', 'updated_at', 'webhook_secret']

let fake: GitHubFake
const { submit, codeFor, convert } = manifestFlow(() => fake, MANIFEST)

function appOctokit(appId: number, privateKey: string) {
  return new App({ appId, privateKey, Octokit: Octokit.defaults({ baseUrl: fake.url }) }).octokit
}

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: 'acme', repo: 'widgets', number: 1, headSha: HEAD, files: [] })
  fake.addUser({ login: 'alice', id: 4711, repos: { 'acme/widgets': 'push' } })
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(async () => {
  await fake?.close()
})

describe('registration form', () => {
  it('redirects a personal registration to redirect_url with a code and the state, keeping its query', async () => {
    const response = await submit(MANIFEST, { state: 'state-123' })
    expect(response.status).toBe(302)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const location = new URL(response.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe('https://revue.example.com/setup/github')
    expect(location.searchParams.get('next')).toBe('/dashboard')
    expect(location.searchParams.get('state')).toBe('state-123')
    const code = location.searchParams.get('code')
    expect(code).toMatch(/^[0-9a-f]{20}$/)
    expect(fake.manifests.at(-1)).toStrictEqual({ manifest: MANIFEST, state: 'state-123', code })
  })

  it('redirects an organization registration the same way and records the organization', async () => {
    const response = await submit(MANIFEST, { org: 'acme-org', state: 'org-state' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(location.searchParams.get('state')).toBe('org-state')
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{20}$/)
    expect(fake.manifests.at(-1)).toStrictEqual({ manifest: MANIFEST, org: 'acme-org', state: 'org-state', code: location.searchParams.get('code') })
  })

  it.each([
    ['no url', { ...MANIFEST, url: undefined }, 'url is required'],
    ['no redirect_url', { ...MANIFEST, redirect_url: undefined }, 'redirect_url is required'],
    ['an active webhook without url', { ...MANIFEST, hook_attributes: { active: true } }, 'hook_attributes.url is required'],
    ['a webhook without url', { ...MANIFEST, hook_attributes: {} }, 'hook_attributes.url is required'],
    ['a relative url', { ...MANIFEST, url: '/home' }, 'url must be an http(s) URL'],
    ['an unknown permission level', { ...MANIFEST, default_permissions: { issues: 'everything' } }, 'default_permissions.issues must be read, write or admin'],
    ['permissions as a list', { ...MANIFEST, default_permissions: ['issues'] }, 'default_permissions must be an object'],
    ['events as an object', { ...MANIFEST, default_events: { pull_request: true } }, 'default_events must be an array'],
    ['an array', [MANIFEST], 'manifest must be a JSON object'],
    ['broken JSON', '{"url": ', 'manifest is not valid JSON'],
  ])('refuses a manifest with %s with a 422 page and no code', async (_, manifest, reason) => {
    const before = fake.manifests.length
    const response = await submit(manifest)
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('location')).toBeNull()
    expect(await response.text()).toContain(reason)
    expect(fake.manifests).toHaveLength(before)
  })

  it('accepts an inactive webhook without url', async () => {
    const response = await submit({ ...MANIFEST, hook_attributes: { active: false } })
    expect(response.status).toBe(302)
  })
})

describe('conversion', () => {
  it('leaves the webhook secret unset until a conversion', async () => {
    const other = await startGitHubServer()
    try {
      expect(other.webhookSecret).toBeUndefined()
      expect(other.conversions).toBe(0)
      expect(other.manifests).toEqual([])
    }
    finally {
      await other.close()
    }
  })

  it('turns the code into a new App whose pem opens GET /app, and becomes the fake\'s App', async () => {
    fake.addInstallation(5, ['acme/tools'])
    const old = { appId: fake.appId, privateKey: fake.privateKey, clientId: fake.oauth.clientId }
    const conversions = fake.conversions
    const code = await codeFor()
    // the API route Octokit calls, without authentication
    const { status: created, data } = await request('POST /app-manifests/{code}/conversions', { baseUrl: fake.url, code })
    expect(created).toBe(201)
    expect(Object.keys(data).sort()).toEqual(CONVERSION_FIELDS)
    expect(data).toMatchObject({
      slug: 'revue-self-hosted',
      name: 'Revue Self-Hosted',
      description: 'Reviews pull requests',
      owner: { login: 'alice', id: 4711, type: 'User' },
      html_url: 'https://github.com/apps/revue-self-hosted',
      external_url: 'https://revue.example.com',
      permissions: { metadata: 'read', pull_requests: 'write', contents: 'read', checks: 'write' },
      events: ['pull_request', 'issue_comment'],
    })
    expect(data.id).not.toBe(old.appId)
    expect(data.node_id).toMatch(/^A_/)
    expect(data.client_id).toMatch(/^Iv1\.[0-9a-f]{16}$/)
    expect(data.client_secret).toMatch(/^[0-9a-f]{40}$/)
    expect(data.webhook_secret).toMatch(/^[0-9a-f]{40}$/)
    expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(data.pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/)
    expect(createPrivateKey(data.pem ?? '').asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(data.pem).not.toBe(old.privateKey)

    // @octokit/app signs its JWT with @octokit/auth-app's createAppAuth
    const octokit = appOctokit(data.id, data.pem ?? '')
    const { data: app } = await octokit.request('GET /app')
    expect(app).toMatchObject({ id: data.id, slug: 'revue-self-hosted', client_id: data.client_id, owner: { login: 'alice' } })
    const { data: token } = await octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 5 })
    expect(token.token).toMatch(/^ghs_/)
    expect(token.permissions).toEqual({ metadata: 'read', pull_requests: 'write', contents: 'read', checks: 'write' })
    const { data: installation } = await octokit.request('GET /app/installations/{installation_id}', { installation_id: 5 })
    expect(installation).toMatchObject({ app_id: data.id, app_slug: 'revue-self-hosted', client_id: data.client_id })

    expect(fake.appId).toBe(data.id)
    expect(fake.appSlug).toBe('revue-self-hosted')
    expect(fake.privateKey).toBe(data.pem)
    expect(fake.botUser.login).toBe('revue-self-hosted[bot]')
    expect(fake.oauth).toEqual({ clientId: data.client_id, clientSecret: data.client_secret })
    expect(fake.webhookSecret).toBe(data.webhook_secret)
    expect(fake.conversions).toBe(conversions + 1)

    // one current App: the previous one's JWTs and OAuth client are refused
    expect(await status(appOctokit(old.appId, old.privateKey).request('GET /app'))).toBe(401)
    const authorize = (clientId: string) => fetch(`${fake.url}/login/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/auth/github')}`, { redirect: 'manual' })
    expect((await authorize(fake.oauth.clientId)).status).toBe(302)
    expect((await authorize(old.clientId)).status).toBe(404)
  })

  it('gives an organization\'s App the organization as owner', async () => {
    const { status: created, data } = await convert(await codeFor(MANIFEST, { org: 'acme-org' }))
    expect(created).toBe(201)
    expect(data.owner).toMatchObject({ login: 'acme-org', type: 'Organization' })
  })

  it('makes up a name when the manifest has none', async () => {
    const { status: created, data } = await convert(await codeFor({ ...MANIFEST, name: undefined }))
    expect(created).toBe(201)
    expect(data.name).toMatch(/^GitHub App [0-9a-f]{6}$/)
    expect(data.slug).toBe(String(data.name).toLowerCase().replace(/ /g, '-'))
    expect(fake.appSlug).toBe(data.slug)
  })

  it('answers 404 to a code converted twice, and does not change the App', async () => {
    const code = await codeFor()
    const first = await convert(code)
    expect(first.status).toBe(201)
    const conversions = fake.conversions
    expect(await convert(code)).toEqual({ status: 404, data: NOT_FOUND })
    expect(fake.conversions).toBe(conversions)
    expect(fake.appId).toBe(first.data.id)
    expect(fake.webhookSecret).toBe(first.data.webhook_secret)
  })

  it('answers 404 to an unknown code', async () => {
    const conversions = fake.conversions
    expect(await convert('0123456789abcdef0123')).toEqual({ status: 404, data: NOT_FOUND })
    expect(fake.conversions).toBe(conversions)
  })

  it('answers 404 to a code older than an hour', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = Date.now()
    const fresh = await codeFor()
    const stale = await codeFor()
    vi.setSystemTime(start + 59 * 60_000)
    expect((await convert(fresh)).status).toBe(201)
    vi.setSystemTime(start + 61 * 60_000)
    expect(await convert(stale)).toEqual({ status: 404, data: NOT_FOUND })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
