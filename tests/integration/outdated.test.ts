import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makePatch } from '../fakes/github/server'
import { installationOctokit } from '../support/octokit'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// Re-reviews after a push, with GitHub moving Revue's earlier comments with their hunk or marking them outdated
// (line: null), as the local GitHub does from its commit graph.
const OWNER = 'octo-org'
const REPO = 'outdated'
const sha = (n: number) => n.toString(16).padStart(40, 'e')

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

async function push(number: number, headSha: string, action = 'synchronize') {
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, action }))
  const { queued } = await response.json() as { queued: string }
  return waitForJob(stack.queue, queued)
}

async function rerun(number: number, headSha: string, title: string) {
  const jobId = `${OWNER}/${REPO}#${number}@${headSha}~again`
  await stack.queue.add('review', { installationId: 1, owner: OWNER, repo: REPO, prNumber: number, headSha, deliveryId: 'test', trigger: 'rerun', title, rerun: 'again' }, { jobId })
  return waitForJob(stack.queue, jobId)
}

async function listedComments(number: number) {
  const octokit = await installationOctokit(stack.github)
  return (await octokit.rest.pulls.listReviewComments({ owner: OWNER, repo: REPO, pull_number: number })).data
}

const reviews = (number: number) => stack.github.reviews(OWNER, REPO, number)

describe('re-reviews over outdated and moved comments', () => {
  it('comments a rewritten line again: the outdated comment on that line number does not cover it', async () => {
    const before = makePatch({ context: ['keep'], added: ['old1', 'old2'] }, 10)
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 1, headSha: sha(1), title: 'Rewritten', files: [{ filename: 'src/o.ts', status: 'modified', patch: before }] })
    expect((await push(1, sha(1), 'opened')).returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })
    expect(reviews(1)[0]!.comments).toEqual([expect.objectContaining({ path: 'src/o.ts', line: 11 })])

    // The commented line is replaced: GitHub now answers the first comment with line null, on its old commit.
    const after = makePatch({ context: ['keep'], added: ['new1', 'old2'] }, 10)
    stack.github.setHead(OWNER, REPO, 1, sha(2), [{ filename: 'src/o.ts', status: 'modified', patch: after }], {
      delta: [{ filename: 'src/o.ts', status: 'modified', patch: makePatch({ context: ['keep'], removed: ['old1'], added: ['new1'] }, 10) }],
    })
    expect(await listedComments(1)).toEqual([expect.objectContaining({ line: null, position: null, original_line: 11, commit_id: sha(1) })])
    const second = await push(1, sha(2))
    expect(second.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, since: { sha: sha(1), forced: false } })
    expect(reviews(1)[1]!.comments).toEqual([expect.objectContaining({ path: 'src/o.ts', line: 11, body: expect.stringContaining('at 11') })])
  })

  it('does not comment again a line whose comment moved down with its hunk', async () => {
    const hunk = (start: number) => `@@ -19 +${start},2 @@\n ctx\n+x20`
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 2, headSha: sha(20), title: 'Moved', files: [{ filename: 'src/m.ts', status: 'modified', patch: hunk(19) }] })
    expect((await push(2, sha(20), 'opened')).returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })
    expect(reviews(2)[0]!.comments).toEqual([expect.objectContaining({ path: 'src/m.ts', line: 20 })])

    // A line added at the top moves the commented line to 21; GitHub moves the comment with it.
    const top = makePatch({ added: ['top'] })
    stack.github.setHead(OWNER, REPO, 2, sha(21), [{ filename: 'src/m.ts', status: 'modified', patch: `${top}\n${hunk(20)}` }], {
      delta: [{ filename: 'src/m.ts', status: 'modified', patch: top }],
    })
    expect((await push(2, sha(21))).returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })
    expect(await listedComments(2)).toEqual([
      expect.objectContaining({ line: 21, original_line: 20, commit_id: sha(21), original_commit_id: sha(20) }),
      expect.objectContaining({ line: 1, commit_id: sha(21) }),
    ])

    // A full re-run where the model flags the moved line: Revue's comment is already there.
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: () => ({ line: 21 }) }))
    expect((await rerun(2, sha(21), 'Moved')).returnvalue).toMatchObject({ status: 'posted', inlineComments: 0 })
  })
})
