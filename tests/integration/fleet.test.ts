import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GeminiRequest } from '../fakes/gemini/script'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, type Stack } from '../support/stack'

describe('many reviews at once in one process', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ NUXT_WORKER_CONCURRENCY: '8', NUXT_MODEL_CONCURRENCY: '2' })
  })
  afterAll(() => stack?.stop())

  it('keeps at most NUXT_MODEL_CONCURRENCY model calls in flight, and reviews every pull request', async () => {
    let inFlight = 0
    let most = 0
    const reviewer = firstAddedLineReviewer()
    stack.gemini.setHandler(async (request: GeminiRequest) => {
      most = Math.max(most, ++inFlight)
      await new Promise(resolve => setTimeout(resolve, 300))
      inFlight--
      return reviewer(request)
    })
    const numbers = [1, 2, 3, 4, 5, 6]
    for (const number of numbers) {
      const headSha = randomUUID().replace(/-/g, '').padEnd(40, '0')
      stack.github.addPullRequest({ owner: 'octo-org', repo: 'fleet', number, headSha, files: [{ filename: `src/f${number}.ts`, status: 'added', patch: makePatch({ added: [`export const v${number} = ${number}`] }) }] })
      expect((await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'fleet', number, headSha }))).status).toBe(202)
    }
    await expect.poll(() => numbers.map(number => stack.github.reviews('octo-org', 'fleet', number).length), { timeout: 30_000 }).toEqual(numbers.map(() => 1))
    // Six reviews ran at once (worker concurrency 8), yet the model saw two requests at a time, never more.
    expect(most).toBe(2)
  })
})
