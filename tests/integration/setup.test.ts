import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startGeminiServer, type GeminiFake } from '../fakes/gemini/server'
import { makePatch, startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { cookiesOf, signIn } from '../support/session'
import { openSetup as openSetupOf, runSetup as runSetupOf, setupLink } from '../support/setup'
import { deliver } from '../support/stack'

const SECRET_KEY = 'a-secret-key-of-at-least-32-characters-long'
let github: GitHubFake
let gemini: GeminiFake
let app: RunningApp
const storage = mkdtempSync(join(tmpdir(), 'revue-setup-'))
const settings = () => ({
  NUXT_REDIS_URL: inject('redisUrl'),
  NUXT_REDIS_PREFIX: 'test-setup',
  NUXT_STORAGE_DIR: storage,
  NUXT_SECRET_KEY: SECRET_KEY,
  NUXT_GITHUB_URL: github.url,
  NUXT_GITHUB_API_URL: github.url,
  NUXT_GITHUB_WRITE_INTERVAL_MS: '0',
  NUXT_GEMINI_API_KEY: gemini.apiKey,
  NUXT_GEMINI_BASE_URL: gemini.url,
})

beforeAll(async () => {
  github = await startGitHubServer()
  gemini = await startGeminiServer()
  gemini.setHandler(firstAddedLineReviewer())
  github.addUser({ login: 'owner', repos: { 'octo-org/fresh': 'admin' } })
  app = await startApp(settings())
})
afterAll(async () => {
  await app?.stop()
  await Promise.all([github?.close(), gemini?.close()])
})

const openSetup = (token: string) => openSetupOf(app, token)
const runSetup = (cookie = '', org?: string) => runSetupOf(app, cookie, org)

describe('first-run setup with the App Manifest flow', () => {
  it('leads every page to /setup and refuses webhooks until an App exists', async () => {
    const page = await fetch(`${app.url}/repos/octo-org/fresh`, { redirect: 'manual' })
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe('/setup')
    const ready = await fetch(`${app.url}/api/ready`)
    expect(ready.status).toBe(503)
    const body = await ready.json()
    expect(body).toMatchObject({ ready: false, github: 'not ready' })
    expect(JSON.stringify(body)).not.toMatch(/setup/i)
    const webhook = await deliver(app, 'pull_request', pullRequestPayload())
    expect(webhook.status).toBe(503)
    const refused = await webhook.json()
    expect(refused.message).toBe('Revue is not ready to receive webhooks yet')
    expect(JSON.stringify(refused)).not.toMatch(/setup/i)
  })

  it('opens only with the one-time token of the start-up log: 403 without it or with a wrong one, saying where it is', async () => {
    const link = setupLink(app.output())
    expect(link.origin).toBe(app.url)
    const token = link.searchParams.get('token')!
    expect(token.length).toBeGreaterThanOrEqual(32)
    // Printed once, in that line only; kept on disk as a hash.
    expect(app.output().split(token).length - 1).toBe(1)
    const kept = readFileSync(join(storage, 'setup-token.json'), 'utf8')
    expect(kept).not.toContain(token)

    for (const response of [
      await fetch(`${app.url}/setup`, { redirect: 'manual' }),
      await fetch(`${app.url}/setup?token=${token.slice(0, -1)}x`, { redirect: 'manual' }),
      await fetch(`${app.url}/api/setup?url=${encodeURIComponent(app.url)}`),
      await fetch(`${app.url}/api/setup?url=${encodeURIComponent(app.url)}`, { headers: { cookie: 'revue-setup-token=wrong' } }),
      await fetch(`${app.url}/api/setup/callback?code=abc&state=def`, { headers: { cookie: 'revue-setup-state=def' }, redirect: 'manual' }),
    ]) {
      expect(response.status).toBe(403)
      expect(await response.text()).toMatch(/setup\?token=.*printed in its log at first start.*NUXT_SETUP_TOKEN/s)
    }
    expect(github.conversions).toBe(0)

    const { response, cookie } = await openSetup(token)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/setup')
    expect(response.headers.getSetCookie().join()).toMatch(/revue-setup-token=.*HttpOnly/i)
    expect((await fetch(`${app.url}/setup`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200)
    expect((await fetch(`${app.url}/api/setup?url=javascript:alert(1)`, { headers: { cookie } })).status).toBe(400)
    // Nothing but that one line ever logs it.
    expect(app.output().split(token).length - 1).toBe(1)
  })

  it('creates the App with the permissions and events Revue needs, and stores its keys encrypted', async () => {
    const { cookie } = await openSetup(setupLink(app.output()).searchParams.get('token')!)
    const { manifest, callback } = await runSetup(cookie)
    expect(JSON.stringify(manifest)).not.toContain(cookie.split('=')[1])
    expect(manifest).toMatchObject({
      url: app.url,
      hook_attributes: { url: `${app.url}/api/webhook`, active: true },
      redirect_url: `${app.url}/api/setup/callback`,
      callback_urls: [`${app.url}/auth/github`],
      default_permissions: { pull_requests: 'write', contents: 'read', checks: 'write', issues: 'write', metadata: 'read' },
      default_events: ['pull_request', 'issue_comment'],
    })
    expect(callback!.status).toBe(302)
    expect(callback!.headers.get('location')).toBe('/login?setup=done')
    expect(github.conversions).toBe(1)
    const stored = readFileSync(join(storage, 'github-app.json'), 'utf8')
    for (const secret of [github.privateKey.split('\n')[1]!, github.webhookSecret!, github.oauth.clientSecret]) expect(stored).not.toContain(secret)
    expect(stored).not.toContain('PRIVATE KEY')
    // The token is spent. NUXT_SECRET_KEY is set: no key is generated.
    expect(existsSync(join(storage, 'setup-token.json'))).toBe(false)
    expect(existsSync(join(storage, 'secret-key'))).toBe(false)
    expect(callback!.headers.getSetCookie().join()).toMatch(/revue-setup-token=;/)
  })

  it('then works: ready, signed webhooks reviewed, sign-in with the new App', async () => {
    await expect.poll(async () => (await (await fetch(`${app.url}/api/ready`)).json()).github).toBe('ok')
    const headSha = 'c'.repeat(40)
    github.addPullRequest({ owner: 'octo-org', repo: 'fresh', number: 1, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x()'] }) }] })
    const response = await deliver(app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'fresh', number: 1, headSha }), { secret: github.webhookSecret! })
    expect(response.status).toBe(202)
    await expect.poll(() => github.reviews('octo-org', 'fresh', 1).length, { timeout: 15_000 }).toBe(1)
    const cookie = await signIn(app, github, 'owner')
    expect((await fetch(`${app.url}/api/repos`, { headers: { cookie } })).status).toBe(200)
  })

  it('is gone once set up: nobody can run it again to take the App over', async () => {
    expect((await fetch(`${app.url}/setup`, { redirect: 'manual' })).headers.get('location')).toBe('/')
    const { form } = await runSetup(`revue-setup-token=${setupLink(app.output()).searchParams.get('token')}`)
    expect(form.status).toBe(404)
    const replay = await fetch(`${app.url}/api/setup/callback?code=abc&state=def`)
    expect(replay.status).toBe(409)
    expect(github.conversions).toBe(1)
  })

  it('keeps the App across restarts, needs the same key, and lets environment variables win', async () => {
    await app.stop()
    await expect(startApp({ ...settings(), NUXT_SECRET_KEY: 'another-secret-key-of-at-least-32-characters' }))
      .rejects.toThrow(/Cannot decrypt .*github-app\.json: NUXT_SECRET_KEY is not the key it was stored with/)
    app = await startApp({ ...settings(), NUXT_GITHUB_WEBHOOK_SECRET: 'from-the-environment' })
    await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status).toBe(200)
    expect((await deliver(app, 'pull_request', pullRequestPayload(), { secret: github.webhookSecret! })).status).toBe(401)
    expect((await deliver(app, 'ping', { zen: 'z' }, { secret: 'from-the-environment' })).status).toBe(200)
  })

  it('takes its token from NUXT_SETUP_TOKEN when set, and never prints it', async () => {
    const other = await startApp({ ...settings(), NUXT_REDIS_PREFIX: 'test-setup-env', NUXT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'revue-setup-')), NUXT_SETUP_TOKEN: 'an-operator-chosen-setup-token' })
    try {
      expect(other.output()).toContain('/setup?token=<NUXT_SETUP_TOKEN>')
      expect(other.output()).not.toContain('an-operator-chosen-setup-token')
      expect((await fetch(`${other.url}/setup?token=another-token`, { redirect: 'manual' })).status).toBe(403)
      const opened = await fetch(`${other.url}/setup?token=an-operator-chosen-setup-token`, { redirect: 'manual' })
      expect(opened.status).toBe(302)
      expect((await fetch(`${other.url}/api/setup?url=${encodeURIComponent(other.url)}`, { headers: { cookie: cookiesOf(opened) } })).status).toBe(200)
    }
    finally {
      await other.stop()
    }
  })
})
