import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CommandJobData, CommandOutcome } from '../../shared/schemas/job'
import { makePatch } from '../servers/github'
import { issueCommentPayload, pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
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
  const response = await deliver(stack.app, 'issue_comment', issueCommentPayload({ owner: OWNER, repo: REPO, number: 1, comment: { id: stored.id, body, user: { login, type } } }))
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

  it('ignores bots, Revue included, and comments that are not commands', async () => {
    expect((await comment('revue-test[bot]', '/revue review', 'Bot')).answer).toEqual({ ignored: 'the author revue-test[bot] is a bot' })
    expect((await comment('maintainer', 'Looks right to me')).answer).toEqual({ ignored: 'the comment is not a /revue command' })
  })
})
