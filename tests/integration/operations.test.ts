import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { startApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { startPrivateRedis } from '../support/redis'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, WEBHOOK_SECRET, type Stack } from '../support/stack'

const METRICS_TOKEN = 'metrics-token-for-tests'
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_METRICS_TOKEN: METRICS_TOKEN })
  stack.gemini.setHandler(firstAddedLineReviewer())
})
afterAll(() => stack?.stop())

async function reviewOne(number: number) {
  const headSha = number.toString(16).padStart(40, 'a')
  stack.github.addPullRequest({ owner: 'octo-org', repo: 'ops', number, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x()'] }) }] })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'ops', number, headSha }))
  const { queued } = await response.json() as { queued: string }
  return waitForJob(stack.queue, queued)
}

describe('health and readiness', () => {
  it('is live and ready when Redis, the worker and the App\'s credentials are fine', async () => {
    expect(await (await fetch(`${stack.app.url}/api/health`)).json()).toEqual({ ok: true })
    const ready = await fetch(`${stack.app.url}/api/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true, redis: 'ok', worker: 'ok', github: 'ok' })
  })

  it('is not ready while Redis is down, and ready again once it is back', async () => {
    const redis = await startPrivateRedis()
    const app = await startApp({ NUXT_REDIS_URL: redis.url, NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET })
    try {
      await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status).toBe(200)
      await redis.kill()
      const down = await fetch(`${app.url}/api/ready`)
      expect(down.status).toBe(503)
      expect(await down.json()).toMatchObject({ ready: false, redis: 'unreachable' })
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200)
      await redis.restart()
      await expect.poll(async () => (await fetch(`${app.url}/api/ready`)).status, { timeout: 15_000 }).toBe(200)
    }
    finally {
      await app.stop()
      await redis.stop()
    }
  })

  it('is not ready when GitHub refuses the App\'s private key, and says so', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const app = await startApp({
      NUXT_REDIS_URL: inject('redisUrl'),
      NUXT_REDIS_PREFIX: 'test-wrong-key',
      NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      NUXT_GITHUB_APP_ID: String(stack.github.appId),
      NUXT_GITHUB_PRIVATE_KEY: privateKey,
      NUXT_GITHUB_API_URL: stack.github.url,
      NUXT_GEMINI_API_KEY: stack.gemini.apiKey,
    })
    try {
      await expect.poll(async () => (await (await fetch(`${app.url}/api/ready`)).json()).redis).toBe('ok')
      const ready = await fetch(`${app.url}/api/ready`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toMatchObject({ ready: false, redis: 'ok', worker: 'ok', github: expect.stringMatching(/^refused: 401/) })
    }
    finally {
      await app.stop()
    }
  })
})

describe('GET /metrics', () => {
  it('needs the token', async () => {
    expect((await fetch(`${stack.app.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${stack.app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
  })

  it('reports webhooks by result, queue depth, durations, tokens and GitHub\'s rate limit', async () => {
    await reviewOne(1)
    await deliver(stack.app, 'pull_request', pullRequestPayload({ action: 'labeled' }))
    await deliver(stack.app, 'pull_request', pullRequestPayload(), { secret: 'wrong' })
    const response = await fetch(`${stack.app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    expect(text).toMatch(/^revue_webhook_deliveries_total\{result="queued"\} [1-9]/m)
    expect(text).toMatch(/^revue_webhook_deliveries_total\{result="ignored"\} [1-9]/m)
    expect(text).toMatch(/^revue_webhook_deliveries_total\{result="unauthorized"\} [1-9]/m)
    expect(text).toMatch(/^revue_queue_jobs\{state="completed"\} [1-9]/m)
    expect(text).toMatch(/^revue_job_duration_seconds_count\{state="completed"\} [1-9]/m)
    expect(text).toMatch(/^revue_review_latency_seconds_count\{state="completed"\} [1-9]/m)
    expect(text).toMatch(/^revue_gemini_tokens_total\{direction="input"\} [1-9]/m)
    expect(text).toMatch(/^revue_github_rate_limit_remaining\{resource="core"\} \d+/m)
    expect(text).toMatch(/^revue_process_resident_memory_bytes \d+/m)
  })

  it('is off until a token is set', async () => {
    const app = await startApp({ NUXT_REDIS_URL: 'redis://127.0.0.1:1', NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET })
    try {
      const response = await fetch(`${app.url}/metrics`)
      expect(response.status).toBe(404)
      expect((await response.json()).message).toMatch(/NUXT_METRICS_TOKEN/)
    }
    finally {
      await app.stop()
    }
  })
})

describe('logs', () => {
  it('are JSON lines tagged with the delivery or job id, with no secret in them', async () => {
    const job = await reviewOne(2)
    const lines = stack.app.output().split('\n').filter(line => line.startsWith('{'))
    const parsed = lines.map(line => JSON.parse(line) as { time: string, level: string, tag?: string, message: string })
    expect(parsed.length).toBeGreaterThan(5)
    for (const line of parsed) expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), message: expect.any(String) })
    expect(parsed.some(line => line.tag === job.id && /Posted a review/.test(line.message))).toBe(true)
    expect(parsed.some(line => line.tag === job.data.deliveryId && line.message.includes(`queued ${job.id}`))).toBe(true)
    const output = stack.app.output()
    for (const secret of [WEBHOOK_SECRET, stack.gemini.apiKey, stack.github.oauth.clientSecret, 'test-session-password-of-at-least-32-characters', 'PRIVATE KEY']) {
      expect(output).not.toContain(secret)
    }
    expect(output).not.toMatch(/gh[sur]_[A-Za-z0-9]{20,}/)
  })
})
