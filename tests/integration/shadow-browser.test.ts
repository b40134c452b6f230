import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch, type FakeFile } from '../fakes/github/server'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
const REPO = 'shadowed'
const NUMBER = 4
const HEAD = 'd'.repeat(40)

let stack: Stack
let browser: Browser
let postedJob: string
beforeAll(async () => {
  stack = await startStack()
  stack.github.addUser({ login: 'alice', name: 'Alice Maintainer', repos: { [`${OWNER}/${REPO}`]: 'push' } })
  stack.github.addUser({ login: 'rita', name: 'Rita Reader', repos: { [`${OWNER}/${REPO}`]: 'read' } })
  browser = await launchChromium()

  // The posted review flags a.ts and b.ts.
  stack.gemini.setHandler(firstAddedLineReviewer({ flag: path => path !== 'src/c.ts' }))
  const file = (name: string): FakeFile => ({ filename: name, status: 'modified', patch: makePatch({ context: ['export {}'], added: [`export const ${name.slice(4, 5)} = eval(input)`] }, 1) })
  stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD, title: 'Evaluate the inputs', files: ['src/a.ts', 'src/b.ts', 'src/c.ts'].map(file) })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD, title: 'Evaluate the inputs' }))
  postedJob = (await response.json() as { queued: string }).queued
  expect((await waitForJob(stack.queue, postedJob)).returnvalue?.status).toBe('posted')
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function signInPage(login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  stack.github.authorizeAs(login)
  await page.goto(`${stack.app.url}/`)
  await page.waitForURL(/\/login/)
  await page.getByTestId('signin-button').click()
  await page.waitForURL(`${stack.app.url}/`)
  return page
}

const jobUrl = (id: string) => `${stack.app.url}/repos/${OWNER}/${REPO}/jobs/${encodeURIComponent(id)}`

/**
 * Requests that change something on GitHub. Minting an installation token and the user's OAuth exchange are POSTs
 * too, but they are how Revue reads, not writes.
 */
const writes = () => stack.github.requests.filter(request => !['GET', 'HEAD'].includes(request.method)
  && !/^\/app\/installations\/\d+\/access_tokens$/.test(request.path)
  && !request.path.startsWith('/login/oauth/'))

describe('shadow runs in Chromium', () => {
  it('starts a shadow run from a review, shows it beside the posted review, and writes nothing to GitHub', async () => {
    const page = await signInPage('alice')
    await page.goto(jobUrl(postedJob))
    const form = page.getByTestId('shadow-form')
    await form.waitFor({ timeout: 15_000 })
    expect(await page.locator('section', { has: form }).textContent()).toContain('posts nothing on GitHub')

    // A model of another provider, which the server does not allow: refused with the server's reason, and no job.
    await page.getByTestId('shadow-model').fill('anthropic:claude-sonnet-4-6')
    await page.getByTestId('shadow-submit').click()
    await page.getByTestId('shadow-error').waitFor()
    expect(await page.getByTestId('shadow-error').textContent()).toContain('model: anthropic:claude-sonnet-4-6 is not allowed on this Revue server')
    expect(page.url()).toBe(jobUrl(postedJob))

    // The server's own model with a draft configuration; this time the model flags b.ts and c.ts.
    stack.gemini.setHandler(firstAddedLineReviewer({
      flag: path => path !== 'src/a.ts',
      finding: path => ({ body: `The shadow model sees a problem in ${path}.` }),
    }))
    const writesBefore = writes().length
    await page.getByTestId('shadow-model').fill('')
    await page.getByTestId('shadow-config').fill('min_severity: low')
    await page.screenshot({ path: join(ARTIFACTS, 'shadow-form.png'), fullPage: true })
    await page.getByTestId('shadow-submit').click()
    await page.waitForURL(url => url.pathname.includes('/jobs/') && !url.href.startsWith(jobUrl(postedJob)), { timeout: 15_000 })
    const shadowJob = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)

    await page.getByTestId('shadow-badge').waitFor()
    await expect.poll(() => page.getByTestId('log-line').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('shadow-form').count()).toBe(0)
    const comparison = page.locator('[data-testid="shadow-comparison"][data-ready="true"]')
    await comparison.waitFor({ timeout: 30_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'shadow-comparison.png'), fullPage: true })

    const group = (match: string) => comparison.getByTestId(`compare-${match}`)
    expect(await group('both').getAttribute('data-count')).toBe('1')
    expect(await group('both').getByTestId('compare-location').textContent()).toContain('src/b.ts:')
    expect(await group('both').textContent()).toContain('The shadow model sees a problem in src/b.ts.')
    expect(await group('posted').getByTestId('compare-location').allTextContents()).toEqual([expect.stringContaining('src/a.ts:')])
    expect(await group('shadow').getByTestId('compare-location').allTextContents()).toEqual([expect.stringContaining('src/c.ts:')])
    expect(await group('both').getByTestId('severity').count()).toBe(2)

    for (const side of ['posted', 'shadow']) {
      const column = comparison.getByTestId(`compare-side-${side}`)
      expect(await column.getByTestId('compare-model').textContent()).toMatch(/gemini/i)
      expect(await column.getByTestId('compare-cost').textContent()).toMatch(/\$0\.\d{4}/)
      expect((await column.getByTestId('compare-findings').textContent())?.trim()).toBe('2')
    }
    expect(await comparison.getByTestId('compare-side-posted-link').getAttribute('href')).toMatch(/^https?:\/\//)

    // The repository's list marks it, and GitHub saw no write since it was queued.
    await page.goto(`${stack.app.url}/repos/${OWNER}/${REPO}`)
    const row = page.locator(`[data-testid="job-row"][data-job-id="${shadowJob}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.getByTestId('job-shadow').textContent()).toContain('Shadow')
    expect(await page.locator(`[data-testid="job-row"][data-job-id="${postedJob}"]`).getByTestId('job-shadow').count()).toBe(0)
    expect(writes().slice(writesBefore)).toEqual([])
    expect(stack.github.reviews(OWNER, REPO, NUMBER)).toHaveLength(1)
    await page.context().close()
  })

  it('offers no shadow run to a reader', async () => {
    const page = await signInPage('rita')
    await page.goto(jobUrl(postedJob))
    await page.getByTestId('job-facts').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('review-outcome').count()).toBe(1)
    expect(await page.getByTestId('shadow-form').count()).toBe(0)
    await page.context().close()
  })
})
