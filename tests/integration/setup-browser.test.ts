import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startGeminiServer, type GeminiFake } from '../servers/gemini'
import { startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from '../support/app'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { setupLink } from '../support/setup'

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
