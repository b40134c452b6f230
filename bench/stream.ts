// Live stream: 1,000 concurrent SSE clients of one Revue process, all signed in as one reader of the repository,
// while log lines are published the way the worker does (server/jobs/log.ts: XADD + PUBLISH in one script).
// Measures publish-to-receive latency across all clients and the process's memory per client.
import { request, type ClientRequest } from 'node:http'
import { consola } from 'consola'
import { Redis } from 'ioredis'
import { createJobLogger } from '../server/jobs/log'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { startGitHubServer } from '../tests/fakes/github/server'
import { startApp } from '../tests/support/app'
import { signIn } from '../tests/support/session'
import { revueEnv } from './lib/revue'
import { DURATION_S, memoryOf, percentile, sleep, type Row } from './lib/support'

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000)
const LINES_PER_SECOND = 20
const REPO = 'bench/live'
const SENT_AT = /"sentAt":([\d.]+)/

interface Client {
  connected: Promise<void>
  received: number
  close(): void
}

/** One EventSource-like client on a socket of its own; records each log line's latency from its `sentAt`. */
function _openClient(url: string, cookie: string, latencies: number[]): Client {
  let buffer = ''
  let req: ClientRequest | undefined
  const client: Client = {
    received: 0,
    connected: new Promise((resolve, reject) => {
      req = request(url, { agent: false, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`))
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const now = performance.now()
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            if (event.startsWith(': connected')) resolve()
            const sentAt = SENT_AT.exec(event)?.[1]
            if (!sentAt) continue
            latencies.push(now - Number(sentAt))
            client.received++
          }
        })
        res.on('error', () => {})
      })
      req.on('error', reject)
      req.end()
    }),
    close: () => req?.destroy(),
  }
  return client
}

export async function benchStream(redisUrl: string): Promise<Row[]> {
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  github.addUser({ login: 'viewer', repos: { [REPO]: 'read' } })
  const prefix = `bench-stream-${Date.now()}`
  // Every client comes from this one address: the per-client rate limit would count them as one user.
  const app = await startApp(revueEnv(redisUrl, prefix, github, gemini, { NUXT_WORKER_ENABLED: 'false', NUXT_RATE_LIMIT_DASHBOARD: '0' }))
  const cookie = await signIn(app, github, 'viewer')
  const url = `${app.url}/api/jobs/stream?repo=${REPO}`
  const latencies: number[] = []
  // Warms the route and the permission cache (a minute in Redis), so the clients below do not all ask GitHub.
  const warm = _openClient(url, cookie, [])
  await warm.connected
  warm.close()
  await sleep(2000)
  const idle = memoryOf(app.process.pid!)

  const clients: Client[] = []
  let half = idle
  for (let i = 0; i < CLIENTS; i += 50) {
    const batch = Array.from({ length: Math.min(50, CLIENTS - i) }, () => _openClient(url, cookie, latencies))
    await Promise.all(batch.map(client => client.connected))
    clients.push(...batch)
    if (clients.length === CLIENTS / 2) {
      await sleep(2000)
      half = memoryOf(app.process.pid!)
    }
  }
  await sleep(2000)
  const connected = memoryOf(app.process.pid!)

  // The bench's own copy of the job logger would print every line: silence it.
  consola.level = -999
  const redis = new Redis(redisUrl)
  const log = createJobLogger(redis, { prefix, jobId: `${REPO}#1@${'b'.repeat(40)}`, repo: REPO, maxLines: 1000 })
  const lines = Math.max(1, Math.round(DURATION_S * LINES_PER_SECOND))
  for (let i = 0; i < lines; i++) {
    await log.info(`line ${i} of the bench`, { sentAt: performance.now() })
    await sleep(1000 / LINES_PER_SECOND)
  }
  await sleep(1000)
  const loaded = memoryOf(app.process.pid!)
  const complete = clients.filter(client => client.received === lines).length
  for (const client of clients) client.close()
  redis.disconnect()
  await app.stop()
  await Promise.all([github.close(), gemini.close()])

  const perClientKb = (connected.rssMb - idle.rssMb) * 1024 / CLIENTS
  // The second half alone: without what the first connections grow once (V8's young generation, compiled code).
  const marginalKb = (connected.rssMb - half.rssMb) * 1024 / (CLIENTS / 2)
  const subject = `Revue, ${CLIENTS.toLocaleString('en')} clients, ${LINES_PER_SECOND} lines/s for ${DURATION_S} s`
  const row = (figure: string, value: number, more: Partial<Row> = {}): Row => ({ benchmark: 'live stream (SSE)', subject, figure, value, ...more })
  return [
    row('publish-to-receive p50 / p99 ms', percentile(latencies, 50), { second: percentile(latencies, 99), target: 'p99 < 100 ms', met: percentile(latencies, 99) < 100 }),
    row('memory per client KB ((RSS connected − RSS idle) / clients)', perClientKb, { target: '< 50 KB', met: perClientKb < 50 }),
    row(`marginal KB per client (${(CLIENTS / 2).toLocaleString('en')} → ${CLIENTS.toLocaleString('en')} clients)`, marginalKb),
    row('RSS MB idle / with the clients', idle.rssMb, { second: connected.rssMb }),
    row('RSS MB after publishing', loaded.rssMb),
    row('clients that received every line', complete, { target: `all ${CLIENTS.toLocaleString('en')}`, met: complete === CLIENTS }),
  ]
}
