// The benchmark suite: `npm run bench`. Runs on the production build against local GitHub and Gemini servers with no
// latency, prints a markdown table and writes bench/results/latest.json. Not part of `npm test`.
import { createHmac, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import buildIfStale from '../tests/setup/build'
import { startGeminiServer } from '../tests/servers/gemini'
import { makePatch, startGitHubServer } from '../tests/servers/github'
import { startApp, type RunningApp } from '../tests/support/app'
import { pullRequestPayload } from '../tests/support/payloads'
import { freePort, startPrivateRedis } from '../tests/support/redis'

const SECRET = 'bench-secret'
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
const rows: Array<{ benchmark: string, subject: string, figure: string, value: number, target?: string, met?: boolean }> = []

/** Resident and peak memory of a process, from /proc. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** Signed pull_request deliveries, a new head each time, as autocannon requests. */
function deliveries(): autocannon.Request[] {
  const template = pullRequestPayload({ owner: 'bench', repo: 'ingest' })
  return [{
    method: 'POST',
    path: '/api/webhook',
    setupRequest: (request: autocannon.Request) => {
      const payload = { ...template, pull_request: { ...template.pull_request, head: { ...template.pull_request.head, sha: randomUUID().replace(/-/g, '').padEnd(40, '0') } } }
      const body = JSON.stringify(payload)
      return {
        ...request,
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
        },
      }
    },
  }]
}

async function load(url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: deliveries() })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, accepted: result['2xx'], errors: result.non2xx + result.errors }
}

async function ingestion(redisUrl: string) {
  const bare = createServer((request, response) => {
    request.resume()
    request.on('end', () => response.writeHead(202).end('{}'))
  })
  const barePort = await freePort()
  await new Promise<void>(resolve => bare.listen(barePort, '127.0.0.1', resolve))
  const ceiling = await load(`http://127.0.0.1:${barePort}`)
  bare.close()

  const prefix = `bench-${Date.now()}`
  const app = await startApp({ NUXT_REDIS_URL: redisUrl, NUXT_REDIS_PREFIX: prefix, NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: SECRET, NUXT_GITHUB_APP_SLUG: 'bench' })
  await new Promise(resolve => setTimeout(resolve, 500))
  const revue = await load(app.url)
  const queue = new Queue('pr-review', { connection: new Redis(redisUrl), prefix })
  const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized')
  const enqueued = Object.values(counts).reduce((sum, count) => sum + count, 0)
  await queue.close()
  await app.stop()

  rows.push(
    { benchmark: 'ingestion', subject: 'bare node:http (ceiling)', figure: 'requests/s', value: ceiling.rps },
    { benchmark: 'ingestion', subject: 'bare node:http (ceiling)', figure: 'p99 ms', value: ceiling.p99 },
    { benchmark: 'ingestion', subject: 'Revue', figure: 'requests/s', value: revue.rps, target: '>= half the ceiling', met: revue.rps >= ceiling.rps / 2 },
    { benchmark: 'ingestion', subject: 'Revue', figure: 'p50 ms', value: revue.p50 },
    { benchmark: 'ingestion', subject: 'Revue', figure: 'p99 ms', value: revue.p99, target: '< 25 ms at 1,000/s', met: revue.p99 < 25 },
    // autocannon stops counting at the deadline while up to CONNECTIONS requests are in flight; the server still queues them.
    { benchmark: 'ingestion', subject: 'Revue', figure: 'accepted (202)', value: revue.accepted },
    { benchmark: 'ingestion', subject: 'Revue', figure: 'enqueued', value: enqueued, target: `accepted .. accepted + ${CONNECTIONS} in flight`, met: enqueued >= revue.accepted && enqueued - revue.accepted <= CONNECTIONS },
    { benchmark: 'ingestion', subject: 'Revue', figure: 'errors', value: revue.errors, target: '0', met: revue.errors === 0 },
  )
}

async function largePullRequest(redisUrl: string) {
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  const prefix = `bench-large-${Date.now()}`
  const app: RunningApp = await startApp({
    NUXT_REDIS_URL: redisUrl, NUXT_REDIS_PREFIX: prefix, NUXT_GITHUB_WEBHOOK_SECRET: SECRET,
    NUXT_GITHUB_APP_ID: String(github.appId), NUXT_GITHUB_PRIVATE_KEY: github.privateKey, NUXT_GITHUB_API_URL: github.url,
    NUXT_GITHUB_WRITE_INTERVAL_MS: '0', NUXT_GEMINI_API_KEY: gemini.apiKey, NUXT_GEMINI_BASE_URL: gemini.url,
  })
  await new Promise(resolve => setTimeout(resolve, 1000))
  const idle = memoryOf(app.process.pid!)
  // 3,000 files of 33 or 34 added lines: 100,000 changed lines.
  const files = Array.from({ length: 3000 }, (_, i) => ({
    filename: `src/module-${i}.ts`,
    status: 'added' as const,
    patch: makePatch({ added: Array.from({ length: i < 1000 ? 34 : 33 }, (_, j) => `export const value${j} = compute(${i}, ${j}) // a line of ordinary length`) }),
  }))
  const headSha = 'f'.repeat(40)
  github.addPullRequest({ owner: 'bench', repo: 'large', number: 1, headSha, files })
  const payload = JSON.stringify(pullRequestPayload({ owner: 'bench', repo: 'large', number: 1, headSha }))
  await fetch(`${app.url}/api/webhook`, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(payload).digest('hex')}` },
  })
  const queue = new Queue('pr-review', { connection: new Redis(redisUrl), prefix })
  const jobId = `bench/large#1@${headSha}`
  let job
  for (let i = 0; i < 600; i++) {
    job = await queue.getJob(jobId)
    if (job?.finishedOn) break
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const seconds = job?.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : Number.NaN
  const peak = memoryOf(app.process.pid!)
  await queue.close()
  await app.stop()
  await Promise.all([github.close(), gemini.close()])
  rows.push(
    { benchmark: 'large PR (3,000 files, 100,000 lines)', subject: 'Revue, whole job with a zero-latency model', figure: 'seconds', value: seconds, target: '< 5 s', met: seconds < 5 },
    { benchmark: 'large PR (3,000 files, 100,000 lines)', subject: 'Revue process', figure: 'peak RSS MB', value: peak.peakMb, target: '< 400 MB', met: peak.peakMb < 400 },
    { benchmark: 'footprint', subject: 'Revue, idle, worker on', figure: 'RSS MB', value: idle.rssMb, target: '< 200 MB', met: idle.rssMb < 200 },
  )
}

const redis = await startPrivateRedis()
try {
  buildIfStale()
  await ingestion(redis.url)
  await largePullRequest(redis.url)
}
finally {
  await redis.stop()
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
console.log(`\nRevue benchmarks (${machine}; ${DURATION_S} s per load run, ${CONNECTIONS} connections)\n`)
console.log('| benchmark | subject | figure | value | target | met |')
console.log('|---|---|---|---|---|---|')
for (const row of rows) console.log(`| ${row.benchmark} | ${row.subject} | ${row.figure} | ${Number.isInteger(row.value) ? row.value : row.value.toFixed(1)} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`)
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true })
writeFileSync(join(import.meta.dirname, 'results', 'latest.json'), JSON.stringify({ machine, at: new Date().toISOString(), rows }, null, 2))
process.exit(0)
