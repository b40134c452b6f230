// Fleet drain: 100 pull requests over 20 installations, default settings (writes spaced a second apart per
// installation, the push debounce, the default worker concurrency), reviewed by 1 and then 2 worker processes against
// the local GitHub and Gemini answering at once. GitHub's guidance allows about one write a second per installation,
// so the ceiling is installations ÷ writes per review reviews/s; the run reports how close Revue gets.
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { makePatch, startGitHubServer } from '../tests/fakes/github/server'
import { pullRequestPayload } from '../tests/support/payloads'
import { firstAddedLineReviewer } from '../tests/support/reviewer'
import { deliver, revueEnv, startRevue } from './lib/revue'
import { sleep, type Row } from './lib/support'

const INSTALLATIONS = 20
const PULL_REQUESTS = 100
const WRITE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

async function drain(redisUrl: string, processes: number): Promise<Row[]> {
  const github = await startGitHubServer()
  // More than 6 writes of one installation in 5 s (one a second, and one of jitter) get a secondary rate limit.
  github.enforceWritePace({ windowMs: 5_000, maxWrites: 6 })
  const gemini = await startGeminiServer()
  gemini.setHandler(firstAddedLineReviewer())
  const prefix = `bench-drain-${processes}-${Date.now()}`
  // Round-robin over installations, as pull requests of many teams arrive.
  const pulls = Array.from({ length: PULL_REQUESTS }, (_, i) => ({
    owner: 'fleet', repo: `repo-${i % INSTALLATIONS}`, number: i + 1, installationId: 1 + (i % INSTALLATIONS),
    headSha: (i + 1).toString(16).padStart(40, 'b'),
  }))
  for (const pull of pulls) {
    github.addPullRequest({
      ...pull,
      title: `Change ${pull.number}`,
      files: [{ filename: 'src/a.ts', status: 'modified' as const, patch: makePatch({ context: ['import { x } from \'./x\''], removed: ['const a = 1'], added: ['const a = 2'] }) }],
    })
  }
  const apps = []
  for (let i = 0; i < processes; i++) apps.push(await startRevue(revueEnv(redisUrl, prefix, github, gemini, { NUXT_GITHUB_WRITE_INTERVAL_MS: '1000' })))
  const queue = new Queue('pr-review', { connection: new Redis(redisUrl), prefix })
  for (const pull of pulls) await deliver(apps[0]!, pullRequestPayload({ ...pull }))

  const deadline = Date.now() + 5 * 60_000
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts('completed', 'failed')
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= PULL_REQUESTS) break
    await sleep(250)
  }
  const jobs = await queue.getJobs(['completed'], 0, -1)
  const failed = (await queue.getJobCounts('failed')).failed ?? 0
  await queue.close()
  await Promise.all(apps.map(app => app.stop()))
  await Promise.all([github.close(), gemini.close()])

  const writes = github.requests.filter(request => WRITE.has(request.method) && request.path.startsWith('/repos/'))
  const refused = writes.filter(request => request.status === 403 || request.status === 429).length
  const reviews = pulls.map(pull => github.reviews(pull.owner, pull.repo, pull.number).length)
  const posted = reviews.filter(count => count >= 1).length
  const duplicates = reviews.filter(count => count > 1).length
  const writesPerReview = writes.length / Math.max(1, posted)
  const limit = INSTALLATIONS / writesPerReview
  // From the first job taken (after the debounce) to the last one done.
  const span = (Math.max(...jobs.map(job => job.finishedOn!)) - Math.min(...jobs.map(job => job.processedOn!))) / 1000
  const rate = jobs.length / span
  const subject = `${processes} worker process${processes > 1 ? 'es' : ''}, default settings`
  const row = (figure: string, value: number, more: Partial<Row> = {}): Row => ({ benchmark: `drain (${PULL_REQUESTS} PRs, ${INSTALLATIONS} installations)`, subject, figure, value, ...more })
  return [
    row('reviews/s / limit (installations ÷ writes per review)', rate, { second: limit }),
    row('ratio to the limit', rate / limit, { target: '≥ 0.8', met: rate / limit >= 0.8 }),
    row('writes per review', writesPerReview),
    row('reviews posted / failed jobs', posted, { second: failed, target: `${PULL_REQUESTS} / 0`, met: posted === PULL_REQUESTS && failed === 0 }),
    row('duplicates / secondary-limit answers', duplicates, { second: refused, target: '0 / 0', met: duplicates === 0 && refused === 0 }),
  ]
}

export async function benchDrain(redisUrl: string): Promise<Row[]> {
  return [...await drain(redisUrl, 1), ...await drain(redisUrl, 2)]
}
