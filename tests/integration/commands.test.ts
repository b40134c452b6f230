import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CommandJobData, CommandOutcome } from '../../shared/schemas/job'
import { makePatch } from '../fakes/github/server'
import { issueCommentPayload, pullRequestPayload } from '../support/payloads'
import type { JobDetailResponse, JobsResponse } from '../../shared/schemas/api'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, postAs, signIn } from '../support/session'
import { openEventStream } from '../support/sse'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
const REPO = 'commands'
const HEAD = 'c'.repeat(40)
let stack: Stack
beforeAll(async () => {
  stack = await startStack()
  stack.github.addUser({ login: 'maintainer', repos: { [`${OWNER}/${REPO}`]: 'push' } })
  stack.github.addUser({ login: 'reader', repos: { [`${OWNER}/${REPO}`]: 'read' } })
  stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 1, headSha: HEAD, title: 'Commanded', files: [{ filename: 'src/a.ts', status: 'modified', patch: makePatch({ added: ['a()'] }) }] })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number: 1, headSha: HEAD }))
  await waitForJob(stack.queue, (await response.json() as { queued: string }).queued)
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

/** Writes a comment on the pull request as `login` and delivers its webhook; returns the webhook's answer. */
async function comment(login: string, body: string, type: 'User' | 'Bot' = 'User') {
  const stored = stack.github.addIssueComment(OWNER, REPO, 1, { body, user: { login, type } })
  const response = await deliver(stack.app, 'issue_comment', issueCommentPayload({ owner: OWNER, repo: REPO, number: 1, title: 'Commanded', comment: { id: stored.id, body, user: { login, type } } }))
  return { id: stored.id, status: response.status, answer: await response.json() as { queued?: string, ignored?: string } }
}

describe('/revue commands', () => {
  it('re-reviews the whole pull request for a user with write access, acknowledged with a reaction', async () => {
    const { id, status, answer } = await comment('maintainer', '/revue review')
    expect(status).toBe(202)
    expect(answer.queued).toBe(`${OWNER}/${REPO}#1!${id}`)
    await expect.poll(() => stack.github.reviews(OWNER, REPO, 1).length, { timeout: 20_000 }).toBe(2)
    expect(stack.github.reactions(OWNER, REPO, id)).toEqual([expect.objectContaining({ content: 'eyes' })])
    expect(stack.github.reviews(OWNER, REPO, 1)[1]!.body).toContain(`<!-- revue:review sha=${HEAD} run=c${id} -->`)
  })

  it('posts the help, and says when a word is not a command', async () => {
    const { id } = await comment('maintainer', '/revue deploy')
    await expect.poll(() => stack.github.issueComments(OWNER, REPO, 1).find(c => c.body.includes(`comment=${id}`))?.body, { timeout: 20_000 }).toContain('`/revue deploy` is not a command.')
    expect(stack.github.issueComments(OWNER, REPO, 1).find(c => c.body.includes(`comment=${id}`))!.body).toContain('| `/revue summary` |')
  })

  it('posts a summary of the pull request', async () => {
    const { id } = await comment('maintainer', '/revue summary')
    await expect.poll(() => stack.github.issueComments(OWNER, REPO, 1).find(c => c.body.includes(`revue:summary comment=${id}`))?.body, { timeout: 20_000 }).toContain('### Revue summary')
    const summary = stack.github.issueComments(OWNER, REPO, 1).find(c => c.body.includes(`revue:summary comment=${id}`))!
    expect(summary.body).toContain('Summary of 1 files.')
    expect(summary.user.type).toBe('Bot')
  })

  it('does nothing for a user without write access: no reaction, no review, no reply', async () => {
    const before = { reviews: stack.github.reviews(OWNER, REPO, 1).length, comments: stack.github.issueComments(OWNER, REPO, 1).length }
    const { id, answer } = await comment('reader', '/revue review')
    const commands = new Queue<CommandJobData, CommandOutcome>('pr-command', { connection: stack.redis, prefix: stack.prefix })
    const job = await waitForJob(commands, answer.queued!)
    await commands.close()
    expect(job.returnvalue).toEqual({ status: 'refused', reason: '@reader has read access; commands need write access' })
    expect(stack.github.reactions(OWNER, REPO, id)).toEqual([])
    expect(stack.github.reviews(OWNER, REPO, 1)).toHaveLength(before.reviews)
    expect(stack.github.issueComments(OWNER, REPO, 1)).toHaveLength(before.comments + 1)
  })

  it('shows each command on the dashboard as it happens: its state, its log and its outcome', async () => {
    const cookie = await signIn(stack.app, stack.github, 'maintainer')
    const live = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=${OWNER}/${REPO}`, { cookie })
    const { answer } = await comment('maintainer', '/revue summary')
    const { answer: refused } = await comment('reader', '/revue summary')
    const states = (jobId: string) => live.events.filter(event => event.event === 'job' && JSON.parse(event.data).jobId === jobId).map(event => JSON.parse(event.data).state)
    await live.until(() => states(answer.queued!).includes('completed') && states(refused.queued!).includes('completed'))
    expect(states(answer.queued!)).toEqual(['waiting', 'active', 'completed'])
    expect(live.events.some(event => event.event === 'log' && event.data.includes(answer.queued!) && event.data.includes('Posted the summary'))).toBe(true)
    live.close()

    const { jobs } = await (await getAs(stack.app, cookie, `/api/repos/${OWNER}/${REPO}/jobs`)).json() as JobsResponse
    expect(jobs.find(job => job.id === answer.queued)).toMatchObject({
      kind: 'command', prNumber: 1, title: 'Commanded', trigger: '/revue summary by @maintainer', state: 'completed',
      commandOutcome: { status: 'done', commentUrl: expect.stringMatching(/#issuecomment-\d+$/), model: expect.any(String), tokens: { input: expect.any(Number), output: expect.any(Number) } },
    })
    expect(jobs.find(job => job.id === answer.queued)?.headSha).toBeUndefined()
    expect(jobs.find(job => job.id === refused.queued)?.commandOutcome).toEqual({ status: 'refused', reason: '@reader has read access; commands need write access' })
    expect(jobs.find(job => job.kind === 'review')).toMatchObject({ headSha: HEAD, title: 'Commanded' })

    const detail = await (await getAs(stack.app, cookie, `/api/jobs/${encodeURIComponent(refused.queued!)}`)).json() as JobDetailResponse
    expect(detail.logs.map(line => line.message)).toEqual([
      expect.stringMatching(/^\/revue summary by @reader on #1/),
      'Ignored: @reader has read access; commands need write access',
    ])
    const reader = await signIn(stack.app, stack.github, 'reader')
    expect((await postAs(stack.app, reader, `/api/jobs/${encodeURIComponent(answer.queued!)}/retry`)).status).toBe(403)
  })

  it('ignores bots, Revue included, and comments that are not commands', async () => {
    expect((await comment('revue-test[bot]', '/revue review', 'Bot')).answer).toEqual({ ignored: 'the author revue-test[bot] is a bot' })
    expect((await comment('maintainer', 'Looks right to me')).answer).toEqual({ ignored: 'the comment is not a /revue command' })
  })
})
