import { setTimeout as sleep } from 'node:timers/promises'
import { UnrecoverableError } from 'bullmq'
import pLimit from 'p-limit'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { geminiClient } from '../../../server/models/gemini/client'
import type { ModelClient } from '../../../server/models/provider'
import { chunkDiff, type DiffFile } from '../../../server/review/chunk'
import { parsePatch } from '../../../server/review/diff'
import { reviewChunks } from '../../../server/review/model'
import { verifyFindings } from '../../../server/review/verify'
import type { JobLogger } from '../../../server/jobs/log'
import { startGeminiServer, type GeminiFake } from '../../fakes/gemini/server'
import type { GeminiReply, GeminiRequest } from '../../fakes/gemini/script'
import { firstAddedLineReviewer } from '../../support/reviewer'

const MODEL = 'gemini-2.5-flash'
const FILES: DiffFile[] = [1, 2, 3, 4].map(n => ({ path: `src/f${n}.ts`, status: 'added', hunks: parsePatch(`@@ -0,0 +1,2 @@\n+export const a${n} = ${n}\n+export const b${n} = ${n}`) }))
// One file per chunk: four parts.
const CHUNKS = chunkDiff(FILES, 30)

let fake: GeminiFake
let client: ModelClient
let inFlight = 0
let most = 0
let lines: string[] = []
const log: JobLogger = {
  debug: async message => void lines.push(message),
  info: async message => void lines.push(message),
  warn: async message => void lines.push(message),
  error: async message => void lines.push(message),
}

beforeAll(async () => {
  fake = await startGeminiServer()
  client = geminiClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 60_000, retries: 2 })
})
afterAll(() => fake.close())
beforeEach(() => {
  inFlight = 0
  most = 0
  lines = []
  fake.requests.length = 0
})

const partOf = (request: GeminiRequest) => Number((/^Review part (\d+) of/.exec(request.prompt) ?? /src\/f(\d)\.ts/.exec(request.prompt))![1])
const verifying = (request: GeminiRequest) => request.prompt.startsWith('Verify these')

/**
 * The test reviewer, answering part n after delay(n) ms, with token counts that say which call they come from: a
 * review of part n costs 1000·n input and n output tokens, its second pass 10·n input and 1 output token.
 */
function answering(delay: (part: number, verify: boolean) => number, reply?: (part: number) => GeminiReply | undefined) {
  const reviewer = firstAddedLineReviewer()
  fake.setHandler(async (request) => {
    const part = partOf(request)
    const verify = verifying(request)
    most = Math.max(most, ++inFlight)
    await sleep(delay(part, verify))
    inFlight--
    const own = verify ? undefined : reply?.(part)
    if (own) return own
    const answer = reviewer(request) as { json: Record<string, unknown> }
    return {
      json: verify ? answer.json : { ...answer.json, summary: `Part ${part}.` },
      usage: verify ? { promptTokenCount: 10 * part, candidatesTokenCount: 1 } : { promptTokenCount: 1000 * part, candidatesTokenCount: part },
    }
  })
}

function review(concurrency: number) {
  return reviewChunks(CHUNKS, { client, model: MODEL, system: 'Review.', maxOutputTokens: 1000, title: 'Four parts', body: null, concurrency, log },
    (findings, part) => verifyFindings(findings, FILES, { client, log, model: MODEL, maxOutputTokens: 1000, minConfidence: 0.6, part }))
}

describe('reviewChunks', () => {
  it('asks every part at once and verifies each as it answers, yet keeps findings, summaries and tokens in part order', async () => {
    expect(CHUNKS).toHaveLength(4)
    // The last part answers first.
    answering((part, verify) => verify ? 20 : (5 - part) * 150)
    const result = await review(4)
    expect(most).toBe(4)
    expect(result.findings.map(finding => finding.path)).toEqual(['src/f1.ts', 'src/f2.ts', 'src/f3.ts', 'src/f4.ts'])
    expect(result.summaries).toEqual(['Part 1.', 'Part 2.', 'Part 3.', 'Part 4.'])
    expect(result.tokens).toEqual({ input: 1000 + 2000 + 3000 + 4000 + 10 + 20 + 30 + 40, output: 1 + 2 + 3 + 4 + 4 })
    // Each part's second pass went out as soon as that part answered: part 4's first, before part 1 had answered.
    const calls = fake.requests.map(request => `${verifying(request) ? 'verify' : 'ask'} ${partOf(request)}`)
    expect(calls.slice(0, 4)).toEqual(['ask 1', 'ask 2', 'ask 3', 'ask 4'])
    expect(calls.slice(4)).toEqual(['verify 4', 'verify 3', 'verify 2', 'verify 1'])
    // The logs name the part of every line; the questions are written in part order.
    expect(lines.slice(0, 4)).toEqual([1, 2, 3, 4].map(part => `Asking ${MODEL} about part ${part} of 4 (1 file, ~${CHUNKS[part - 1]!.tokens} tokens)`))
    expect(lines.filter(line => line.includes('double-check')).sort()).toEqual([1, 2, 3, 4].map(part => `Asking ${MODEL} to double-check 1 finding of part ${part} of 4`))
  })

  it('gives the same findings, summaries and tokens as asking one part after the other', async () => {
    answering((part, verify) => verify ? 0 : (5 - part) * 50)
    const parallel = await review(4)
    most = 0
    answering(() => 0)
    const sequential = await review(1)
    expect(most).toBe(1)
    expect(parallel).toEqual(sequential)
  })

  it('keeps at most `concurrency` parts of one review in flight', async () => {
    answering(() => 100)
    const result = await review(2)
    expect(most).toBe(2)
    expect(result.findings).toHaveLength(4)
    expect(fake.requests.filter(request => !verifying(request))).toHaveLength(4)
  })

  it('leaves room for other reviews: a big pull request queues no more than `concurrency` calls for the model', async () => {
    // The process-wide bound, as useModelClient sets it: two requests in flight, the others wait their turn in order.
    const limit = pLimit(2)
    const shared = geminiClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 60_000, retries: 2, fetch: (input, init) => limit(() => fetch(input, init)) })
    const files = [1, 2, 3, 4, 5, 6].map(n => ({ ...FILES[0]!, path: `src/f${n}.ts` }))
    const ask = (title: string, diff: DiffFile[]) => reviewChunks(chunkDiff(diff, 30), { client: shared, model: MODEL, system: 'Review.', maxOutputTokens: 1000, title, body: null, concurrency: 2 },
      async findings => ({ kept: findings, tokens: { input: 0, output: 0 } }))
    answering(() => 200)
    const big = ask('Six parts', files)
    await vi.waitUntil(() => fake.requests.length === 2)
    const small = ask('One part', FILES.slice(0, 1))
    await Promise.all([big, small])
    const order = fake.requests.map(request => `${/<untrusted name="title">\n(.*)/.exec(request.prompt)![1]} ${partOf(request)}`)
    // The small review's only call went out as soon as one of the big review's first two answered.
    expect(order).toEqual(['Six parts 1', 'Six parts 2', 'One part 1', 'Six parts 3', 'Six parts 4', 'Six parts 5', 'Six parts 6'])
  })

  it('fails as a whole when one part\'s answer is unusable twice, stopping the parts in flight and asking no more', async () => {
    answering(part => part === 2 ? 0 : 1_500, part => part === 2 ? { text: 'not json at all' } : undefined)
    const at = Date.now()
    const failure = await review(3).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UnrecoverableError)
    expect((failure as Error).message).toMatch(/invalid answer twice: answer is not JSON/)
    // It did not wait for parts 1 and 3, whose requests were aborted.
    expect(Date.now() - at).toBeLessThan(1_200)
    expect(lines).toContain('Gemini\'s answer about part 2 of 4 was unusable, asking once more: answer is not JSON (finish reason STOP): not json at all')
    // Part 4 was never asked; parts 1 and 3 get no second pass once their (late) answers arrive.
    await sleep(1_800)
    expect(fake.requests.map(request => `${verifying(request) ? 'verify' : 'ask'} ${partOf(request)}`).sort()).toEqual(['ask 1', 'ask 2', 'ask 2', 'ask 3'])
    expect(lines.filter(line => line.includes('part 4') || line.includes('double-check'))).toEqual([])
  })
})
