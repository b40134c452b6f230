import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGeminiServer, type GeminiFake } from '../fakes/gemini/server'
import { makePatch, startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from '../support/app'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { setupLink } from '../support/setup'
import { deliver } from '../support/stack'

// The production server as a fresh clone runs it: nothing set but where GitHub and Gemini are (here the local ones),
// a fresh data directory (startApp's), no secret key, no model key, no session password, no Redis URL (the embedded one).
let github: GitHubFake
let gemini: GeminiFake
let app: RunningApp
let browser: Browser
beforeAll(async () => {
  github = await startGitHubServer()
  gemini = await startGeminiServer()
  gemini.setHandler(firstAddedLineReviewer())
  github.addUser({ login: 'founder', repos: { 'octo-org/first': 'admin' } })
  app = await startApp({ NUXT_GITHUB_URL: github.url, NUXT_GITHUB_API_URL: github.url, NUXT_GEMINI_BASE_URL: gemini.url })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await Promise.all([github?.close(), gemini?.close()])
})

describe('a fresh clone in Chromium', () => {
  it('walks from / through the App and the model key to a dashboard that reviews', async () => {
    expect(app.output()).toMatch(/started an embedded redis-server/)
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await page.goto(`${app.url}/`)
    await page.waitForURL(`${app.url}/setup`)
    await page.goto(setupLink(app.output()).href)
    await page.waitForURL(`${app.url}/setup`)
    await expect.poll(() => page.getByTestId('setup-url').inputValue()).toBe(app.url)
    await page.getByTestId('setup-button').click()

    // The local GitHub creates the App from the manifest and sends the browser back, to the key step.
    await page.getByTestId('model-key-form').waitFor()
    expect(github.conversions).toBe(1)
    await page.getByTestId('model-key').fill('not-the-key')
    await page.getByTestId('model-key-button').click()
    await expect.poll(() => page.getByTestId('error-state').textContent()).toMatch(/Gemini refused this key/)
    await page.getByTestId('model-key').fill(gemini.apiKey)
    await page.screenshot({ path: join(ARTIFACTS, 'first-run-key.png'), fullPage: true })
    await page.getByTestId('model-key-button').click()

    await page.waitForURL(/\/login\?setup=done$/)
    await page.getByTestId('signin-button').click()
    await page.waitForURL(`${app.url}/`)
    await page.locator('[data-testid="repo-link"][href="/repos/octo-org/first"]').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'first-run-dashboard.png'), fullPage: true })

    // Reviews run in the same process, started by the setup without a restart.
    const headSha = 'e'.repeat(40)
    github.addPullRequest({ owner: 'octo-org', repo: 'first', number: 1, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x()'] }) }] })
    const delivered = await deliver(app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'first', number: 1, headSha }), { secret: github.webhookSecret! })
    expect(delivered.status).toBe(202)
    await page.goto(`${app.url}/repos/octo-org/first`)
    await page.locator('[data-testid="job-row"][data-state="completed"]').waitFor({ timeout: 30_000 })
    expect(github.reviews('octo-org', 'first', 1)).toHaveLength(1)
    expect(app.output()).not.toContain(gemini.apiKey)
  })
})
