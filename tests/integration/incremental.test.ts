import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { JobsResponse } from '../../shared/schemas/api'
import type { GeminiReply, GeminiRequest } from '../fakes/gemini/script'
import { makePatch, type FakeFile } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, signIn } from '../support/session'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
const REPO = 'steps'
const CAPPED = 'capped'
const sha = (n: number) => n.toString(16).padStart(40, 'd')
const file = (filename: string, added: string[], start = 1): FakeFile => ({ filename, status: 'modified', patch: makePatch({ added }, start) })

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
  stack.github.setRepoFile(OWNER, CAPPED, '.github/revue.yml', 'max_comments: 2')
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

/** Delivers a pull_request event for the pull request's current head and waits for its job. */
async function push(number: number, headSha: string, action = 'synchronize', repo = REPO) {
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo, number, headSha, action }))
  const { queued } = await response.json() as { queued: string }
  return waitForJob(stack.queue, queued)
}

const reviews = (number: number, repo = REPO) => stack.github.reviews(OWNER, repo, number)

/**
 * A model that flags every line the diff it is shown adds or removes, as a thorough reviewer re-reading a hunk
 * would: added lines as high, removed lines as medium.
 */
function everyChangedLineReviewer(request: GeminiRequest): GeminiReply {
  if (request.prompt.startsWith('Verify these')) return firstAddedLineReviewer()(request)
  const comments: Array<Record<string, unknown>> = []
  let path: string | undefined
  for (const row of request.prompt.split('\n')) {
    path = /^--- (\S+) \(/.exec(row)?.[1] ?? path
    const changed = /^([LR])(\d+) [+-] /.exec(row)
    if (!changed || !path) continue
    const side = changed[1] === 'L' ? 'LEFT' : 'RIGHT'
    comments.push({ path, line: Number(changed[2]), side, severity: side === 'LEFT' ? 'medium' : 'high', confidence: 0.9, body: `Problem at ${changed[1]}${changed[2]}.` })
  }
  return { json: { summary: 'Looked at the changes.', comments } }
}
const promptsFor = (title: string) => stack.gemini.requests.filter(request => request.prompt.includes(title)).map(request => request.prompt)

describe('incremental reviews', () => {
  it('reviews only what a push changed, and never repeats a comment on a line it already commented', async () => {
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 1, headSha: sha(1), title: 'Fast-forward', files: [file('src/a.ts', ['a1', 'a2'])] })
    expect((await push(1, sha(1), 'opened')).returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })

    stack.github.setHead(OWNER, REPO, 1, sha(2), [file('src/a.ts', ['a1', 'a2', 'a3'])], { delta: [{ filename: 'src/a.ts', status: 'modified', patch: makePatch({ context: ['a2'], added: ['a3'] }, 2) }] })
    const second = await push(1, sha(2))
    expect(second.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, since: { sha: sha(1), forced: false } })
    const prompt = promptsFor('Fast-forward').at(-1)!
    // The lines reviewed before are context now; only the new line is an addition.
    expect(prompt).toContain('R1   a1')
    expect(prompt).toContain('R3 + a3')
    expect(reviews(1)[1]!.comments).toEqual([expect.objectContaining({ path: 'src/a.ts', line: 3 })])
    expect(reviews(1)[1]!.body).toContain(`Changes since ${sha(1).slice(0, 7)}.`)

    // A full re-run where the model flags line 1 again: Revue already has a comment there, so it says nothing new.
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: () => ({ line: 1 }) }))
    const jobId = `${OWNER}/${REPO}#1@${sha(2)}~again`
    await stack.queue.add('review', { installationId: 1, owner: OWNER, repo: REPO, prNumber: 1, headSha: sha(2), deliveryId: 'test', trigger: 'rerun', title: 'Fast-forward', rerun: 'again' }, { jobId })
    const third = await waitForJob(stack.queue, jobId)
    expect(third.returnvalue).toMatchObject({ status: 'posted', inlineComments: 0 })
    expect(reviews(1)).toHaveLength(3)
    expect(reviews(1)[2]!.comments).toEqual([])
  })

  it('after a force-push, reviews only the lines that are new to the pull request, wherever the rebase moved them', async () => {
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 2, headSha: sha(20), title: 'Force-pushed', files: [file('src/b.ts', ['b1', 'b2'], 10)] })
    expect((await push(2, sha(20), 'opened')).returnvalue?.status).toBe('posted')

    // Rebased onto a newer base (the lines moved down by 10) with one line added.
    stack.github.setHead(OWNER, REPO, 2, sha(21), [file('src/b.ts', ['b1', 'b2', 'b3'], 20)], { baseSha: sha(29) })
    const second = await push(2, sha(21))
    expect(second.returnvalue).toMatchObject({ status: 'posted', since: { sha: sha(20), forced: true } })
    expect(reviews(2)[1]!.comments).toEqual([expect.objectContaining({ path: 'src/b.ts', line: 22 })])
    expect(promptsFor('Force-pushed').at(-1)).toContain('R22 + b3')
    expect(reviews(2)[1]!.body).toContain('the branch was force-pushed')

    // A rebase that changes nothing: no review, and the check run says so.
    stack.github.setHead(OWNER, REPO, 2, sha(22), [file('src/b.ts', ['b1', 'b2', 'b3'], 30)], { baseSha: sha(28) })
    const third = await push(2, sha(22))
    expect(third.returnvalue).toMatchObject({ status: 'skipped', reason: `nothing to review changed since ${sha(21).slice(0, 7)}` })
    expect(reviews(2)).toHaveLength(2)
    expect(stack.github.checkRuns(OWNER, REPO, sha(22))).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success', output: expect.objectContaining({ title: 'Nothing new to review' }) })])
  })

  it('reviews everything again on a re-run', async () => {
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number: 3, headSha: sha(30), title: 'Re-run', files: [file('src/c.ts', ['c1'])] })
    await push(3, sha(30), 'opened')
    stack.github.setHead(OWNER, REPO, 3, sha(31), [file('src/c.ts', ['c1']), file('src/d.ts', ['d1'])], { delta: [file('src/d.ts', ['d1'])] })
    const { jobId } = { jobId: `${OWNER}/${REPO}#3@${sha(31)}~manual` }
    await stack.queue.add('review', { installationId: 1, owner: OWNER, repo: REPO, prNumber: 3, headSha: sha(31), deliveryId: 'test', trigger: 'rerun', title: 'Re-run', rerun: 'manual' }, { jobId })
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue).toMatchObject({ status: 'posted' })
    expect(job.returnvalue?.since).toBeUndefined()
    expect(promptsFor('Re-run').at(-1)).toContain('--- src/c.ts')
  })
})

describe('incremental reviews never repeat a finding', () => {
  beforeEach(() => stack.gemini.setHandler(everyChangedLineReviewer))

  it('after a fast-forward that adds a line inside a hunk that also removes lines, comments only the new line', async () => {
    const before = makePatch({ context: ['keep()'], removed: ['r1()', 'r2()', 'r3()', 'r4()', 'r5()'], added: ['n1()', 'n2()'] }, 10)
    stack.github.addPullRequest({ owner: OWNER, repo: CAPPED, number: 1, headSha: sha(40), title: 'Removals', files: [{ filename: 'src/f.ts', status: 'modified', patch: before }] })
    expect((await push(1, sha(40), 'opened', CAPPED)).returnvalue).toMatchObject({ status: 'posted', inlineComments: 2, summaryFindings: 5 })
    expect(reviews(1, CAPPED)[0]!.body).toContain('- **medium** `src/f.ts` old line 11: Problem at L11.')

    const after = makePatch({ context: ['keep()'], removed: ['r1()', 'r2()', 'r3()', 'r4()', 'r5()'], added: ['n1()', 'n2()', 'n3()'] }, 10)
    stack.github.setHead(OWNER, CAPPED, 1, sha(41), [{ filename: 'src/f.ts', status: 'modified', patch: after }], { delta: [{ filename: 'src/f.ts', status: 'modified', patch: makePatch({ context: ['n2()'], added: ['n3()'] }, 12) }] })
    const second = await push(1, sha(41), 'synchronize', CAPPED)
    // The model saw the removals again (they are in the hunk) and flagged them: none was new since the last review.
    expect(promptsFor('Removals').at(-1)).toContain('L11 - r1()')
    expect(second.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, summaryFindings: 0 })
    expect(reviews(1, CAPPED)[1]!.comments).toEqual([expect.objectContaining({ path: 'src/f.ts', side: 'RIGHT', line: 13 })])
    expect(reviews(1, CAPPED)[1]!.body).not.toContain('old line')
  })

  it('after a capped review, neither a push nor a re-run brings back a finding that was only listed', async () => {
    const lines = ['a1()', 'a2()', 'a3()', 'a4()']
    stack.github.addPullRequest({ owner: OWNER, repo: CAPPED, number: 2, headSha: sha(50), title: 'Capped', files: [file('src/g.ts', lines)] })
    expect((await push(2, sha(50), 'opened', CAPPED)).returnvalue).toMatchObject({ status: 'posted', inlineComments: 2, summaryFindings: 2 })
    expect(reviews(2, CAPPED)[0]!.body).toContain('- **high** `src/g.ts` line 4: Problem at R4.')

    // The push wraps a3() and a4() in a block (only their indentation changes) and adds a5().
    const wrapped = ['a1()', 'a2()', '  a3()', '  a4()', 'a5()']
    stack.github.setHead(OWNER, CAPPED, 2, sha(51), [file('src/g.ts', wrapped)], { delta: [{ filename: 'src/g.ts', status: 'modified', patch: makePatch({ context: ['a2()'], removed: ['a3()', 'a4()'], added: ['  a3()', '  a4()', 'a5()'] }, 2) }] })
    const second = await push(2, sha(51), 'synchronize', CAPPED)
    expect(promptsFor('Capped').at(-1)).toContain('R3 +   a3()')
    expect(second.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, summaryFindings: 0 })
    expect(reviews(2, CAPPED)[1]!.comments).toEqual([expect.objectContaining({ path: 'src/g.ts', line: 5 })])

    // A full re-run sees every line again: each was reported once, inline or listed, and none is said twice.
    const jobId = `${OWNER}/${CAPPED}#2@${sha(51)}~again`
    await stack.queue.add('review', { installationId: 1, owner: OWNER, repo: CAPPED, prNumber: 2, headSha: sha(51), deliveryId: 'test', trigger: 'rerun', title: 'Capped', rerun: 'again' }, { jobId })
    const third = await waitForJob(stack.queue, jobId)
    expect(third.returnvalue).toMatchObject({ status: 'posted', inlineComments: 0, summaryFindings: 0 })
    expect(reviews(2, CAPPED)[2]!.comments).toEqual([])
    expect(reviews(2, CAPPED)[2]!.body).not.toContain('#### More findings')
  })
})

describe('a burst of pushes', () => {
  let burst: Stack
  beforeAll(async () => {
    burst = await startStack({ NUXT_WORKER_DEBOUNCE_MS: '1500' })
    burst.gemini.setHandler(firstAddedLineReviewer())
  })
  afterAll(() => burst?.stop())

  it('collapses into one review of the newest head', async () => {
    burst.github.addUser({ login: 'watcher', repos: { [`${OWNER}/${REPO}`]: 'read' } })
    const cookie = await signIn(burst.app, burst.github, 'watcher')
    burst.github.addPullRequest({ owner: OWNER, repo: REPO, number: 9, headSha: sha(90), title: 'Bursty', files: [file('src/e.ts', ['e1'])] })
    const ids: string[] = []
    for (const [index, head] of [sha(90), sha(91), sha(92)].entries()) {
      if (index) burst.github.setHead(OWNER, REPO, 9, head, [file('src/e.ts', ['e1', `e${index + 1}`])])
      const response = await deliver(burst.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number: 9, headSha: head, action: index ? 'synchronize' : 'opened' }))
      ids.push((await response.json() as { queued: string }).queued)
    }
    // The dashboard lists only the newest head's job, waiting out the window: the list it refetches on that job's
    // 'waiting' event no longer has the replaced ones.
    const { jobs } = await (await getAs(burst.app, cookie, `/api/repos/${OWNER}/${REPO}/jobs`)).json() as JobsResponse
    expect(jobs.filter(listed => listed.prNumber === 9).map(listed => [listed.id, listed.state])).toEqual([[ids[2], 'delayed']])
    const job = await waitForJob(burst.queue, ids[2]!)
    expect(job.returnvalue?.status).toBe('posted')
    expect(burst.github.reviews(OWNER, REPO, 9).map(review => review.commit_id)).toEqual([sha(92)])
    // The older heads' jobs were replaced while they waited: the model was asked once.
    expect(await burst.queue.getJob(ids[0]!)).toBeUndefined()
    expect(await burst.queue.getJob(ids[1]!)).toBeUndefined()
    expect(burst.gemini.requests.filter(request => request.prompt.includes('Bursty'))).toHaveLength(1)
  })
})
