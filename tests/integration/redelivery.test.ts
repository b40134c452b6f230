import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { startStack, WEBHOOK_SECRET, type Stack } from '../support/stack'

// The redelivery job runs every half second here instead of every five minutes.
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_WORKER_REDELIVERY_MS: '500' })
  stack.gemini.setHandler(firstAddedLineReviewer())
  stack.github.setWebhook(`${stack.app.url}/api/webhook`, WEBHOOK_SECRET)
})
afterAll(() => stack?.stop())

function openPullRequest(number: number) {
  const headSha = number.toString(16).padStart(40, 'e')
  stack.github.addPullRequest({ owner: 'octo-org', repo: 'lossless', number, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['run()'] }) }] })
  return pullRequestPayload({ owner: 'octo-org', repo: 'lossless', number, headSha })
}

describe('lossless recovery of webhooks', () => {
  it('redelivers what GitHub could not hand over while Revue was down, and reviews it once', async () => {
    const payload = openPullRequest(1)
    await stack.app.stop('SIGKILL')
    const missed = await stack.github.sendWebhook('pull_request', payload)
    expect(missed.status).toBe(0)
    const app = await stack.restartApp()
    stack.github.setWebhook(`${app.url}/api/webhook`, WEBHOOK_SECRET)
    await expect.poll(() => stack.github.reviews('octo-org', 'lossless', 1).length, { timeout: 20_000 }).toBe(1)
    const attempts = stack.github.deliveries.filter(delivery => delivery.guid === missed.guid)
    expect(attempts.map(delivery => [delivery.redelivery, delivery.status_code])).toEqual([[false, 0], [true, 202]])
    // Later runs leave a delivered webhook alone: no third attempt, no second review.
    await new Promise(resolve => setTimeout(resolve, 2_000))
    expect(stack.github.deliveries.filter(delivery => delivery.guid === missed.guid)).toHaveLength(2)
    expect(stack.github.reviews('octo-org', 'lossless', 1)).toHaveLength(1)
  })

  it('does not redeliver what Revue refused for good (a bad signature would fail again)', async () => {
    stack.github.setWebhook(`${stack.app.url}/api/webhook`, 'not-the-secret')
    const refused = await stack.github.sendWebhook('pull_request', openPullRequest(2))
    expect(refused.status).toBe(401)
    stack.github.setWebhook(`${stack.app.url}/api/webhook`, WEBHOOK_SECRET)
    await new Promise(resolve => setTimeout(resolve, 2_000))
    expect(stack.github.deliveries.filter(delivery => delivery.guid === refused.guid)).toHaveLength(1)
    expect(stack.github.reviews('octo-org', 'lossless', 2)).toHaveLength(0)
  })
})
