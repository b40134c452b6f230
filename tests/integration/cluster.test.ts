import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { startPrivateCluster, type PrivateCluster } from '../support/cluster'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { signIn } from '../support/session'
import { openEventStream } from '../support/sse'
import { deliver, startStack, waitForJob, WEBHOOK_SECRET, type Stack } from '../support/stack'

// The whole path on a real three-master Redis Cluster: webhook → BullMQ → review → live stream, and the redelivery
// scheduler (every half second here).
let cluster: PrivateCluster
let stack: Stack
beforeAll(async () => {
  cluster = await startPrivateCluster()
  stack = await startStack({ NUXT_WORKER_REDELIVERY_MS: '500' }, { cluster: cluster.nodes })
  stack.gemini.setHandler(firstAddedLineReviewer())
  stack.github.addUser({ login: 'alice', repos: { 'octo-org/clustered': 'read' } })
}, 60_000)
afterAll(async () => {
  await stack?.stop()
  await cluster?.stop()
})

function openPullRequest(number: number) {
  const headSha = number.toString(16).padStart(40, 'c')
  stack.github.addPullRequest({ owner: 'octo-org', repo: 'clustered', number, headSha, files: [{ filename: 'src/a.ts', status: 'added', patch: makePatch({ added: ['export const a = eval(input)'] }) }] })
  return { headSha, payload: pullRequestPayload({ owner: 'octo-org', repo: 'clustered', number, headSha }) }
}

describe('Redis Cluster', () => {
  it('reviews a pull request once and streams its log live to a reader, with every key under one hash tag', async () => {
    const cookie = await signIn(stack.app, stack.github, 'alice')
    const stream = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=octo-org/clustered`, { cookie })
    expect(stream.status).toBe(200)
    const { headSha, payload } = openPullRequest(1)
    expect((await deliver(stack.app, 'pull_request', payload)).status).toBe(202)
    expect((await deliver(stack.app, 'pull_request', payload)).status).toBe(202)
    const jobId = `octo-org/clustered#1@${headSha}`
    expect((await waitForJob(stack.queue, jobId)).returnvalue?.status).toBe('posted')
    await stream.until(events => events.some(event => event.event === 'job' && event.data.includes('"completed"')))
    expect(stream.events.some(event => event.event === 'log' && event.data.includes('Posted a review'))).toBe(true)
    stream.close()
    expect(stack.github.reviews('octo-org', 'clustered', 1)).toHaveLength(1)
    expect(stack.prefix).toMatch(/^\{test-/)
  })

  it('redelivers a webhook GitHub could not hand over, through the scheduler on the cluster', async () => {
    const { payload } = openPullRequest(2)
    stack.github.setWebhook('http://127.0.0.1:9/api/webhook', WEBHOOK_SECRET)
    const missed = await stack.github.sendWebhook('pull_request', payload)
    expect(missed.status).toBe(0)
    stack.github.setWebhook(`${stack.app.url}/api/webhook`, WEBHOOK_SECRET)
    await expect.poll(() => stack.github.reviews('octo-org', 'clustered', 2).length, { timeout: 20_000 }).toBe(1)
  })
})
