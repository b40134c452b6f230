import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makePatch, secondaryRateLimit, serverError, type FakeFile } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  // A small context makes large pull requests span several model calls.
  stack = await startStack({ NUXT_GEMINI_CONTEXT_TOKENS: '60000', NUXT_WORKER_CONCURRENCY: '4' })
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

let nextNumber = 100
const OWNER = 'octo-org'
const REPO = 'hello'
const sha = (n: number) => n.toString(16).padStart(40, 'c')

const SOURCE: FakeFile = {
  filename: 'src/cache.ts',
  status: 'modified',
  patch: makePatch({ context: ['export class Cache {'], removed: ['  size = 0'], added: ['  size = -1', '  items = new Map()'] }, 10),
}
const LOCKFILE: FakeFile = { filename: 'package-lock.json', status: 'modified', patch: makePatch({ added: ['"x": 1'] }) }

/** Opens a pull request on the local GitHub and delivers its webhook; returns the job id. */
async function openPullRequest(files: FakeFile[] = [SOURCE, LOCKFILE], extra: { title?: string, body?: string } = {}) {
  const number = nextNumber++
  const headSha = sha(number)
  stack.github.addPullRequest({ owner: OWNER, repo: REPO, number, headSha, files, title: extra.title ?? 'Add a cache', body: extra.body ?? 'Speeds things up.' })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha }))
  expect(response.status).toBe(202)
  const { queued } = await response.json() as { queued: string }
  return { number, headSha, jobId: queued }
}

const reviewsOf = (number: number) => stack.github.reviews(OWNER, REPO, number)
const geminiCallsFor = (title: string) => stack.gemini.requests.filter(request => request.prompt.includes(title))

describe('the review pipeline', () => {
  it('posts one COMMENT review on the head commit with inline comments on the right lines', async () => {
    const { number, headSha, jobId } = await openPullRequest(undefined, { title: 'Full path' })
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, skippedFiles: [{ path: 'package-lock.json', reason: 'lockfile' }] })
    const [review, ...others] = reviewsOf(number)
    expect(others).toHaveLength(0)
    expect(review).toMatchObject({ event: 'COMMENT', state: 'COMMENTED', commit_id: headSha, user: { type: 'Bot' } })
    // R11 is the first added line of the hunk starting at line 10 (one context line, then the additions).
    expect(review!.comments).toEqual([{ path: 'src/cache.ts', line: 11, side: 'RIGHT', body: '**High:** Problem in src/cache.ts at 11.' }])
    expect(review!.body).toContain(`<!-- revue:review sha=${headSha} -->`)
    expect(review!.body).toContain('- `package-lock.json`: lockfile')
    // The model saw the numbered diff of the reviewed file only, and the instructions that fence untrusted text.
    const [call, ...more] = geminiCallsFor('Full path')
    expect(more).toHaveLength(0)
    expect(call!.prompt).toContain('R11 +   size = -1')
    expect(call!.prompt).toContain('L11 -   size = 0')
    expect(call!.prompt).not.toContain('"x": 1')
    expect(call!.system).toContain('<untrusted>')
    expect(call!.body.generationConfig?.responseMimeType).toBe('application/json')
  })

  it('publishes every step live on the repository\'s channel and keeps it in the job\'s stream, with the same ids', async () => {
    const subscriber = stack.redis.duplicate()
    const live: Array<Record<string, unknown>> = []
    subscriber.on('message', (_channel: string, message: string) => live.push(JSON.parse(message)))
    await subscriber.subscribe(`${stack.prefix}:live:${OWNER}/${REPO}`)
    const { jobId } = await openPullRequest()
    await waitForJob(stack.queue, jobId)
    const entries = await stack.redis.xrange(`${stack.prefix}:log:${jobId}`, '-', '+')
    const lines = entries.map(([id, fields]) => ({ id, ...JSON.parse(fields[1]!) }))
    expect(lines.length).toBeGreaterThanOrEqual(4)
    for (const line of lines) expect(line).toMatchObject({ jobId, repo: `${OWNER}/${REPO}`, level: expect.any(String), message: expect.any(String), time: expect.any(String) })
    expect(lines.at(-1).message).toMatch(/^Posted a review with 1 inline comment:/)
    await expect.poll(() => live.filter(message => message.jobId === jobId && 'level' in message)).toEqual(lines)
    // The channel also carries the job's state changes, for the dashboard's lists.
    expect(live.filter(message => message.jobId === jobId && 'state' in message).map(message => message.state)).toEqual(['waiting', 'active', 'completed'])
    expect(JSON.stringify(lines)).not.toMatch(/ghs_|test-gemini-key|BEGIN RSA/)
    await subscriber.quit()
  })

  it('turns a replacement into a GitHub suggestion block', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: () => ({ suggestion: '  size = 0' }) }))
    const { number, jobId } = await openPullRequest()
    await waitForJob(stack.queue, jobId)
    expect(reviewsOf(number)[0]!.comments[0]!.body).toBe('**High:** Problem in src/cache.ts at 11.\n\n```suggestion\n  size = 0\n```')
  })

  it('moves a finding the model puts outside the diff into the summary instead of getting a 422', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: () => ({ line: 400, body: 'The cache is never evicted.' }) }))
    const { number, jobId } = await openPullRequest()
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 0, summaryFindings: 1 })
    const [review] = reviewsOf(number)
    expect(review!.comments).toEqual([])
    expect(review!.body).toContain('- **high** `src/cache.ts` line 400: The cache is never evicted.')
    expect(stack.github.requests.filter(request => request.path.includes(`/pulls/${number}/`) && request.status === 422)).toEqual([])
  })

  it('retries a Gemini 429, honouring its retry delay, and posts once', async () => {
    // Two 429s exhaust the SDK's own retry (NUXT_GEMINI_RETRIES=1): the job is retried after RetryInfo's delay.
    stack.gemini.queue({ status: 429, retryDelay: '1s' }, { status: 429, retryDelay: '1s' })
    const { number, jobId } = await openPullRequest(undefined, { title: 'Rate limited' })
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue?.status).toBe('posted')
    expect(job.attemptsMade).toBe(2)
    // Two answered 429 (the SDK's try and retry), the third, in the job's second attempt, succeeded.
    expect(geminiCallsFor('Rate limited')).toHaveLength(3)
    expect(reviewsOf(number)).toHaveLength(1)
  })

  it('asks once more after a malformed answer, and fails the job with the reason after two', async () => {
    stack.gemini.queue({ text: '{"summary": "cut off' })
    const once = await openPullRequest(undefined, { title: 'Malformed once' })
    expect((await waitForJob(stack.queue, once.jobId)).returnvalue?.status).toBe('posted')
    expect(geminiCallsFor('Malformed once')).toHaveLength(2)

    stack.gemini.queue({ text: 'not json at all' }, { json: { verdict: 'fine', findings: 'none' } })
    const twice = await openPullRequest(undefined, { title: 'Malformed twice' })
    const failed = await waitForJob(stack.queue, twice.jobId)
    expect(await failed.getState()).toBe('failed')
    expect(failed.attemptsMade).toBe(1)
    expect(failed.failedReason).toBe('Gemini returned an invalid answer twice: the answer has neither a summary nor a findings list')
    expect(reviewsOf(twice.number)).toHaveLength(0)
  })

  describe('salvages a model answer finding by finding, asking once and posting the valid findings', () => {
    const finding = { path: 'src/cache.ts', line: 11, side: 'RIGHT', severity: 'high', confidence: 0.9, body: 'Negative size.' }
    const answers: Array<[string, string]> = [
      ['a confidence on a 0-10 scale', JSON.stringify({ summary: 'Scaled.', comments: [{ ...finding, confidence: 9 }] })],
      ['an upper-case severity and numbers as strings', JSON.stringify({ summary: 'Shouted.', comments: [{ ...finding, severity: 'HIGH', side: 'right', line: '11', confidence: '0.9' }] })],
      ['JSON in a fenced block after a sentence', `Here is my review of the change:\n\n\`\`\`json\n${JSON.stringify({ summary: 'Fenced.', comments: [finding] })}\n\`\`\``],
      ['a finding without a line beside a valid one', JSON.stringify({ summary: 'One lost.', comments: [{ ...finding, line: undefined, body: 'Somewhere.' }, finding] })],
    ]
    for (const [what, text] of answers) {
      it(what, async () => {
        stack.gemini.setHandler(request => request.prompt.startsWith('Verify these') ? firstAddedLineReviewer()(request) : { text })
        const { number, jobId } = await openPullRequest(undefined, { title: `Salvage: ${what}` })
        const job = await waitForJob(stack.queue, jobId)
        expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })
        expect(geminiCallsFor(`Salvage: ${what}`)).toHaveLength(1)
        const [review] = reviewsOf(number)
        expect(review!.comments).toEqual([{ path: 'src/cache.ts', line: 11, side: 'RIGHT', body: expect.stringMatching(/^\*\*High:\*\* Negative size\.$/) }])
        expect(review!.body).toContain(JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)).summary)
        const log = (await stack.redis.xrange(`${stack.prefix}:log:${jobId}`, '-', '+')).map(([, fields]) => JSON.parse(fields[1]!).message as string)
        if (what.startsWith('a finding without a line')) expect(log).toContain('Left out of Gemini\'s answer about part 1 of 1: finding 1 (src/cache.ts): no line')
        else expect(log.filter(message => message.startsWith('Left out'))).toEqual([])
      })
    }
  })

  it('does not post a stale review when the head moved while reviewing', async () => {
    const number = nextNumber
    stack.gemini.setHandler((request) => {
      if (request.prompt.includes('Moving head')) stack.github.setHead(OWNER, REPO, number, 'e'.repeat(40))
      return firstAddedLineReviewer()(request)
    })
    const { jobId } = await openPullRequest(undefined, { title: 'Moving head' })
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue).toMatchObject({ status: 'stale', reason: expect.stringMatching(/^the head moved on to eeeeeee/) })
    expect(reviewsOf(number)).toHaveLength(0)
  })

  it('never posts twice for one head: duplicates, redeliveries, and a job re-run after a crash that followed posting', async () => {
    const { number, headSha, jobId } = await openPullRequest(undefined, { title: 'Once only' })
    const payload = pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, action: 'synchronize' })
    await Promise.all(Array.from({ length: 10 }, () => deliver(stack.app, 'pull_request', payload)))
    await waitForJob(stack.queue, jobId)
    await deliver(stack.app, 'pull_request', payload)
    // The job is trimmed (or lost with Redis): the next delivery makes a new job, which finds the marker.
    await (await stack.queue.getJob(jobId))!.remove()
    await deliver(stack.app, 'pull_request', payload)
    const rerun = await waitForJob(stack.queue, jobId)
    expect(rerun.returnvalue?.status).toBe('already-posted')
    expect(reviewsOf(number)).toHaveLength(1)
    expect(geminiCallsFor('Once only')).toHaveLength(1)
  })

  it('reviews a pull request of 3,000 files across several model calls', async () => {
    const files: FakeFile[] = Array.from({ length: 3000 }, (_, i) => ({
      filename: `src/module-${String(i).padStart(4, '0')}.ts`,
      status: 'modified',
      patch: makePatch({ context: [`// module ${i}`], added: Array.from({ length: 8 }, (_, j) => `export const value${j} = compute(${i}, ${j}) // keep the line long enough`) }, 1),
    }))
    stack.gemini.setHandler(firstAddedLineReviewer({ flag: path => path.endsWith('0.ts') && path < 'src/module-0100.ts' }))
    const { number, jobId } = await openPullRequest(files, { title: 'Three thousand files' })
    const job = await waitForJob(stack.queue, jobId, 60_000)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 10 })
    const calls = geminiCallsFor('Three thousand files')
    expect(calls.length).toBeGreaterThan(1)
    // Every file went to the model exactly once.
    const sent = calls.flatMap(call => [...call.prompt.matchAll(/^--- (\S+) \(/gm)].map(match => match[1]))
    expect(sent).toHaveLength(3000)
    expect(new Set(sent).size).toBe(3000)
    expect(reviewsOf(number)[0]!.comments.map(comment => comment.path)).toContain('src/module-0090.ts')
  })

  it('waits out a GitHub secondary rate limit and a 502, and completes in one attempt', async () => {
    stack.github.inject(secondaryRateLimit(/\/pulls\/\d+\/files/, 1))
    stack.github.inject(serverError(/\/pulls\/\d+$/, 502, 1))
    const { number, jobId } = await openPullRequest(undefined, { title: 'Throttled' })
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue?.status).toBe('posted')
    expect(job.attemptsMade).toBe(1)
    expect(reviewsOf(number)).toHaveLength(1)
    expect(stack.github.requests.filter(request => request.status === 403 && request.path.includes('/files'))).toHaveLength(1)
  })

  it('fails for good, saying what to fix, when the installation is gone', async () => {
    const number = nextNumber++
    const headSha = sha(number)
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, installationId: 999 }))
    const { queued } = await response.json() as { queued: string }
    const job = await waitForJob(stack.queue, queued)
    expect(await job.getState()).toBe('failed')
    expect(job.attemptsMade).toBe(1)
    expect(job.failedReason).toMatch(/GitHub answered 404 .*installation/)
  })
})
