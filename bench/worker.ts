// Worker overhead: 1,000 pull requests through the whole pipeline (webhook → job → local GitHub → local Gemini
// answering at once → review posted) at worker concurrency 1 and 50. The model and GitHub answer instantly, so a job's
// time (finishedOn − processedOn) is Revue's own overhead plus the loopback round trips to the fakes.
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { makePatch, startGitHubServer } from '../tests/fakes/github/server'
import { pullRequestPayload } from '../tests/support/payloads'
import { firstAddedLineReviewer } from '../tests/support/reviewer'
import { deliver, revueEnv, startRevue, type StartRevue } from './lib/revue'
import { cpuSecondsOf, memoryOf, percentile, sleep, type Row } from './lib/support'

const PULL_REQUESTS = Number(process.env.BENCH_PULL_REQUESTS ?? 1000)
// Each job makes about 10 GitHub requests; spread over installations to stay inside the fake's 5,000 an hour each.
const INSTALLATIONS = 5
const DELIVERY_CONCURRENCY = 20

/** One run of the whole pipeline; `start` starts the Revue process whose worker is measured. */
export async function benchPipeline(redisUrl: string, concurrency: number, start: StartRevue = startRevue): Promise<Row[]> {
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  gemini.setHandler(firstAddedLineReviewer())
  const prefix = `bench-worker-${concurrency}-${Date.now()}`
  const pulls = Array.from({ length: PULL_REQUESTS }, (_, i) => ({
    owner: 'bench', repo: `worker-${i % INSTALLATIONS}`, number: i + 1, installationId: 1 + (i % INSTALLATIONS),
    headSha: (i + 1).toString(16).padStart(40, 'a'),
  }))
  for (const pull of pulls) {
    github.addPullRequest({
      ...pull,
      title: `Change ${pull.number}`,
      files: ['src/a.ts', 'src/b.ts', 'README.md'].map(filename => ({
        filename, status: 'modified' as const,
        patch: makePatch({ context: ['import { x } from \'./x\''], removed: ['const a = 1'], added: ['const a = 2', 'export const b = a + x'] }),
      })),
    })
  }

  // The real ingestion path, worker off, so that the worker run below measures jobs only.
  // No debounce: every job is ready at once, so the worker run below starts on a full queue.
  const ingest = await startRevue(revueEnv(redisUrl, prefix, github, gemini, { NUXT_WORKER_ENABLED: 'false', NUXT_WORKER_DEBOUNCE_MS: '0' }))
  const pending = [...pulls]
  await Promise.all(Array.from({ length: DELIVERY_CONCURRENCY }, async () => {
    for (let pull = pending.shift(); pull; pull = pending.shift()) {
      await deliver(ingest, pullRequestPayload({ owner: pull.owner, repo: pull.repo, number: pull.number, headSha: pull.headSha, installationId: pull.installationId }))
    }
  }))
  await ingest.stop()

  const app = await start(revueEnv(redisUrl, prefix, github, gemini, { NUXT_WORKER_CONCURRENCY: String(concurrency) }))
  const cpuStart = cpuSecondsOf(app.pid)
  const queue = new Queue('pr-review', { connection: new Redis(redisUrl), prefix })
  const deadline = Date.now() + 10 * 60_000
  let counts: Record<string, number> = {}
  while (Date.now() < deadline) {
    counts = await queue.getJobCounts('completed', 'failed')
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= PULL_REQUESTS) break
    await sleep(200)
  }
  const cpuSeconds = cpuSecondsOf(app.pid) - cpuStart
  const memory = memoryOf(app.pid)
  const jobs = await queue.getJobs(['completed'], 0, -1)
  const posted = pulls.filter(pull => github.reviews(pull.owner, pull.repo, pull.number).length === 1).length
  await queue.close()
  await app.stop()
  await Promise.all([github.close(), gemini.close()])

  const overheads = jobs.map(job => job.finishedOn! - job.processedOn!)
  const first = Math.min(...jobs.map(job => job.processedOn!))
  const last = Math.max(...jobs.map(job => job.finishedOn!))
  const jobsPerSecond = jobs.length / ((last - first) / 1000)
  const subject = `Revue, concurrency ${concurrency}`
  const row = (figure: string, value: number, more: Partial<Row> = {}): Row => ({ benchmark: `worker overhead (${PULL_REQUESTS.toLocaleString('en')} PRs)`, subject, figure, value, ...more })
  // The busiest run is the footprint under load.
  const footprint: Row[] = concurrency > 1 ? [{ benchmark: 'footprint', subject: `Revue under load (worker, concurrency ${concurrency})`, figure: 'peak RSS MB', value: memory.peakMb }] : []
  return [
    ...footprint,
    row('jobs/s', jobsPerSecond),
    row('job time p50 / p99 ms (finishedOn − processedOn)', percentile(overheads, 50), { second: percentile(overheads, 99), target: 'p50 < 20 ms', met: percentile(overheads, 50) < 20 }),
    row('worker CPU ms per job', cpuSeconds * 1000 / PULL_REQUESTS),
    row('peak RSS MB (VmHWM)', memory.peakMb),
    row('completed / reviews posted', jobs.length, { second: posted, target: `${PULL_REQUESTS.toLocaleString('en')} / ${PULL_REQUESTS.toLocaleString('en')}, none twice`, met: jobs.length === PULL_REQUESTS && posted === PULL_REQUESTS && (counts.failed ?? 0) === 0 }),
  ]
}

export async function benchWorker(redisUrl: string): Promise<Row[]> {
  return [...await benchPipeline(redisUrl, 1), ...await benchPipeline(redisUrl, 50)]
}
