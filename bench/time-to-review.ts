// Time to review: from the webhook to the review on GitHub, for a pull request of four parts and one of a single part,
// with the local Gemini answering every call after 8 s and the local GitHub every request after 100 ms, beside the
// latency of one model call. Default settings (NUXT_MODEL_CONCURRENCY 4, writes a second apart per installation),
// except NUXT_WORKER_DEBOUNCE_MS=0 so the review starts at once instead of waiting out the push debounce, and a
// context of 16,000 tokens with answers of 2,000, which leaves about one file of the pull request per model call.
import { GoogleGenAI } from '@google/genai'
import { startGeminiServer } from '../tests/fakes/gemini/server'
import { makePatch, startGitHubServer, type FakeFile } from '../tests/fakes/github/server'
import { pullRequestPayload } from '../tests/support/payloads'
import { firstAddedLineReviewer } from '../tests/support/reviewer'
import { deliver, revueEnv, startRevue } from './lib/revue'
import { sleep, type Row } from './lib/support'

const MODEL_MS = 8_000
const GITHUB_MS = 100
const TARGET = 2.3
const BENCHMARK = `time to review (Gemini ${MODEL_MS / 1000} s, GitHub ${GITHUB_MS} ms)`

// About 4,200 tokens each: one file per part.
const file = (n: number): FakeFile => ({
  filename: `src/part-${n}.ts`,
  status: 'added',
  patch: makePatch({ added: Array.from({ length: 180 }, (_, i) => `export const value${i} = compute(${n}, ${i}) // a line long enough to fill the part quickly`) }),
})

export async function benchTimeToReview(redisUrl: string): Promise<Row[]> {
  const github = await startGitHubServer()
  const posted = new Map<number, number>()
  github.onRequest(async ({ method, path }) => {
    await sleep(GITHUB_MS)
    const review = method === 'POST' ? /\/pulls\/(\d+)\/reviews$/.exec(path) : null
    if (review) posted.set(Number(review[1]), Date.now())
  })
  const gemini = await startGeminiServer()
  const reviewer = firstAddedLineReviewer()
  let delayMs = 0
  gemini.setHandler(request => ({ ...reviewer(request), delayMs }))
  const app = await startRevue(revueEnv(redisUrl, `bench-time-${Date.now()}`, github, gemini, {
    NUXT_GITHUB_WRITE_INTERVAL_MS: '1000',
    NUXT_WORKER_DEBOUNCE_MS: '0',
    NUXT_GEMINI_CONTEXT_TOKENS: '16000',
    NUXT_GEMINI_MAX_OUTPUT_TOKENS: '2000',
  }))
  while (!await fetch(`${app.url}/api/ready`).then(response => response.ok, () => false)) await sleep(50)

  const review = async (number: number, files: FakeFile[]) => {
    const headSha = number.toString(16).padStart(40, 'e')
    github.addPullRequest({ owner: 'bench', repo: 'time', number, headSha, files, title: `Change ${number}` })
    const calls = gemini.requests.length
    const at = Date.now()
    await deliver(app, pullRequestPayload({ owner: 'bench', repo: 'time', number, headSha }))
    while (!posted.has(number) && Date.now() - at < 120_000) await sleep(10)
    const seconds = ((posted.get(number) ?? Number.NaN) - at) / 1000
    // The review's last write (its check run) follows a second later: the next review must not wait behind it.
    await sleep(3_000)
    return { seconds, calls: gemini.requests.length - calls }
  }
  // A first review with an instant model warms the process (installation token, compiled code) and is not counted.
  await review(1, [file(1)])
  delayMs = MODEL_MS
  const client = new GoogleGenAI({ apiVersion: 'v1beta', apiKey: gemini.apiKey, httpOptions: { baseUrl: gemini.url } })
  const at = Date.now()
  await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Review part 1 of 1 of this pull request.' })
  const one = (Date.now() - at) / 1000
  const four = await review(2, [1, 2, 3, 4].map(file))
  const single = await review(3, [file(1)])
  await app.stop()
  await Promise.all([github.close(), gemini.close()])

  const row = (subject: string, figure: string, value: number, more: Partial<Row> = {}): Row => ({ benchmark: BENCHMARK, subject, figure, value, ...more })
  return [
    row('one model call', 'seconds', one),
    row('4-part pull request', 'seconds webhook → review posted / model calls', four.seconds, { second: four.calls }),
    row('4-part pull request', 'ratio to one model call', four.seconds / one, { target: `≤ ${TARGET}`, met: four.seconds / one <= TARGET }),
    row('1-part pull request', 'seconds webhook → review posted / model calls', single.seconds, { second: single.calls }),
    row('1-part pull request', 'ratio to one model call', single.seconds / one),
  ]
}
