import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch, type FakeFile } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
const REPO = 'heavy'

let stack: Stack
let next = 1
beforeAll(async () => {
  stack = await startStack()
  stack.gemini.setHandler(firstAddedLineReviewer())
})
afterAll(() => stack?.stop())

function open(files: FakeFile[]) {
  const number = next++
  const headSha = number.toString(16).padStart(40, 'e')
  stack.github.addPullRequest({ owner: OWNER, repo: REPO, number, headSha, files })
  return deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha }))
}

async function logOf(jobId: string): Promise<Array<{ message: string, time: string }>> {
  const entries = await stack.redis.xrange(`${stack.prefix}:log:${jobId}`, '-', '+')
  return entries.map(([, fields]) => JSON.parse(fields[1]!))
}

// Lines built to make patterns backtrack, below the length at which lines are cut, and secret-looking assignments.
function pathologicalFiles(count: number): FakeFile[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `src/heavy-${i}.js`,
    status: 'added' as const,
    patch: makePatch({ added: [
      '-eyJ'.repeat(1_000),
      `const api_key = "${'aB3'.repeat(30)}${i}"`,
      `password: ${'x9'.repeat(1_500)}`,
      '_ghs_1_'.repeat(580),
      ...(i < 4 ? ['-eyJ'.repeat(25_000)] : []),
    ] }),
  }))
}

describe('the review thread', () => {
  it('prepares the diff on a worker thread, which starts no second server', async () => {
    const response = await open([{ filename: 'src/a.ts', status: 'modified', patch: makePatch({ added: ['run()'] }) }])
    const job = await waitForJob(stack.queue, (await response.json() as { queued: string }).queued)
    expect(job.returnvalue?.status).toBe('posted')
    expect((await logOf(job.id!)).map(line => line.message)).toContainEqual(expect.stringMatching(/^Prepared the diff on review thread \d+ in \d+ ms$/))
    // The thread runs only the review's pure steps: were Nitro's chunk loaded there, its plugins would start again.
    expect(stack.app.output().match(/reviewing pull requests, \d+ at a time/g)).toHaveLength(1)
  })

  it('answers webhooks at once while a pathological pull request is prepared', async () => {
    const heavy = await open(pathologicalFiles(1500))
    expect(heavy.status).toBe(202)
    const jobId = (await heavy.json() as { queued: string }).queued
    const answers: Array<{ sent: number, ms: number, status: number }> = []
    while ((await stack.queue.getJobState(jobId)) !== 'completed' && answers.length < 300) {
      const sent = Date.now()
      const response = await open([{ filename: 'src/b.ts', status: 'modified', patch: makePatch({ added: ['ok()'] }) }])
      answers.push({ sent, ms: Date.now() - sent, status: response.status })
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    const job = await waitForJob(stack.queue, jobId, 120_000)
    expect(job.returnvalue?.status).toBe('posted')
    const prepared = (await logOf(jobId)).find(line => line.message.startsWith('Prepared the diff'))!
    expect(prepared.message).toMatch(/on review thread \d+/)
    const end = Date.parse(prepared.time)
    const start = end - Number(/in (\d+) ms/.exec(prepared.message)![1])
    const during = answers.filter(answer => answer.sent >= start && answer.sent + answer.ms <= end)
    expect(during.length).toBeGreaterThan(0)
    // A correctness bound, not a benchmark (bench/health-under-load.ts measures): GitHub gives up after 10 s.
    for (const answer of answers) {
      expect(answer.status).toBe(202)
      expect(answer.ms).toBeLessThan(2_000)
    }
  }, 180_000)
})
