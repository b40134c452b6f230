import { randomUUID } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import { Queue, type Job } from 'bullmq'
import { Cluster, Redis } from 'ioredis'
import { inject } from 'vitest'
import type { ReviewJobData, ReviewOutcome } from '../../shared/schemas/job'
import { startGeminiServer, type GeminiFake } from '../fakes/gemini/server'
import { startGitHubServer, type GitHubFake } from '../fakes/github/server'
import { startApp, type RunningApp } from './app'

export const WEBHOOK_SECRET = 'test-webhook-secret'

export interface Stack {
  app: RunningApp
  /** Starts the app again (after a crash) with the same settings, Redis prefix and fakes. */
  restartApp(): Promise<RunningApp>
  github: GitHubFake
  gemini: GeminiFake
  redis: Redis | Cluster
  queue: Queue<ReviewJobData, ReviewOutcome>
  prefix: string
  stop(): Promise<void>
}

/**
 * The built app on the run's private Redis (under its own key prefix), wired to a local GitHub and a local Gemini.
 * `env` overrides or adds NUXT_* settings; `redisUrl` gives it a Redis of its own (to stop and restart), `cluster` the
 * nodes of a Redis Cluster instead (the prefix then holds a hash tag, as the app's does in cluster mode).
 */
export async function startStack(env: Record<string, string> = {}, options: { redisUrl?: string, cluster?: string[] } = {}): Promise<Stack> {
  const redisUrl = options.redisUrl ?? inject('redisUrl')
  const prefix = options.cluster ? `{test-${randomUUID().slice(0, 8)}}` : `test-${randomUUID().slice(0, 8)}`
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  const settings: Record<string, string> = {
    NUXT_REDIS_URL: redisUrl,
    NUXT_REDIS_PREFIX: prefix,
    NUXT_GITHUB_APP_ID: String(github.appId),
    NUXT_GITHUB_PRIVATE_KEY: github.privateKey.replace(/\n/g, '\\n'),
    NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    NUXT_GITHUB_API_URL: github.url,
    NUXT_GEMINI_API_KEY: gemini.apiKey,
    NUXT_GEMINI_BASE_URL: gemini.url,
    NUXT_GEMINI_RETRIES: '1',
    NUXT_WORKER_BACKOFF_MS: '100',
    NUXT_GITHUB_WRITE_INTERVAL_MS: '0',
    // Reviews start at once; the burst-collapsing test sets its own window.
    NUXT_WORKER_DEBOUNCE_MS: '0',
    NUXT_GITHUB_URL: github.url,
    NUXT_GITHUB_APP_SLUG: github.appSlug,
    NUXT_OAUTH_GITHUB_CLIENT_ID: github.oauth.clientId,
    NUXT_OAUTH_GITHUB_CLIENT_SECRET: github.oauth.clientSecret,
    NUXT_SESSION_PASSWORD: 'test-session-password-of-at-least-32-characters',
    ...env,
  }
  if (options.cluster) {
    delete settings.NUXT_REDIS_URL
    settings.NUXT_REDIS_CLUSTER_NODES = options.cluster.join(',')
  }
  const app = await startApp(settings)
  await _waitUntilReady(app.url)
  const redis = options.cluster ? new Cluster(options.cluster.map(node => `redis://${node}`)) : new Redis(redisUrl)
  const queue = new Queue<ReviewJobData, ReviewOutcome>('pr-review', { connection: redis, prefix })
  // Tests that stop Redis expect these to fail for a while.
  redis.on('error', () => {})
  queue.on('error', () => {})
  const stack: Stack = {
    app, github, gemini, redis, queue, prefix,
    restartApp: async () => {
      await stack.app.stop('SIGKILL')
      stack.app = await startApp(settings)
      return stack.app
    },
    stop: async () => {
      await stack.app.stop()
      await queue.close()
      redis.disconnect()
      await Promise.all([github.close(), gemini.close()])
    },
  }
  return stack
}

export interface DeliveryOptions {
  deliveryId?: string
  secret?: string
  signature?: string | null
  body?: string
  headers?: Record<string, string>
}

/** POSTs a webhook delivery to the app the way GitHub does: JSON body signed with X-Hub-Signature-256. */
export async function deliver(app: RunningApp, event: string, payload: unknown, options: DeliveryOptions = {}): Promise<Response> {
  const body = options.body ?? JSON.stringify(payload)
  const signature = options.signature === undefined ? await sign(options.secret ?? WEBHOOK_SECRET, body) : options.signature
  return fetch(`${app.url}/api/webhook`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/test',
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      'x-github-hook-installation-target-type': 'integration',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
      ...options.headers,
    },
  })
}

/** Waits until the job has completed or failed for good, and returns it. */
export async function waitForJob<Data = ReviewJobData, Result = ReviewOutcome>(queue: Queue<Data, Result>, jobId: string, timeoutMs = 30_000): Promise<Job<Data, Result>> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    // The state first, then the job: read the other way round, a job failing in between looks half-updated.
    const state = await queue.getJobState(jobId)
    // 'failed' is final: a job that will be retried waits in 'delayed'.
    if (state === 'completed' || state === 'failed') return (await queue.getJob(jobId)) as Job<Data, Result>
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`Job ${jobId} did not finish within ${timeoutMs} ms`)
}

async function _waitUntilReady(url: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await fetch(`${url}/api/ready`).then(response => response.ok, () => false)) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`${url}/api/ready did not turn ready`)
}
