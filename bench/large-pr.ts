// A 3,000-file, 100,000-line pull request through the whole job with a zero-latency model, and Revue's idle footprint.
import { createHmac, randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { makePatch, startGitHubServer } from '../tests/fakes/github/server'
import { startApp } from '../tests/support/app'
import { pullRequestPayload } from '../tests/support/payloads'
import { memoryOf, SECRET, sleep, type Row } from './lib/support'

export async function benchLargePullRequest(redisUrl: string): Promise<Row[]> {
  const github = await startGitHubServer()
  const gemini = await startGeminiServer()
  const prefix = `bench-large-${Date.now()}`
  const app = await startApp({
    NUXT_REDIS_URL: redisUrl, NUXT_REDIS_PREFIX: prefix, NUXT_GITHUB_WEBHOOK_SECRET: SECRET,
    NUXT_GITHUB_APP_ID: String(github.appId), NUXT_GITHUB_PRIVATE_KEY: github.privateKey, NUXT_GITHUB_API_URL: github.url,
    NUXT_GITHUB_WRITE_INTERVAL_MS: '0', NUXT_WORKER_DEBOUNCE_MS: '0', NUXT_GEMINI_API_KEY: gemini.apiKey, NUXT_GEMINI_BASE_URL: gemini.url,
  })
  await sleep(1000)
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
    await sleep(100)
  }
  const seconds = job?.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : Number.NaN
  const peak = memoryOf(app.process.pid!)
  await queue.close()
  await app.stop()
  await Promise.all([github.close(), gemini.close()])
  return [
    { benchmark: 'large PR (3,000 files, 100,000 lines)', subject: 'Revue, whole job with a zero-latency model', figure: 'seconds', value: seconds, target: '< 5 s', met: seconds < 5 },
    { benchmark: 'large PR (3,000 files, 100,000 lines)', subject: 'Revue process', figure: 'peak RSS MB', value: peak.peakMb, target: '< 400 MB', met: peak.peakMb < 400 },
    { benchmark: 'footprint', subject: 'Revue, idle, worker on', figure: 'RSS MB', value: idle.rssMb, target: '< 200 MB', met: idle.rssMb < 200 },
  ]
}
