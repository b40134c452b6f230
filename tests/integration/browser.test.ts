import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GeminiReply } from '../fakes/gemini/script'
import { makePatch } from '../fakes/github/server'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { issueCommentPayload, pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, type Stack } from '../support/stack'

let stack: Stack
let browser: Browser
beforeAll(async () => {
  // Open streams re-check access every 2 s here, so a lost access shows within the test.
  stack = await startStack({ NUXT_ACCESS_CACHE_MS: '2000' })
  stack.github.addUser({ login: 'alice', name: 'Alice Maintainer', repos: { 'octo-org/hello': 'push' } })
  stack.github.addUser({ login: 'bob', repos: { 'octo-org/other': 'read' } })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function signInPage(login: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  stack.github.authorizeAs(login)
  await page.goto(`${stack.app.url}/`)
  await page.waitForURL(/\/login/)
  await page.getByTestId('signin-button').click()
  await page.waitForURL(`${stack.app.url}/`)
  return page
}

describe('the dashboard in Chromium', () => {
  it('signs in, opens a repository and watches a review stream in live without reloading', async () => {
    const page = await signInPage('alice')
    await page.screenshot({ path: join(ARTIFACTS, 'repositories.png'), fullPage: true })
    await page.locator('[data-testid="repo-link"][href="/repos/octo-org/hello"]').click()
    await page.waitForURL(/\/repos\/octo-org\/hello$/)
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1)

    // The model answers only when the test lets it, so the job can be watched while it runs.
    let release: () => void = () => {}
    const answered = new Promise<void>(resolve => (release = resolve))
    stack.gemini.setHandler(async (request): Promise<GeminiReply> => {
      await answered
      return firstAddedLineReviewer()(request)
    })
    const headSha = 'b'.repeat(40)
    stack.github.addPullRequest({
      owner: 'octo-org', repo: 'hello', number: 7, headSha, title: 'Parse the config safely',
      files: [{ filename: 'src/config.ts', status: 'modified', patch: makePatch({ context: ['export function load(text: string) {'], added: ['  return eval(text)'] }, 3) }],
    })
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'hello', number: 7, headSha, title: 'Parse the config safely' }))
    const { queued } = await response.json() as { queued: string }

    const row = page.locator(`[data-testid="job-row"][data-job-id="${queued}"]`)
    await row.waitFor({ timeout: 15_000 })
    await expect.poll(() => row.textContent()).toContain('Parse the config safely')
    await page.screenshot({ path: join(ARTIFACTS, 'jobs.png'), fullPage: true })
    await row.click()
    await page.waitForURL(/\/jobs\//)
    await expect.poll(async () => (await page.getByTestId('log-line').allTextContents()).join('\n'), { timeout: 15_000 }).toContain('Asking')
    const linesBefore = await page.getByTestId('log-line').count()
    release()
    await expect.poll(async () => (await page.getByTestId('log-line').allTextContents()).join('\n'), { timeout: 15_000 }).toContain('Posted a review')
    expect(await page.getByTestId('log-line').count()).toBeGreaterThan(linesBefore)
    await page.getByTestId('review-summary').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByTestId('finding').count()).toBe(1)
    expect(await page.getByTestId('finding').textContent()).toContain('src/config.ts')
    // The cost of the review, estimated from its tokens at the model's list price.
    await expect.poll(() => page.getByTestId('job-cost').textContent()).toMatch(/^\s*\$0\.\d{4}\s*$/)
    // Gemini's models are named as before providers: by their name alone.
    expect((await page.getByTestId('review-model').textContent())?.trim()).toBe('gemini-2.5-flash')
    expect(await page.getByTestId('job-cost').getAttribute('title')).toBe('gemini-2.5-flash at list price (or NUXT_MODEL_PRICES)')
    expect(stack.github.reviews('octo-org', 'hello', 7)).toHaveLength(1)
    expect(await page.getByTestId('review-scope').count()).toBe(0)
    await page.screenshot({ path: join(ARTIFACTS, 'job.png'), fullPage: true })

    // A push: the next review covers only what changed, and its page says since which commit.
    const nextSha = 'c'.repeat(40)
    stack.github.setHead('octo-org', 'hello', 7, nextSha, [{ filename: 'src/config.ts', status: 'modified', patch: makePatch({ context: ['export function load(text: string) {'], added: ['  return eval(text)', '  // TODO'] }, 3) }])
    const pushed = await deliver(stack.app, 'pull_request', pullRequestPayload({ action: 'synchronize', owner: 'octo-org', repo: 'hello', number: 7, headSha: nextSha }))
    const next = (await pushed.json() as { queued: string }).queued
    await page.goto(`${stack.app.url}/repos/octo-org/hello/jobs/${encodeURIComponent(next)}`)
    await expect.poll(() => page.getByTestId('review-scope').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByTestId('review-scope').textContent()).toContain(`since ${headSha.slice(0, 7)}`)
    await page.context().close()
  })

  it('lists a /revue command live with its outcome, and leads to the review it queued', async () => {
    const page = await signInPage('alice')
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await page.getByTestId('job-row').first().waitFor()
    stack.gemini.setHandler(firstAddedLineReviewer())
    const body = '/revue review'
    const stored = stack.github.addIssueComment('octo-org', 'hello', 7, { body, user: { login: 'alice', type: 'User' } })
    const response = await deliver(stack.app, 'issue_comment', issueCommentPayload({ owner: 'octo-org', repo: 'hello', number: 7, title: 'Parse the config safely', comment: { id: stored.id, body, user: { login: 'alice', type: 'User' } } }))
    const { queued } = await response.json() as { queued: string }

    const row = page.locator(`[data-testid="job-row"][data-job-id="${queued}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.getByTestId('job-kind').textContent()).toContain('Command')
    expect(await row.textContent()).toContain('/revue review by @alice')
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('completed')
    await row.click()
    await page.waitForURL(/\/jobs\//)
    const outcome = page.getByTestId('command-outcome')
    await outcome.waitFor({ timeout: 15_000 })
    expect(await outcome.getAttribute('data-status')).toBe('done')
    expect((await page.getByTestId('log-line').allTextContents()).join('\n')).toContain('Queued a full review')
    await page.screenshot({ path: join(ARTIFACTS, 'command.png'), fullPage: true })
    await page.getByTestId('command-review-link').click()
    await page.waitForURL(/~c\d+$/)
    await expect.poll(async () => (await page.getByTestId('log-line').allTextContents()).join('\n'), { timeout: 15_000 }).toContain('Posted a review')
    await page.context().close()
  })

  it('shows a user without access that they cannot read the repository', async () => {
    const page = await signInPage('bob')
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await page.getByTestId('error-state').waitFor()
    expect(await page.getByTestId('error-state').textContent()).toMatch(/access/i)
    expect(await page.getByTestId('job-row').count()).toBe(0)
    await page.context().close()
  })

  it('fits a phone screen and has a dark mode', async () => {
    const page = await signInPage('alice', { width: 375, height: 740 })
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await page.getByTestId('job-row').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.screenshot({ path: join(ARTIFACTS, 'jobs-phone.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.evaluate(() => localStorage.setItem('nuxt-color-mode', 'dark'))
    await page.reload()
    await page.getByTestId('job-row').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'jobs-phone-dark.png'), fullPage: true })
    await page.context().close()
  })
})

describe('when access or the session ends, in Chromium', () => {
  it('says why the live stream stopped when read access is lost, and does not reconnect into a 403', async () => {
    stack.github.addUser({ login: 'gus', repos: { 'octo-org/fading': 'read' } })
    const page = await signInPage('gus')
    let streams = 0
    page.on('request', (request) => {
      if (request.url().includes('/api/jobs/stream')) streams++
    })
    await page.goto(`${stack.app.url}/repos/octo-org/fading`)
    await expect.poll(() => page.getByTestId('stream-status').getAttribute('data-status')).toBe('open')
    stack.github.addUser({ login: 'gus', repos: {} })
    await page.getByTestId('error-state').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('error-state').textContent()).toContain('You do not have access to this repository')
    const opened = streams
    await page.waitForTimeout(4000)
    expect(streams).toBe(opened)
    await page.context().close()
  })

  it('takes every tab to /login when one of them signs out', async () => {
    const page = await signInPage('alice')
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await expect.poll(() => page.getByTestId('stream-status').getAttribute('data-status')).toBe('open')
    const other = await page.context().newPage()
    await other.goto(`${stack.app.url}/`)
    await other.getByTestId('user-menu').click()
    await other.getByTestId('signout-button').click()
    await other.waitForURL(/\/login$/)
    await page.waitForURL(/\/login$/, { timeout: 5000 })
    expect(await page.getByTestId('signed-out-notice').textContent()).toContain('You have signed out')
    await page.context().close()
  })

  it('shows only its own texts for /login?error=, never text from the address', async () => {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${stack.app.url}/login?error=${encodeURIComponent('<b>Call +1 555 0100</b> to restore your account')}`)
    const shown = await page.getByTestId('error-state').textContent()
    expect(shown).toContain('Sign-in failed')
    expect(shown).not.toContain('555')
    await page.goto(`${stack.app.url}/login?error=session-expired`)
    expect(await page.getByTestId('error-state').textContent()).toContain('Your GitHub sign-in expired or was revoked')
    await page.context().close()
  })
})
