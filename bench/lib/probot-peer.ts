// The ingestion peer: a minimal Probot app that verifies the delivery (Probot's own middleware) and enqueues the same
// BullMQ job Revue does (queue `pr-review`, id `owner/repo#n@sha` lowercased, debounced per pull request) under its own
// Redis prefix. It does not keep Revue's repository index or announce the job to live viewers.
// Run in a process of its own by bench/ingestion.ts: REDIS_URL, REDIS_PREFIX, WEBHOOK_SECRET.
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { createNodeMiddleware, Probot } from 'probot'

const REVIEWED_ACTIONS = new Set(['opened', 'reopened', 'synchronize', 'ready_for_review'])
const DAY = 24 * 3600
const DEBOUNCE_MS = 5000

// Fail fast while Redis is down, as Revue's producer does.
const queue = new Queue('pr-review', {
  connection: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
  prefix: process.env.REDIS_PREFIX,
})
queue.on('error', error => console.error(error.message))

// Probot insists on App credentials; this app never calls GitHub, so a throwaway key does.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } })
const probot = new Probot({ appId: 1, privateKey, secret: process.env.WEBHOOK_SECRET, logLevel: 'info', logFormat: 'json' })

const app = (robot: Probot) => {
  robot.on('pull_request', async (context) => {
    const { action, pull_request: pr, repository } = context.payload
    const installationId = 'installation' in context.payload ? context.payload.installation?.id : undefined
    if (!REVIEWED_ACTIONS.has(action) || pr.state !== 'open' || pr.draft || pr.user?.type === 'Bot' || !installationId) return
    const data = {
      installationId,
      owner: repository.owner.login,
      repo: repository.name,
      prNumber: pr.number,
      headSha: pr.head.sha,
      trigger: action,
      title: pr.title,
      deliveryId: context.id,
    }
    const jobId = `${data.owner}/${data.repo}#${data.prNumber}@${data.headSha}`.toLowerCase()
    // Debounced as Revue queues a pull_request delivery (NUXT_WORKER_DEBOUNCE_MS, 5 s by default).
    await queue.add('review', data, {
      jobId, attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { age: 7 * DAY, count: 5000 }, removeOnFail: { age: 30 * DAY },
      delay: DEBOUNCE_MS, deduplication: { id: `${data.owner}/${data.repo}#${data.prNumber}`.toLowerCase(), ttl: DEBOUNCE_MS - 250, extend: true, replace: true },
    })
    context.log.info(`queued ${jobId} (${action})`)
  })
}

const middleware = await createNodeMiddleware(app, { probot, webhooksPath: '/api/webhook' })
const server = createServer((request, response) => {
  void middleware(request, response, () => response.writeHead(404).end())
})
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`))
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => void queue.close().then(() => process.exit(0)))
})
