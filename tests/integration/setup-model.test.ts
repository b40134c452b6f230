import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startGeminiServer, type GeminiFake } from '../fakes/gemini/server'
import { makePatch, startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, signIn } from '../support/session'
import { openSetup, runSetup, setupLink } from '../support/setup'
import { deliver } from '../support/stack'

// Neither a secret key nor a model key: the first start makes the one, the setup page asks for the other.
let github: GitHubFake
let gemini: GeminiFake
let app: RunningApp
let other: RunningApp | undefined
let cookie: string
const storage = mkdtempSync(join(tmpdir(), 'revue-setup-model-'))
const settings = () => ({
  NUXT_REDIS_URL: inject('redisUrl'),
  NUXT_REDIS_PREFIX: 'test-setup-model',
  NUXT_STORAGE_DIR: storage,
  NUXT_GITHUB_URL: github.url,
  NUXT_GITHUB_API_URL: github.url,
  NUXT_GITHUB_WRITE_INTERVAL_MS: '0',
  NUXT_WORKER_DEBOUNCE_MS: '0',
  NUXT_GEMINI_BASE_URL: gemini.url,
})
const headSha = 'd'.repeat(40)

beforeAll(async () => {
  github = await startGitHubServer()
  gemini = await startGeminiServer()
  gemini.setHandler(firstAddedLineReviewer())
  github.addUser({ login: 'owner', repos: { 'octo-org/waiting': 'admin' } })
  github.addUser({ login: 'reader', repos: { 'octo-org/waiting': 'read' } })
  app = await startApp(settings())
})
afterAll(async () => {
  await other?.stop()
  await app?.stop()
  await Promise.all([github?.close(), gemini?.close()])
})

const postKey = (apiKey: unknown, headers: Record<string, string> = { cookie, origin: app.url }) =>
  fetch(`${app.url}/api/setup/model`, { method: 'POST', body: JSON.stringify({ apiKey }), headers: { 'content-type': 'application/json', ...headers } })

describe('the setup asks for the model API key after the App', () => {
  it('generates the secret key at first start: kept 0600 in the data directory, never logged', () => {
    const file = join(storage, 'secret-key')
    const key = readFileSync(file, 'utf8').trim()
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(app.output()).not.toContain(key)
    expect(app.output()).toContain('[worker] waiting for the GitHub App to be set up')
  })

  it('leads from the created App to the key step, keeping the setup token until the key is given', async () => {
    ;({ cookie } = await openSetup(app, setupLink(app.output()).searchParams.get('token')!))
    const { callback } = await runSetup(app, cookie)
    expect(callback!.status).toBe(302)
    expect(callback!.headers.get('location')).toBe('/setup')
    expect(callback!.headers.getSetCookie().join()).not.toMatch(/revue-setup-token=;/)
    expect(existsSync(join(storage, 'github-app.json'))).toBe(true)
    expect(existsSync(join(storage, 'setup-token.json'))).toBe(true)
    expect(await (await fetch(`${app.url}/api/setup/step`, { headers: { cookie } })).json()).toEqual({ step: 'model', provider: 'gemini', model: 'gemini-2.5-flash' })
    expect((await fetch(`${app.url}/api/setup/step`)).status).toBe(403)
    expect((await fetch(`${app.url}/setup`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200)
    // The pages work once the App exists; the manifest step is over.
    expect((await fetch(`${app.url}/login`, { redirect: 'manual' })).status).toBe(200)
    expect((await fetch(`${app.url}/api/setup?url=${encodeURIComponent(app.url)}`, { headers: { cookie } })).status).toBe(404)
  })

  it('queues webhooks meanwhile, and is not ready: the worker waits for the key', async () => {
    github.addPullRequest({ owner: 'octo-org', repo: 'waiting', number: 1, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x()'] }) }] })
    const response = await deliver(app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'waiting', number: 1, headSha }), { secret: github.webhookSecret! })
    expect(response.status).toBe(202)
    const ready = await fetch(`${app.url}/api/ready`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ ready: false, worker: 'stopped' })
    // Signed-in admins are told why nothing is reviewed; readers are not.
    const admin = await (await getAs(app, await signIn(app, github, 'owner'), '/api/repos')).json()
    expect(admin).toMatchObject({ modelKeyMissing: true, repos: [{ fullName: 'octo-org/waiting', permission: 'admin' }] })
    const reader = await (await getAs(app, await signIn(app, github, 'reader'), '/api/repos')).json()
    expect(reader).toMatchObject({ modelKeyMissing: false, repos: [{ fullName: 'octo-org/waiting', permission: 'read' }] })
    // Another process on the same data directory waits too, and must start without a restart.
    other = await startApp(settings())
    expect(other.output()).toContain('[worker] waiting for a model API key')
  })

  it('refuses a key Gemini refuses, a request without the setup token or from another origin, and an empty key', async () => {
    const refused = await postKey('not-the-key')
    expect(refused.status).toBe(400)
    expect((await refused.json()).message).toMatch(/Gemini refused this key for gemini-2\.5-flash \(400\)/)
    expect(gemini.requests.filter(request => request.method === 'get').map(request => [request.apiKey, request.model])).toEqual([['not-the-key', 'gemini-2.5-flash']])
    expect((await postKey(gemini.apiKey, { origin: app.url })).status).toBe(403)
    expect((await postKey(gemini.apiKey, { cookie, origin: 'https://evil.example' })).status).toBe(403)
    expect((await postKey('  ')).status).toBe(400)
    expect(existsSync(join(storage, 'model-key.json'))).toBe(false)
    expect(gemini.requests.filter(request => request.method !== 'get')).toHaveLength(0)
  })

  it('stores a key Gemini accepts, encrypted, completes the setup, and reviews what waited without a restart', async () => {
    const saved = await postKey(gemini.apiKey)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toEqual({ next: '/login?setup=done' })
    expect(saved.headers.getSetCookie().join()).toMatch(/revue-setup-token=;/)
    const stored = join(storage, 'model-key.json')
    expect(readFileSync(stored, 'utf8')).not.toContain(gemini.apiKey)
    expect(statSync(stored).mode & 0o777).toBe(0o600)
    expect(existsSync(join(storage, 'setup-token.json'))).toBe(false)
    await expect.poll(() => github.reviews('octo-org', 'waiting', 1).length, { timeout: 15_000 }).toBe(1)
    await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status).toBe(200)
    expect(await (await getAs(app, await signIn(app, github, 'owner'), '/api/repos')).json()).toMatchObject({ modelKeyMissing: false })
    await expect.poll(() => other!.output(), { timeout: 10_000 }).toContain('[worker] reviewing pull requests')
    for (const secret of [gemini.apiKey, readFileSync(join(storage, 'secret-key'), 'utf8').trim()]) {
      expect(app.output()).not.toContain(secret)
      expect(other!.output()).not.toContain(secret)
    }
  })

  it('is over: a second key is refused, /setup leads home', async () => {
    expect((await postKey('another-key')).status).toBe(409)
    expect((await fetch(`${app.url}/setup`, { redirect: 'manual' })).headers.get('location')).toBe('/')
    expect((await fetch(`${app.url}/api/setup/step`, { headers: { cookie } })).status).toBe(404)
  })

  it('keeps both across restarts with the same generated secret key, and NUXT_GEMINI_API_KEY wins over the stored key', async () => {
    const key = readFileSync(join(storage, 'secret-key'), 'utf8')
    await other?.stop()
    other = undefined
    await app.stop()
    app = await startApp(settings())
    await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status).toBe(200)
    expect(readFileSync(join(storage, 'secret-key'), 'utf8')).toBe(key)
    await app.stop()
    app = await startApp({ ...settings(), NUXT_GEMINI_API_KEY: 'from-the-environment' })
    // Connected to Redis (deliveries meanwhile get 503) and reviewing.
    await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status).toBe(200)
    const before = gemini.requests.length
    github.addPullRequest({ owner: 'octo-org', repo: 'waiting', number: 2, headSha, files: [{ filename: 'b.ts', status: 'added', patch: makePatch({ added: ['y()'] }) }] })
    expect((await deliver(app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'waiting', number: 2, headSha }), { secret: github.webhookSecret! })).status).toBe(202)
    await expect.poll(() => gemini.requests.slice(before).map(request => request.apiKey)).toContain('from-the-environment')
    expect(gemini.requests.slice(before).map(request => request.apiKey)).not.toContain(gemini.apiKey)
  })

  it('cannot read what it stored without the secret key it was stored with', async () => {
    await app.stop()
    await expect(startApp({ ...settings(), NUXT_SECRET_KEY: 'another-secret-key-of-at-least-32-characters' }))
      .rejects.toThrow(/Cannot decrypt .*github-app\.json: NUXT_SECRET_KEY is not the key it was stored with/)
  })
})
