import { randomUUID } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { startPrivateRedis, freePort } from '../support/redis'
import { deliver, startStack, WEBHOOK_SECRET, type Stack } from '../support/stack'

// The worker is off: every accepted delivery stays in the queue where the test can count it.
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_APP_SLUG: 'revue-test', NUXT_WEBHOOK_MAX_BODY_BYTES: '200000' })
})
afterAll(() => stack?.stop())

const jobCount = async () => {
  const counts = await stack.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized')
  return Object.values(counts).reduce((sum, n) => sum + n, 0)
}
const sha = () => randomUUID().replace(/-/g, '').padEnd(40, '0')

describe('POST /api/webhook', () => {
  it('queues one review job for a signed pull_request.opened and answers 202 with its id', async () => {
    const headSha = sha()
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ number: 12, headSha }))
    expect(response.status).toBe(202)
    const jobId = `octo-org/hello#12@${headSha}`
    expect(await response.json()).toEqual({ queued: jobId })
    const job = await stack.queue.getJob(jobId)
    expect(job?.data).toMatchObject({ installationId: 1, owner: 'octo-org', repo: 'hello', prNumber: 12, headSha, trigger: 'opened' })
    expect(JSON.stringify(job?.data)).not.toMatch(/token|ghs_/i)
  })

  it('refuses a missing or wrong signature with 401 and queues nothing', async () => {
    const before = await jobCount()
    const payload = pullRequestPayload({ headSha: sha() })
    const missing = await deliver(stack.app, 'pull_request', payload, { signature: null })
    expect(missing.status).toBe(401)
    expect((await missing.json()).message).toMatch(/Missing X-Hub-Signature-256/)
    const wrong = await deliver(stack.app, 'pull_request', payload, { secret: 'not-the-secret' })
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).message).toMatch(/Signature mismatch/)
    const garbage = await deliver(stack.app, 'pull_request', payload, { signature: 'sha256=zz' })
    expect(garbage.status).toBe(401)
    // A body changed after signing: the signature is checked against the exact raw bytes.
    const signedFor = JSON.stringify(payload)
    const tampered = await deliver(stack.app, 'pull_request', payload, { body: signedFor.replace('"octo-org"', '"evil-org"'), signature: await sign(WEBHOOK_SECRET, signedFor) })
    expect(tampered.status).toBe(401)
    expect(await jobCount()).toBe(before)
  })

  it('answers 400 for a body that is not JSON and for a payload missing what Revue needs', async () => {
    const notJson = await deliver(stack.app, 'pull_request', null, { body: '{"action": "opened",' })
    expect(notJson.status).toBe(400)
    expect((await notJson.json()).message).toMatch(/not valid JSON/)
    const payload = pullRequestPayload({ headSha: sha() })
    delete payload.installation
    const noInstallation = await deliver(stack.app, 'pull_request', payload)
    expect(noInstallation.status).toBe(400)
    expect((await noInstallation.json()).message).toMatch(/installation .*GitHub App webhook/)
    const noDelivery = await deliver(stack.app, 'pull_request', pullRequestPayload(), { headers: { 'x-github-delivery': '' } })
    expect(noDelivery.status).toBe(400)
  })

  it('answers 413 for an oversized body, declared or streamed', async () => {
    const huge = JSON.stringify({ ...pullRequestPayload(), padding: 'x'.repeat(300_000) })
    const response = await deliver(stack.app, 'pull_request', null, { body: huge })
    expect(response.status).toBe(413)
    const chunked = await fetch(`${stack.app.url}/api/webhook`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': 'sha256=00', 'x-github-event': 'pull_request', 'x-github-delivery': 'd' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 30; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
  })

  it('answers ping with 200 and events it does not handle with 202 and the reason', async () => {
    expect((await deliver(stack.app, 'ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).status).toBe(200)
    const issues = await deliver(stack.app, 'issues', { action: 'opened' })
    expect(issues.status).toBe(202)
    expect(await issues.json()).toEqual({ ignored: 'event \'issues\' is not handled' })
  })

  it('ignores closed pull requests, bot authors and unrelated actions with 202, queueing nothing', async () => {
    const before = await jobCount()
    const cases = [
      [{ action: 'closed', state: 'closed' as const }, 'action \'closed\' does not trigger a review'],
      [{ action: 'reopened', state: 'closed' as const }, 'the pull request is closed'],
      [{ author: { login: 'revue-test[bot]', type: 'Bot' as const } }, 'the author revue-test[bot] is a bot'],
      [{ action: 'review_requested', requestedReviewer: { login: 'octocat', type: 'User' as const } }, 'the review was requested from someone else'],
    ] as const
    for (const [options, reason] of cases) {
      const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ ...options, headSha: sha() }))
      expect(response.status).toBe(202)
      expect(await response.json()).toEqual({ ignored: reason })
    }
    expect(await jobCount()).toBe(before)
  })

  it('queues a review requested from this App\'s bot', async () => {
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ action: 'review_requested', requestedReviewer: { login: 'revue-test[bot]', type: 'Bot' }, headSha: sha() }))
    expect(response.status).toBe(202)
    expect(await response.json()).toHaveProperty('queued')
  })

  it('makes one job of duplicate, redelivered and concurrent deliveries for the same head', async () => {
    const headSha = sha()
    const before = await jobCount()
    const deliveryId = randomUUID()
    const first = await deliver(stack.app, 'pull_request', pullRequestPayload({ number: 40, headSha }), { deliveryId })
    const redelivered = await deliver(stack.app, 'pull_request', pullRequestPayload({ number: 40, headSha }), { deliveryId })
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      deliver(stack.app, 'pull_request', pullRequestPayload({ number: 40, headSha, action: i % 2 ? 'synchronize' : 'reopened' }))))
    for (const response of [first, redelivered, ...burst]) expect(response.status).toBe(202)
    expect(await jobCount()).toBe(before + 1)
    // A new head is a new job.
    await deliver(stack.app, 'pull_request', pullRequestPayload({ number: 40, headSha: sha(), action: 'synchronize' }))
    expect(await jobCount()).toBe(before + 2)
  })
})

describe('POST /api/webhook without Redis', () => {
  it('answers 503 at once when Redis cannot be reached, and recovers by itself', async () => {
    const redis = await startPrivateRedis()
    const app = await startApp({
      NUXT_REDIS_URL: redis.url,
      NUXT_WORKER_ENABLED: 'false',
      NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    })
    try {
      const payload = pullRequestPayload({ headSha: sha() })
      await expect.poll(async () => (await deliver(app, 'pull_request', payload)).status).toBe(202)
      await redis.kill()
      const started = Date.now()
      const down = await deliver(app, 'pull_request', pullRequestPayload({ headSha: sha() }))
      expect(down.status).toBe(503)
      expect((await down.json()).message).toMatch(/Redis/)
      // At once, not after ioredis's 10 s connect timeout.
      expect(Date.now() - started).toBeLessThan(3000)
      await redis.restart()
      await expect.poll(async () => (await deliver(app, 'pull_request', pullRequestPayload({ headSha: sha() }))).status, { timeout: 15_000, interval: 200 }).toBe(202)
    }
    finally {
      await app.stop()
      await redis.stop()
    }
  })

  it('answers 503 when Redis was never reachable', async () => {
    const app = await startApp({ NUXT_REDIS_URL: `redis://127.0.0.1:${await freePort()}`, NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET })
    try {
      const started = Date.now()
      expect((await deliver(app, 'pull_request', pullRequestPayload({ headSha: sha() }))).status).toBe(503)
      // At once, not after ioredis's 10 s connect timeout.
      expect(Date.now() - started).toBeLessThan(3000)
    }
    finally {
      await app.stop()
    }
  })
})
