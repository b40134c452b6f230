import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// Two refusals pause an installation for three seconds.
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_WORKER_BREAKER_THRESHOLD: '2', NUXT_WORKER_BREAKER_COOLDOWN_MS: '3000', NUXT_METRICS_TOKEN: 'm' })
  stack.gemini.setHandler(firstAddedLineReviewer())
  stack.github.addInstallation(7, ['octo-org/locked'])
})
afterAll(() => stack?.stop())

async function openPullRequest(number: number) {
  const headSha = number.toString(16).padStart(40, 'b')
  stack.github.addPullRequest({ owner: 'octo-org', repo: 'locked', number, installationId: 7, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['go()'] }) }] })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'locked', number, headSha, installationId: 7 }))
  return (await response.json() as { queued: string }).queued
}
const tokenRequests = () => stack.github.requests.filter(request => request.path === '/app/installations/7/access_tokens').length

describe('the per-installation circuit breaker', () => {
  it('pauses an installation after repeated refusals instead of failing its jobs, and closes by itself', async () => {
    stack.github.inject({ method: 'POST', path: /^\/app\/installations\/7\/access_tokens$/, status: 401, body: { message: 'Bad credentials' }, times: 2 })
    for (const number of [1, 2]) expect(await (await waitForJob(stack.queue, await openPullRequest(number))).getState()).toBe('failed')
    expect(tokenRequests()).toBe(2)

    const paused = await openPullRequest(3)
    await expect.poll(async () => stack.queue.getJobState(paused)).toBe('delayed')
    // While paused, nothing is asked of GitHub for this installation.
    expect(tokenRequests()).toBe(2)
    // Many other keys: the gauge must look at all of Redis, not at the first page of a SCAN.
    const filler = stack.redis.pipeline()
    for (let i = 0; i < 20_000; i++) filler.set(`${stack.prefix}:filler:${i}`, '1', 'EX', 60)
    await filler.exec()
    const metrics = await (await fetch(`${stack.app.url}/metrics`, { headers: { authorization: 'Bearer m' } })).text()
    expect(metrics).toMatch(/^revue_circuit_breakers_open 1$/m)
    expect(metrics).toMatch(/^revue_circuit_breaker_opened_total 1$/m)
    const log = await stack.redis.xrange(`${stack.prefix}:log:${paused}`, '-', '+')
    expect(log.map(([, fields]) => JSON.parse(fields[1]!).message).join('\n')).toMatch(/Installation 7 is paused until .* this review waits/)

    const job = await waitForJob(stack.queue, paused, 15_000)
    expect(job.returnvalue?.status).toBe('posted')
    expect(job.attemptsMade).toBe(1)
    expect(stack.github.reviews('octo-org', 'locked', 3)).toHaveLength(1)
  })
})
