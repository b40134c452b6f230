import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// A short lock: a job whose worker died is taken over after about a second instead of thirty.
let stack: Stack
beforeAll(async () => {
  stack = await startStack({ NUXT_WORKER_LOCK_MS: '1000' })
})
afterAll(() => stack?.stop())

async function openPullRequest(number: number, title: string) {
  const headSha = number.toString(16).padStart(40, 'd')
  stack.github.addPullRequest({
    owner: 'octo-org', repo: 'crashy', number, headSha, title,
    files: [{ filename: 'src/app.ts', status: 'modified', patch: makePatch({ context: ['start()'], added: ['run(unsafe)'] }) }],
  })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo: 'crashy', number, headSha }))
  return (await response.json() as { queued: string }).queued
}

describe('a worker killed with SIGKILL', () => {
  it('mid-review: the job is taken over after restart and exactly one review is posted', async () => {
    let killed = false
    stack.gemini.setHandler(async (request) => {
      if (request.prompt.includes('Killed mid-review') && !killed) {
        killed = true
        await stack.app.stop('SIGKILL')
        return { hang: true }
      }
      return firstAddedLineReviewer()(request)
    })
    const jobId = await openPullRequest(1, 'Killed mid-review')
    await expect.poll(() => killed, { timeout: 20_000 }).toBe(true)
    await stack.restartApp()
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue?.status).toBe('posted')
    expect(stack.github.reviews('octo-org', 'crashy', 1)).toHaveLength(1)
  })

  it('after GitHub stored the review but before the job completed: the re-run finds it and posts nothing', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer())
    let killed = false
    stack.github.onRequest(async ({ method, path }) => {
      if (method === 'POST' && path.endsWith('/crashy/pulls/2/reviews') && !killed) {
        killed = true
        await stack.app.stop('SIGKILL')
      }
    })
    const jobId = await openPullRequest(2, 'Killed after posting')
    await expect.poll(() => killed, { timeout: 20_000 }).toBe(true)
    await expect.poll(() => stack.github.reviews('octo-org', 'crashy', 2).length).toBe(1)
    await stack.restartApp()
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue?.status).toBe('already-posted')
    expect(stack.github.reviews('octo-org', 'crashy', 2)).toHaveLength(1)
  })
})
