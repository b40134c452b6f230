import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GeminiReply } from '../fakes/gemini/script'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { startPrivateRedis, type PrivateRedis } from '../support/redis'
import { firstAddedLineReviewer } from '../support/reviewer'
import { signIn } from '../support/session'
import { openEventStream } from '../support/sse'
import { deliver, startStack, WEBHOOK_SECRET, type Stack } from '../support/stack'

// Bounded fault-injection scenarios: each makes a fault, then checks that every pull request got exactly one review.
const reviewCounts = (stack: Stack, repo: string, numbers: number[]) => numbers.map(number => stack.github.reviews('octo-org', repo, number).length)

/** Waits until no job is left to run: a late duplicate review would have been posted by now. */
async function drained(stack: Stack) {
  await expect.poll(async () => {
    const counts = await stack.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized')
    return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0)
  }, { timeout: 30_000, interval: 250 }).toBe(0)
}

/** For a failure message: each pull request without one review, its job's state and its deliveries' answers. */
async function whyNotReviewed(stack: Stack, payloads: Array<{ pull_request: { number: number, head: { sha: string } } }>, numbers: number[]) {
  const counts = reviewCounts(stack, 'burst', numbers)
  const lines = await Promise.all(payloads.filter((_, index) => counts[index] !== 1).map(async ({ pull_request: { number, head } }) => {
    const jobId = `octo-org/burst#${number}@${head.sha}`
    const job = await stack.queue.getJob(jobId)
    const answers = stack.github.deliveries.filter(delivery => (delivery.request.payload as { number?: number }).number === number).map(delivery => delivery.status_code)
    return `#${number}: ${counts[numbers.indexOf(number)]} reviews, job ${await stack.queue.getJobState(jobId)} after ${job?.attemptsMade ?? 0} attempts (${job?.failedReason ?? 'no failure'}), deliveries answered ${answers.join(', ')}`
  }))
  return lines.join('\n')
}

function addPullRequests(stack: Stack, repo: string, numbers: number[]) {
  return numbers.map((number) => {
    const headSha = randomUUID().replace(/-/g, '').padEnd(40, '0')
    stack.github.addPullRequest({ owner: 'octo-org', repo, number, headSha, files: [{ filename: `src/f${number}.ts`, status: 'added', patch: makePatch({ added: [`export const v${number} = ${number}`] }) }] })
    return pullRequestPayload({ owner: 'octo-org', repo, number, headSha })
  })
}

describe('Gemini failing a third of the time', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ NUXT_WORKER_CONCURRENCY: '8', NUXT_GEMINI_TIMEOUT_MS: '300', NUXT_WORKER_ATTEMPTS: '8', NUXT_WORKER_BACKOFF_MS: '50' })
  })
  afterAll(() => stack?.stop())

  it('reviews all 100 pull requests, none twice, through 429s, 500s and timeouts', async () => {
    let call = 0
    const review = firstAddedLineReviewer()
    stack.gemini.setHandler((request): GeminiReply => {
      const fault = call++ % 9
      if (fault === 0) return { status: 429, retryDelay: '0.1s' }
      if (fault === 3) return { status: 500 }
      if (fault === 6) return { hang: true }
      return review(request)
    })
    const numbers = Array.from({ length: 100 }, (_, i) => i + 1)
    const payloads = addPullRequests(stack, 'flaky', numbers)
    const answers = await Promise.all(payloads.map(payload => deliver(stack.app, 'pull_request', payload)))
    expect(answers.every(answer => answer.status === 202)).toBe(true)
    await expect.poll(() => reviewCounts(stack, 'flaky', numbers).filter(count => count === 1).length, { timeout: 60_000, interval: 250 }).toBe(100)
    await drained(stack)
    expect(reviewCounts(stack, 'flaky', numbers).every(count => count === 1)).toBe(true)
    expect(call).toBeGreaterThan(130)
  }, 90_000)
})

describe('Redis restarted during a burst of deliveries', () => {
  let stack: Stack
  let redis: PrivateRedis
  beforeAll(async () => {
    redis = await startPrivateRedis({ persistent: true })
    // A job Redis handed to the worker just before it died is taken over once its lock lapses and the stalled-job check
    // runs (up to twice NUXT_WORKER_LOCK_MS): 5 s here, not 30, so that recovery fits the wait below.
    stack = await startStack({ NUXT_WORKER_REDELIVERY_MS: '1000', NUXT_WORKER_LOCK_MS: '5000' }, { redisUrl: redis.url })
    stack.gemini.setHandler(firstAddedLineReviewer())
    stack.github.setWebhook(`${stack.app.url}/api/webhook`, WEBHOOK_SECRET)
  })
  afterAll(async () => {
    await stack?.stop()
    await redis?.stop()
  })

  it('answers 503 while Redis is down, recovers by itself, and every delivery ends up reviewed once', async () => {
    const numbers = Array.from({ length: 40 }, (_, i) => i + 1)
    const payloads = addPullRequests(stack, 'burst', numbers)
    const statuses: number[] = []
    for (const [index, payload] of payloads.entries()) {
      if (index === 15) await redis.kill()
      if (index === 25) await redis.restart()
      statuses.push((await stack.github.sendWebhook('pull_request', payload)).status)
    }
    expect(statuses.filter(status => status === 503).length).toBeGreaterThanOrEqual(5)
    expect(statuses.every(status => status === 202 || status === 503)).toBe(true)
    // Accepted ones are reviewed; the 503s come back through the redelivery job.
    await expect.poll(() => reviewCounts(stack, 'burst', numbers).filter(count => count === 1).length, { timeout: 45_000, interval: 250 }).toBe(40)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await whyNotReviewed(stack, payloads, numbers)}`)
      })
    await drained(stack)
    expect(reviewCounts(stack, 'burst', numbers).every(count => count === 1)).toBe(true)
  }, 60_000)
})

describe('SIGTERM under load', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ NUXT_WORKER_CONCURRENCY: '4' })
    stack.github.addUser({ login: 'watcher', repos: { 'octo-org/busy': 'read' } })
  })
  afterAll(() => stack?.stop())

  it('finishes or hands back active jobs, closes live streams, exits promptly, and loses nothing', async () => {
    const review = firstAddedLineReviewer()
    stack.gemini.setHandler(async (request) => {
      await new Promise(resolve => setTimeout(resolve, 300))
      return review(request)
    })
    const numbers = Array.from({ length: 20 }, (_, i) => i + 1)
    const payloads = addPullRequests(stack, 'busy', numbers)
    const cookie = await signIn(stack.app, stack.github, 'watcher')
    const live = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=octo-org/busy`, { cookie })
    for (const payload of payloads) expect((await deliver(stack.app, 'pull_request', payload)).status).toBe(202)
    await expect.poll(async () => (await stack.queue.getJobCounts('active')).active).toBeGreaterThan(0)

    const started = Date.now()
    expect(await stack.app.stop('SIGTERM')).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    // The server ended the live stream itself instead of waiting for it.
    await expect.poll(() => live.ended).toBe(true)
    expect((await stack.queue.getJobCounts('active')).active).toBe(0)

    await stack.restartApp()
    await expect.poll(() => reviewCounts(stack, 'busy', numbers).filter(count => count === 1).length, { timeout: 30_000, interval: 250 }).toBe(20)
    await drained(stack)
    expect(reviewCounts(stack, 'busy', numbers).every(count => count === 1)).toBe(true)
  }, 60_000)
})

describe('fuzzing POST /api/webhook', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ NUXT_WORKER_ENABLED: 'false' })
  })
  afterAll(() => stack?.stop())

  it('answers thousands of mutated bodies and headers without a 5xx or a crash, and queues nothing unsigned', async () => {
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const body = JSON.stringify(pullRequestPayload())
    const mutate = (text: string) => {
      const chars = [...text]
      for (let i = 0; i < 1 + random() * 8; i++) {
        const at = Math.floor(random() * chars.length)
        const pick = random()
        if (pick < 0.4) chars[at] = String.fromCharCode(Math.floor(random() * 0xFFFF))
        else if (pick < 0.7) chars.splice(at, Math.floor(random() * 50))
        else chars.splice(at, 0, ...'{"[,:}\\u0000'.slice(Math.floor(random() * 10)))
      }
      return chars.join('')
    }
    const headerValues = ['', 'x', 'pull_request', 'ping', 'sha256=', `sha256=${'0'.repeat(64)}`, 'a'.repeat(8000), '../../etc', '\u00e9']
    const statuses = new Map<number, number>()
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(Array.from({ length: 50 }, async () => {
        const headers: Record<string, string> = {}
        if (random() < 0.8) headers['x-github-event'] = headerValues[Math.floor(random() * 3) + 1]!
        if (random() < 0.8) headers['x-github-delivery'] = randomUUID()
        if (random() < 0.5) headers['x-hub-signature-256'] = headerValues[Math.floor(random() * headerValues.length)]!
        if (random() < 0.3) headers['content-type'] = ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'][Math.floor(random() * 3)]!
        const response = await fetch(`${stack.app.url}/api/webhook`, { method: 'POST', headers, body: random() < 0.1 ? '' : mutate(body) }).catch(() => undefined)
        const status = response?.status ?? 0
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }))
    }
    expect([...statuses.keys()].filter(status => status >= 500 || status === 0)).toEqual([])
    expect(statuses.get(401)).toBeGreaterThan(1500)
    expect((await fetch(`${stack.app.url}/api/health`)).status).toBe(200)
    const counts = await stack.queue.getJobCounts()
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0)
  }, 60_000)
})
