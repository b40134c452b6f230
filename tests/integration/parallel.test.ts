import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GeminiRequest } from '../fakes/gemini/script'
import { makePatch, type FakeFile } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// A context of 16,000 tokens and answers of 2,000 leave 5,000 diff tokens per model call: one file of about 4,000
// tokens each, so four files make four parts. NUXT_MODEL_CONCURRENCY stays at its default, 4.
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_GEMINI_CONTEXT_TOKENS: '16000', NUXT_GEMINI_MAX_OUTPUT_TOKENS: '2000' })
})
afterAll(() => stack?.stop())

const FILES: FakeFile[] = [1, 2, 3, 4].map(n => ({
  filename: `src/part-${n}.ts`,
  status: 'added',
  patch: makePatch({ added: Array.from({ length: 180 }, (_, i) => `export const value${i} = compute(${n}, ${i}) // a line long enough to fill the part quickly`) }),
}))

const partOf = (request: GeminiRequest) => Number((/^Review part (\d+) of/.exec(request.prompt) ?? /src\/part-(\d)\.ts/.exec(request.prompt))![1])
const verifying = (request: GeminiRequest) => request.prompt.startsWith('Verify these')

describe('a pull request of several parts', () => {
  it('asks its parts at once, verifies each as it answers, and posts findings in part order with every token counted', async () => {
    const reviewer = firstAddedLineReviewer()
    let inFlight = 0
    let most = 0
    stack.gemini.setHandler(async (request) => {
      const part = partOf(request)
      const verify = verifying(request)
      most = Math.max(most, ++inFlight)
      // The last part answers first.
      await new Promise(resolve => setTimeout(resolve, verify ? 50 : (5 - part) * 400))
      inFlight--
      // Token counts that say which call they come from: part n costs 1000·n + n, its second pass 10·n + 1.
      const { json } = reviewer(request) as { json: unknown }
      return { json, usage: verify ? { promptTokenCount: 10 * part, candidatesTokenCount: 1 } : { promptTokenCount: 1000 * part, candidatesTokenCount: part } }
    })
    const headSha = 'a'.repeat(40)
    stack.github.addPullRequest({ owner: 'octo-org', repo: 'parts', number: 1, headSha, files: FILES, title: 'Four parts' })
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'parts', number: 1, headSha }))
    const { queued } = await response.json() as { queued: string }
    const job = await waitForJob(stack.queue, queued)

    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 4, tokens: { input: 10_000 + 100, output: 10 + 4 } })
    // All four parts were with the model at the same time.
    expect(most).toBe(4)
    const calls = stack.gemini.requests.map(request => `${verifying(request) ? 'verify' : 'ask'} ${partOf(request)}`)
    expect(calls).toEqual(['ask 1', 'ask 2', 'ask 3', 'ask 4', 'verify 4', 'verify 3', 'verify 2', 'verify 1'])
    const [review] = stack.github.reviews('octo-org', 'parts', 1)
    expect(review!.comments.map(comment => comment.path)).toEqual(['src/part-1.ts', 'src/part-2.ts', 'src/part-3.ts', 'src/part-4.ts'])
    // The job's log asks in part order, and every second-pass line names its part.
    const log = (await stack.redis.xrange(`${stack.prefix}:log:${queued}`, '-', '+')).map(([, fields]) => (JSON.parse(fields[1]!) as { message: string }).message)
    expect(log.filter(line => line.startsWith('Asking gemini-2.5-flash about'))).toEqual([1, 2, 3, 4].map(part => expect.stringMatching(new RegExp(`^Asking gemini-2\\.5-flash about part ${part} of 4 \\(1 file, `))))
    expect(log.filter(line => line.includes('double-check'))).toEqual([4, 3, 2, 1].map(part => `Asking gemini-2.5-flash to double-check 1 finding of part ${part} of 4`))
  })

  it('fails the review as a whole when one part\'s answer is unusable twice: the other parts are stopped, nothing is posted', async () => {
    const reviewer = firstAddedLineReviewer()
    stack.gemini.setHandler(async (request) => {
      if (partOf(request) === 3) return { text: 'not json at all' }
      await new Promise(resolve => setTimeout(resolve, 1_500))
      return reviewer(request)
    })
    const headSha = 'b'.repeat(40)
    stack.github.addPullRequest({ owner: 'octo-org', repo: 'parts', number: 2, headSha, files: FILES, title: 'One part fails' })
    const asked = stack.gemini.requests.length
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'parts', number: 2, headSha }))
    const { queued } = await response.json() as { queued: string }
    const job = await waitForJob(stack.queue, queued)
    expect(await job.getState()).toBe('failed')
    expect(job.attemptsMade).toBe(1)
    expect(job.failedReason).toMatch(/^Gemini returned an invalid answer twice: answer is not JSON/)
    // The job failed without waiting for the other parts, and none of them got a second pass once it answered.
    expect(job.finishedOn! - job.processedOn!).toBeLessThan(1_500)
    await new Promise(resolve => setTimeout(resolve, 2_000))
    expect(stack.gemini.requests.slice(asked).filter(verifying)).toEqual([])
    expect(stack.github.reviews('octo-org', 'parts', 2)).toEqual([])
    expect(stack.app.output()).not.toMatch(/unhandled/i)
  })
})
