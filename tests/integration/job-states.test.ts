import { STATUS_CODES } from 'node:http'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDetailResponse, JobEvent, JobSummary } from '../../shared/schemas/api'
import type { GeminiReply } from '../fakes/gemini/script'
import { makePatch } from '../fakes/github/server'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, postAs, signIn } from '../support/session'
import { openEventStream, type EventStreamReader } from '../support/sse'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// Every webhook review waits out a 5 s debounce, as in production. One refusal pauses installation 7 for 12 s:
// longer than the debounce, so a review queued after the refusal still finds its installation paused.
let stack: Stack
let browser: Browser
let cookie: string
beforeAll(async () => {
  stack = await startStack({ NUXT_WORKER_DEBOUNCE_MS: '5000', NUXT_WORKER_BREAKER_THRESHOLD: '1', NUXT_WORKER_BREAKER_COOLDOWN_MS: '12000' })
  stack.github.addInstallation(7, ['octo-org/locked'])
  stack.github.addUser({ login: 'alice', repos: { 'octo-org/hello': 'read', 'octo-org/locked': 'read' } })
  stack.github.addUser({ login: 'bob', repos: {} })
  stack.github.addUser({ login: 'carol', repos: { 'octo-org/hello': 'push' } })
  stack.gemini.setHandler(firstAddedLineReviewer())
  cookie = await signIn(stack.app, stack.github, 'alice')
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

let nextNumber = 1
async function openPullRequest(repo: 'hello' | 'locked', title: string): Promise<string> {
  const number = nextNumber++
  const headSha = number.toString(16).padStart(40, 'd')
  const installationId = repo === 'locked' ? 7 : 1
  stack.github.addPullRequest({
    owner: 'octo-org', repo, number, headSha, title, installationId,
    files: [{ filename: 'src/feature.ts', status: 'added', patch: makePatch({ added: ['export const feature = eval(input)'] }) }],
  })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo, number, headSha, title, installationId }))
  return (await response.json() as { queued: string }).queued
}

async function detail(jobId: string): Promise<JobDetailResponse> {
  return await (await getAs(stack.app, cookie, `/api/jobs/${encodeURIComponent(jobId)}`)).json() as JobDetailResponse
}
const summary = async (jobId: string): Promise<JobSummary> => (await detail(jobId)).job

function openStream(repo: string): Promise<EventStreamReader> {
  return openEventStream(`${stack.app.url}/api/jobs/stream?repo=octo-org/${repo}`, { cookie })
}
function jobEvents(reader: EventStreamReader, jobId: string): JobEvent[] {
  return reader.events.filter(event => event.event === 'job').map(event => JSON.parse(event.data) as JobEvent).filter(event => event.jobId === jobId)
}

async function signedInPage(viewport: { width: number, height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage()
  stack.github.authorizeAs('alice')
  await page.goto(`${stack.app.url}/`)
  await page.waitForURL(/\/login/)
  await page.getByTestId('signin-button').click()
  await page.waitForURL(`${stack.app.url}/`)
  return page
}

async function jobPage(jobId: string): Promise<Page> {
  const page = await signedInPage({ width: 1280, height: 900 })
  await page.goto(`${stack.app.url}/repos/octo-org/${jobId.split('#')[0]!.split('/')[1]}/jobs/${encodeURIComponent(jobId)}`)
  return page
}

/** Each row of the job facts grid reaches the grid's right edge: no empty cell is left at the end of a row. */
function factsRowsFilled(page: Page): Promise<boolean> {
  return page.getByTestId('job-facts').evaluate((grid) => {
    const right = grid.getBoundingClientRect().right - grid.clientLeft
    const rows = new Map<number, number>()
    for (const cell of grid.children) {
      const box = cell.getBoundingClientRect()
      rows.set(Math.round(box.top), Math.max(rows.get(Math.round(box.top)) ?? 0, box.right))
    }
    return [...rows.values()].every(end => Math.abs(end - right) < 1.5)
  })
}

describe('a job\'s state, as the API, the live stream and the dashboard tell it', () => {
  it('shows a debounced webhook review as waiting for more pushes, then runs it as attempt 1 of N', async () => {
    let release: () => void = () => {}
    const answered = new Promise<void>(resolve => (release = resolve))
    stack.gemini.setHandler(async (request): Promise<GeminiReply> => {
      await answered
      return firstAddedLineReviewer()(request)
    })
    const reader = await openStream('hello')
    const page = await signedInPage({ width: 375, height: 740 })
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await page.getByTestId('empty-state').waitFor()

    const jobId = await openPullRequest('hello', 'Debounced')
    const waiting = await summary(jobId)
    expect(waiting).toMatchObject({ state: 'delayed', delay: { reason: 'debounce' }, attemptsMade: 0, attempt: 0 })
    expect(waiting.failedReason).toBeUndefined()
    await reader.until(() => jobEvents(reader, jobId).length > 0)
    expect(jobEvents(reader, jobId)[0]).toEqual({ jobId, state: 'delayed', delay: { reason: 'debounce' } })
    const badge = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"] [data-testid="job-state"]`)
    await expect.poll(() => badge.getAttribute('data-delay')).toBe('debounce')
    expect(await badge.textContent()).toContain('Waiting for pushes')
    await page.screenshot({ path: join(ARTIFACTS, 'jobs-debounce-phone.png'), fullPage: true })
    // On a wide screen the badge fits its column on one line.
    await page.setViewportSize({ width: 1280, height: 900 })
    expect((await badge.boundingBox())?.height).toBeLessThan(30)
    await page.screenshot({ path: join(ARTIFACTS, 'jobs-debounce.png'), fullPage: true })

    await expect.poll(async () => (await summary(jobId)).state, { timeout: 15_000 }).toBe('active')
    expect(await summary(jobId)).toMatchObject({ attemptsMade: 0, attempt: 1, maxAttempts: 5 })
    expect((await summary(jobId)).delay).toBeUndefined()
    await page.goto(`${stack.app.url}/repos/octo-org/hello/jobs/${encodeURIComponent(jobId)}`)
    await expect.poll(() => page.getByTestId('job-attempts').textContent()).toMatch(/^\s*1 of 5\s*$/)
    expect(await page.getByTestId('job-state').textContent()).toContain('Active')

    release()
    await waitForJob(stack.queue, jobId)
    await reader.until(() => jobEvents(reader, jobId).some(event => event.state === 'completed'))
    expect(jobEvents(reader, jobId).map(event => event.state)).toEqual(['delayed', 'active', 'completed'])
    const done = await detail(jobId)
    expect(done.job).toMatchObject({ state: 'completed', attemptsMade: 1, attempt: 1 })
    // Counts agree with their nouns, and a line has no empty fields (nothing was skipped).
    const files = done.logs.find(line => / changed file/.test(line.message))
    expect(files).toMatchObject({ message: '1 changed file: 1 to review, 0 skipped' })
    expect(files?.data).toBeUndefined()
    expect(done.logs.at(-1)?.message).toMatch(/^Posted a review with 1 inline comment: /)

    await expect.poll(() => page.getByTestId('job-state').textContent()).toContain('Completed')
    expect(await page.getByTestId('job-attempts').textContent()).toMatch(/^\s*1 of 5\s*$/)
    expect(await page.getByTestId('log-panel').textContent()).not.toContain('skipped=')
    await page.screenshot({ path: join(ARTIFACTS, 'job-phone.png'), fullPage: true })
    expect(await factsRowsFilled(page)).toBe(true)
    for (const width of [640, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await factsRowsFilled(page), `${width} px`).toBe(true)
    }
    await page.context().close()
    reader.close()
    stack.gemini.setHandler(firstAddedLineReviewer())
  })

  it('shows a review waiting to retry after a failed attempt as a retry, with the failure', async () => {
    const reader = await openStream('hello')
    // Two 429s exhaust the SDK's own retry (NUXT_GEMINI_RETRIES=1): the job waits the 6 s RetryInfo asked for.
    stack.gemini.queue({ status: 429, retryDelay: '6s' }, { status: 429, retryDelay: '6s' })
    const jobId = await openPullRequest('hello', 'Retried')
    await expect.poll(async () => (await summary(jobId)).delay?.reason, { timeout: 15_000 }).toBe('retry')
    const retrying = await summary(jobId)
    expect(retrying).toMatchObject({ state: 'delayed', attemptsMade: 1, attempt: 1, failedReason: expect.stringMatching(/\S/) })
    expect(retrying.delay).toEqual({ reason: 'retry', failure: retrying.failedReason })
    await reader.until(() => jobEvents(reader, jobId).some(event => event.delay?.reason === 'retry'))
    expect(jobEvents(reader, jobId).map(event => [event.state, event.delay?.reason])).toEqual([['delayed', 'debounce'], ['active', undefined], ['delayed', 'retry']])
    expect(jobEvents(reader, jobId)[2]?.delay).toEqual({ reason: 'retry', failure: retrying.failedReason })
    const page = await jobPage(jobId)
    await expect.poll(() => page.getByTestId('job-state').getAttribute('data-delay')).toBe('retry')
    expect(await page.getByTestId('job-state').textContent()).toContain('Retrying soon')
    expect(await page.getByTestId('job-waiting').textContent()).toContain(`Attempt 1 of 5 failed: ${retrying.failedReason!.replace(/\.$/, '')}. Attempt 2 starts`)
    await page.screenshot({ path: join(ARTIFACTS, 'job-retry.png'), fullPage: true })
    await page.context().close()

    expect((await waitForJob(stack.queue, jobId)).returnvalue?.status).toBe('posted')
    expect(await summary(jobId)).toMatchObject({ state: 'completed', attemptsMade: 2, attempt: 2 })
    reader.close()
  })

  it('gives a job retried by hand a fresh set of attempts, so it runs as attempt 1 of N again', async () => {
    stack.gemini.queue({ status: 400, message: 'API key not valid. Please pass a valid API key.' })
    const jobId = await openPullRequest('hello', 'Retried by hand')
    const failed = await waitForJob(stack.queue, jobId)
    expect(await failed.getState()).toBe('failed')
    expect(await summary(jobId)).toMatchObject({ state: 'failed', attemptsMade: 1, attempt: 1 })

    const carol = await signIn(stack.app, stack.github, 'carol')
    expect((await postAs(stack.app, carol, `/api/jobs/${encodeURIComponent(jobId)}/retry`)).status).toBe(200)
    expect((await waitForJob(stack.queue, jobId)).returnvalue?.status).toBe('posted')
    expect(await summary(jobId)).toMatchObject({ state: 'completed', attemptsMade: 1, attempt: 1 })
    expect((await detail(jobId)).logs.filter(line => line.message.startsWith('Reviewing ')).map(line => /\(attempt (\d+ of \d+),/.exec(line.message)?.[1])).toEqual(['1 of 5', '1 of 5'])
  })

  it('shows a review of a paused installation as paused until the breaker closes, without spending an attempt', async () => {
    const reader = await openStream('locked')
    stack.github.inject({ method: 'POST', path: /^\/app\/installations\/7\/access_tokens$/, status: 401, body: { message: 'Bad credentials' }, times: 1 })
    const refused = await openPullRequest('locked', 'Refused')
    expect(await (await waitForJob(stack.queue, refused)).getState()).toBe('failed')
    const opened = Date.now()

    const jobId = await openPullRequest('locked', 'Paused')
    await expect.poll(async () => (await summary(jobId)).delay?.reason, { timeout: 15_000 }).toBe('paused')
    const paused = await summary(jobId)
    expect(paused).toMatchObject({ state: 'delayed', attemptsMade: 0, attempt: 0 })
    expect(paused.failedReason).toBeUndefined()
    const until = paused.delay?.reason === 'paused' ? paused.delay.until : 0
    expect(until).toBeGreaterThan(Date.now())
    expect(until).toBeLessThanOrEqual(opened + 12_000)
    await reader.until(() => jobEvents(reader, jobId).some(event => event.delay?.reason === 'paused'))
    expect(jobEvents(reader, jobId).map(event => [event.state, event.delay?.reason])).toEqual([['delayed', 'debounce'], ['active', undefined], ['delayed', 'paused']])
    expect(jobEvents(reader, jobId)[2]?.delay).toEqual({ reason: 'paused', until })
    const page = await jobPage(jobId)
    await expect.poll(() => page.getByTestId('job-state').getAttribute('data-delay')).toBe('paused')
    expect(await page.getByTestId('job-state').textContent()).toContain('Paused')
    const clock = await page.evaluate(time => new Date(time).toTimeString().slice(0, 8), until)
    expect(await page.getByTestId('job-waiting').textContent()).toContain(`Paused until ${clock}`)
    await page.screenshot({ path: join(ARTIFACTS, 'job-paused.png'), fullPage: true })
    await page.context().close()

    const job = await waitForJob(stack.queue, jobId, 30_000)
    expect(job.returnvalue?.status).toBe('posted')
    expect(await summary(jobId)).toMatchObject({ state: 'completed', attemptsMade: 1, attempt: 1 })
    reader.close()
  })
})

describe('error answers', () => {
  it('carry the status\'s own reason phrase and a message that says what to do', async () => {
    const bob = await signIn(stack.app, stack.github, 'bob')
    const cases: Array<[Response, number, RegExp]> = [
      [await fetch(`${stack.app.url}/api/repos`), 401, /^Sign in with GitHub first$/],
      [await getAs(stack.app, bob, '/api/repos/octo-org/hello/jobs'), 403, /^You cannot read octo-org\/hello$/],
      [await getAs(stack.app, cookie, `/api/jobs/${encodeURIComponent(`octo-org/hello#99@${'0'.repeat(40)}`)}`), 404, /^No job /],
      [await getAs(stack.app, cookie, '/api/repos/octo-org/*/jobs'), 400, /^Invalid repository: /],
    ]
    for (const [response, status, message] of cases) {
      expect(response.status).toBe(status)
      expect(response.statusText).toBe(STATUS_CODES[status])
      const body = await response.json() as { statusMessage: string, message: string }
      expect(body.statusMessage).toBe(STATUS_CODES[status])
      expect(body.message).toMatch(message)
    }
    // h3's own validation errors: their zod issues in words, not as JSON.
    const invalid = await getAs(stack.app, cookie, '/api/jobs/stream?repo=octo-org/*')
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toMatchObject({ statusMessage: 'Validation Error', message: 'Invalid request: repo must be owner/name' })
  })
})
