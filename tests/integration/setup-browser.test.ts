import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startAnthropicServer } from '../fakes/anthropic/server'
import type { AnthropicFake } from '../fakes/anthropic/types'
import { startGeminiServer, type GeminiFake } from '../fakes/gemini/server'
import { startOpenAIServer } from '../fakes/openai/server'
import type { OpenAIFake } from '../fakes/openai/types'
import { makePatch, startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from '../support/app'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { pullRequestPayload } from '../support/payloads'
import { setupLink } from '../support/setup'
import { deliver } from '../support/stack'

let github: GitHubFake
let gemini: GeminiFake
let app: RunningApp
let browser: Browser
beforeAll(async () => {
  github = await startGitHubServer()
  gemini = await startGeminiServer()
  github.addUser({ login: 'founder', repos: { 'octo-org/first': 'admin' } })
  app = await startApp({
    NUXT_REDIS_URL: inject('redisUrl'),
    NUXT_REDIS_PREFIX: 'test-setup-browser',
    NUXT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'revue-setup-')),
    NUXT_SECRET_KEY: 'a-secret-key-of-at-least-32-characters-long',
    NUXT_GITHUB_URL: github.url,
    NUXT_GITHUB_API_URL: github.url,
    NUXT_GEMINI_API_KEY: gemini.apiKey,
    NUXT_GEMINI_BASE_URL: gemini.url,
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await Promise.all([github?.close(), gemini?.close()])
})

describe('first run in Chromium', () => {
  it('leads a person from no configuration through creating the App to a working dashboard', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    // A stranger's browser: led to /setup, which does not open without the token.
    const refused = await page.goto(`${app.url}/`)
    await page.waitForURL(/\/setup$/)
    expect(refused?.status()).toBe(403)
    await expect.poll(() => page.locator('body').textContent()).toMatch(/setup token|one-time token/i)
    // The operator's: the link the server printed at start-up.
    await page.goto(setupLink(app.output()).href)
    await page.waitForURL(`${app.url}/setup`)
    await expect.poll(() => page.getByTestId('setup-url').inputValue()).toBe(app.url)
    await page.screenshot({ path: join(ARTIFACTS, 'setup.png'), fullPage: true })
    await page.getByTestId('setup-button').click()
    // GitHub (here the local one) creates the App from the manifest and sends the browser back.
    await page.waitForURL(/\/login\?setup=done$/)
    expect(github.conversions).toBe(1)
    expect(github.manifests[0]?.manifest).toMatchObject({ hook_attributes: { url: `${app.url}/api/webhook` } })
    await page.screenshot({ path: join(ARTIFACTS, 'setup-done.png'), fullPage: true })
    await page.getByTestId('signin-button').click()
    await page.waitForURL(`${app.url}/`)
    await page.locator('[data-testid="repo-link"][href="/repos/octo-org/first"]').waitFor()
    await page.goto(`${app.url}/setup`)
    await page.waitForURL(`${app.url}/`)
  })
})

describe('first run with Ollama in Chromium', () => {
  // No model key and nothing chosen: the setup asks for the model after the App, Gemini first.
  let forge: GitHubFake
  let ollama: OpenAIFake
  let anthropic: AnthropicFake
  let local: RunningApp
  beforeAll(async () => {
    forge = await startGitHubServer()
    ollama = await startOpenAIServer({ flavour: 'ollama' })
    anthropic = await startAnthropicServer()
    forge.addUser({ login: 'founder', repos: { 'octo-org/local': 'admin' } })
    local = await startApp({
      NUXT_REDIS_URL: inject('redisUrl'),
      NUXT_REDIS_PREFIX: 'test-setup-browser-ollama',
      NUXT_GITHUB_URL: forge.url,
      NUXT_GITHUB_API_URL: forge.url,
      NUXT_ANTHROPIC_BASE_URL: anthropic.url,
      NUXT_GITHUB_WRITE_INTERVAL_MS: '0',
      NUXT_WORKER_DEBOUNCE_MS: '0',
    })
  })
  afterAll(async () => {
    await local?.stop()
    await Promise.all([forge?.close(), ollama?.close(), anthropic?.close()])
  })

  it('refuses a wrong Anthropic key, picks Ollama on another machine with no key, and names it on the review', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await page.goto(setupLink(local.output()).href)
    await page.getByTestId('setup-button').click()
    await page.getByTestId('model-key-form').waitFor()
    expect(await page.getByTestId('model-name').inputValue()).toBe('gemini-2.5-flash')
    expect(await page.getByTestId('model-key').count()).toBe(1)
    expect(await page.getByTestId('model-key-button').isDisabled()).toBe(true)

    // Another provider starts from its usual model; its key is checked with it.
    await page.getByTestId('model-provider').getByRole('radio', { name: 'Anthropic' }).click()
    await expect.poll(() => page.getByTestId('model-name').inputValue()).toBe('claude-sonnet-4-6')
    await page.getByTestId('model-key').fill('wrong')
    await page.getByTestId('model-key-button').click()
    await expect.poll(() => page.getByTestId('error-state').textContent()).toMatch(/Anthropic refused this key for claude-sonnet-4-6/)
    expect(anthropic.requests.map(request => [request.method, request.model])).toEqual([['get', 'claude-sonnet-4-6']])

    await page.getByTestId('model-provider').getByRole('radio', { name: 'Ollama' }).click()
    await expect.poll(() => page.getByTestId('model-name').inputValue()).toBe('qwen2.5-coder:14b')
    expect(await page.getByTestId('model-key').count()).toBe(0)
    expect(await page.getByTestId('model-provider').textContent()).toContain('Reviews stay on your machines')
    await page.getByTestId('model-base-url').fill(ollama.url)
    await page.screenshot({ path: join(ARTIFACTS, 'setup-ollama.png'), fullPage: true })
    await page.getByTestId('model-key-button').click()
    await page.waitForURL(/\/login\?setup=done$/)
    expect(ollama.requests.map(request => [request.method, request.model])).toEqual([['get', 'qwen2.5-coder:14b']])

    // Reviews start at once, with Ollama, and the job page says so.
    await page.getByTestId('signin-button').click()
    await page.waitForURL(`${local.url}/`)
    const headSha = 'f'.repeat(40)
    forge.addPullRequest({ owner: 'octo-org', repo: 'local', number: 1, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x()'] }) }] })
    const delivered = await deliver(local, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'local', number: 1, headSha }), { secret: forge.webhookSecret! })
    const { queued } = await delivered.json() as { queued: string }
    await page.goto(`${local.url}/repos/octo-org/local/jobs/${encodeURIComponent(queued)}`)
    await expect.poll(() => page.getByTestId('review-model').textContent(), { timeout: 30_000 }).toContain('qwen2.5-coder:14b · Ollama (local)')
    expect(await page.getByTestId('job-cost').textContent()).toMatch(/^\s*\$0\.0000\s*$/)
    expect(ollama.requests.filter(request => request.method === 'chat').map(request => request.model)).toContain('qwen2.5-coder:14b')
    await page.screenshot({ path: join(ARTIFACTS, 'setup-ollama-review.png'), fullPage: true })
    await page.context().close()
  })
})
