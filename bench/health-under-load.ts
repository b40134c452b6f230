// GET /api/health latency while pull requests are reviewed: idle, a 3,000-file pull request, a pathological one.
import { Worker } from 'node:worker_threads'
import { Redis } from 'ioredis'
import { Queue } from 'bullmq'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { makePatch, startGitHubServer, type FakeFile } from '../tests/fakes/github/server'
import { pullRequestPayload } from '../tests/support/payloads'
import { deliver, revueEnv, startRevue } from './lib/revue'
import { DURATION_S, percentile, sleep, type Row } from './lib/support'

const BENCHMARK = '/api/health while a pull request is reviewed'
const TARGET_MS = 50
// Open loop: a request is due every 10 ms whatever became of the earlier ones, and is timed from when it was due, so a
// stalled event loop counts once for every request it held up. The poller has a thread of its own, so the local
// GitHub serving 3,000 files in the bench's main thread does not delay it.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads')
const samples = []
let stopped = false
parentPort.once('message', () => (stopped = true))
const start = performance.now()
let sent = 0
const tick = () => {
  if (stopped) return Promise.all(inFlight).then(() => parentPort.postMessage(samples))
  const due = start + sent++ * 10
  const request = fetch(workerData.url).then(response => response.arrayBuffer()).then(() => samples.push(performance.now() - due), () => samples.push(Number.POSITIVE_INFINITY))
  inFlight.add(request)
  request.finally(() => inFlight.delete(request))
  setTimeout(tick, Math.max(0, start + sent * 10 - performance.now()))
}
const inFlight = new Set()
tick()
`

export async function benchHealthUnderLoad(redisUrl: string): Promise<Row[]> {
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  const prefix = `bench-health-${Date.now()}`
  const app = await startRevue(revueEnv(redisUrl, prefix, github, gemini, { NUXT_WORKER_DEBOUNCE_MS: '0' }))
  const redis = new Redis(redisUrl)
  const queue = new Queue('pr-review', { connection: redis, prefix })
  const rows: Row[] = []
  try {
    await sleep(1000)
    const baseline = await _poll(`${app.url}/api/health`, () => sleep(DURATION_S * 1000))
    rows.push(..._rows('no review running (baseline)', baseline))
    const cases: Array<[string, FakeFile[]]> = [['3,000-file pull request (100,000 lines)', _largeFiles()], ['pathological pull request', _pathologicalFiles()]]
    for (const [index, [subject, files]] of cases.entries()) {
      const number = index + 1
      const headSha = String(number).repeat(40)
      github.addPullRequest({ owner: 'bench', repo: 'health', number, headSha, files })
      const jobId = `bench/health#${number}@${headSha}`
      const review = async () => {
        await deliver(app, pullRequestPayload({ owner: 'bench', repo: 'health', number, headSha }))
        while (!(await queue.getJob(jobId))?.finishedOn) await sleep(100)
      }
      const samples = await _poll(`${app.url}/api/health`, review)
      const job = await queue.getJob(jobId)
      const prepared = (await redis.xrange(`${prefix}:log:${jobId}`, '-', '+'))
        .map(([, fields]) => (JSON.parse(fields[1]!) as { message: string }).message)
        .find(message => message.startsWith('Prepared the diff'))
      rows.push(..._rows(subject, samples, true))
      rows.push({ benchmark: BENCHMARK, subject, figure: 'job seconds / prepare ms', value: (job!.finishedOn! - job!.processedOn!) / 1000, second: Number(/in (\d+) ms/.exec(prepared ?? '')?.[1] ?? Number.NaN) })
      if (job?.failedReason) throw new Error(`${subject}: the review failed: ${job.failedReason}`)
    }
  }
  finally {
    await queue.close()
    redis.disconnect()
    await app.stop()
    await Promise.all([github.close(), gemini.close()])
  }
  return rows
}

async function _poll(url: string, during: () => Promise<unknown>): Promise<number[]> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url } })
  const samples = new Promise<number[]>(resolve => poller.once('message', resolve))
  await during()
  poller.postMessage('stop')
  const result = await samples
  await poller.terminate()
  return result
}

function _rows(subject: string, samples: number[], target = false): Row[] {
  const p99 = percentile(samples, 99)
  return [
    { benchmark: BENCHMARK, subject, figure: `p50 / p99 ms (${samples.length} requests)`, value: percentile(samples, 50), second: p99, ...(target ? { target: `p99 < ${TARGET_MS} ms`, met: p99 < TARGET_MS } : {}) },
    { benchmark: BENCHMARK, subject, figure: 'max ms', value: Math.max(...samples) },
  ]
}

// As bench/large-pr.ts: 3,000 files of 33 or 34 added lines.
function _largeFiles(): FakeFile[] {
  return Array.from({ length: 3000 }, (_, i) => ({
    filename: `src/module-${i}.ts`,
    status: 'added' as const,
    patch: makePatch({ added: Array.from({ length: i < 1000 ? 34 : 33 }, (_, j) => `export const value${j} = compute(${i}, ${j}) // a line of ordinary length`) }),
  }))
}

// Four files of 100,000-character lines built to backtrack (the reproduction), and 1,000 files of lines just
// under the length at which lines are cut, with secret-looking assignments: every pattern reads them in full.
function _pathologicalFiles(): FakeFile[] {
  const long = ['-eyJ'.repeat(25_000), '_ghs_1_'.repeat(14_300), `password = "${'x9'.repeat(50_000)}"`, `${'a'.repeat(99_000)}=`]
  return [
    ...Array.from({ length: 4 }, (_, i) => ({ filename: `src/long-${i}.js`, status: 'added' as const, patch: makePatch({ added: long }) })),
    ...Array.from({ length: 1000 }, (_, i) => ({
      filename: `src/heavy-${i}.js`,
      status: 'added' as const,
      patch: makePatch({ added: ['-eyJ'.repeat(1_000), `const api_key = "${'aB3'.repeat(30)}${i}"`, `password: ${'x9'.repeat(1_500)}`, '_ghs_1_'.repeat(580)] }),
    })),
  ]
}
