import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { makePatch, startGitHubServer } from './server'
import type { GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'inline'
const HEAD = 'a'.repeat(40)
const PR = { owner: OWNER, repo: REPO, pull_number: 2 }
// two hunks: RIGHT 10-12 and RIGHT 40-41
const PATCH = `${makePatch({ context: ['const a = 1'], removed: ['const b = 2'], added: ['const b = 3', 'const c = 4'] }, 10)}\n${makePatch({ context: ['x'], added: ['y'] }, 40)}`

let fake: GitHubFake

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 2, headSha: HEAD, files: [{ filename: 'src/app.ts', status: 'modified', patch: PATCH }] })
})

afterAll(async () => {
  await fake?.close()
})

describe('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', () => {
  it('lists the inline comments of the stored reviews in GitHub\'s shape', async () => {
    const octokit = await installationOctokit(fake)
    const { data: review } = await octokit.rest.pulls.createReview({
      ...PR,
      commit_id: HEAD,
      event: 'COMMENT',
      body: 'Two remarks',
      comments: [
        { path: 'src/app.ts', line: 12, body: 'added line' },
        { path: 'src/app.ts', start_line: 10, line: 11, side: 'LEFT', body: 'removed lines' },
        { path: 'src/app.ts', line: 41, body: 'second hunk' },
      ],
    })
    const { data } = await octokit.rest.pulls.listReviewComments(PR)
    expect(data).toHaveLength(3)
    const [added, removed, second] = data
    expect(added).toMatchObject({
      id: expect.any(Number),
      pull_request_review_id: review.id,
      path: 'src/app.ts',
      line: 12,
      original_line: 12,
      side: 'RIGHT',
      start_line: null,
      start_side: null,
      position: 4,
      commit_id: HEAD,
      original_commit_id: HEAD,
      body: 'added line',
      user: { login: 'revue-test[bot]', type: 'Bot' },
      created_at: review.submitted_at,
      html_url: expect.stringMatching(new RegExp(`^https://github\\.com/${OWNER}/${REPO}/pull/2#discussion_r\\d+$`)),
      pull_request_url: `${fake.url}/repos/${OWNER}/${REPO}/pulls/2`,
      diff_hunk: '@@ -10,2 +10,3 @@\n const a = 1\n-const b = 2\n+const b = 3\n+const c = 4',
    })
    expect(removed).toMatchObject({ line: 11, side: 'LEFT', start_line: 10, start_side: 'LEFT', position: 2, diff_hunk: '@@ -10,2 +10,3 @@\n const a = 1\n-const b = 2' })
    expect(second).toMatchObject({ line: 41, position: 7, diff_hunk: '@@ -40 +40,2 @@\n x\n+y' })
    expect(new Set(data.map(c => c.id)).size).toBe(3)
  })

  it('paginates over several reviews with a link header', async () => {
    const octokit = await installationOctokit(fake)
    for (let i = 0; i < 3; i++) {
      fake.addReview(OWNER, REPO, 2, { body: `seeded ${i}`, commit_id: HEAD, comments: Array.from({ length: 5 }, (_, j) => ({ path: 'src/app.ts', line: 12, body: `r${i}c${j}` })) })
    }
    const first = await octokit.rest.pulls.listReviewComments({ ...PR, per_page: 10 })
    expect(first.headers.link).toContain('rel="next"')
    const all = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...PR, per_page: 10 })
    expect(all).toHaveLength(18)
    expect(all.at(-1)?.body).toBe('r2c4')
  })

  it('moves a comment with its hunk after a push, and outdates it once the lines it shows change', async () => {
    const octokit = await installationOctokit(fake)
    const [h1, h2, h3] = ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)] as const
    const hunk = (newStart: number, last: string) => `@@ -10 +${newStart},3 @@\n a\n+b\n+${last}`
    const other = (line: string) => ({ filename: 'src/other.ts', status: 'added' as const, patch: makePatch({ added: [line] }) })
    fake.addPullRequest({ owner: OWNER, repo: REPO, number: 3, headSha: h1, files: [{ filename: 'src/move.ts', status: 'modified', patch: hunk(10, 'c') }, other('x')] })
    const pr = { ...PR, pull_number: 3 }
    await octokit.rest.pulls.createReview({ ...pr, commit_id: h1, event: 'COMMENT', body: 'r', comments: [
      { path: 'src/move.ts', start_line: 11, line: 12, body: 'on c' },
      { path: 'src/other.ts', line: 1, body: 'on x' },
    ] })
    // a line added above moves the hunk down; the other file's line is rewritten
    fake.setHead(OWNER, REPO, 3, h2, [{ filename: 'src/move.ts', status: 'modified', patch: `@@ -1,0 +1 @@\n+top\n${hunk(11, 'c')}` }, other('y')])
    const [moved, outdated] = (await octokit.rest.pulls.listReviewComments(pr)).data
    expect(moved).toMatchObject({ line: 13, start_line: 12, position: 5, commit_id: h2, original_line: 12, original_start_line: 11, original_position: 3, original_commit_id: h1, diff_hunk: hunk(10, 'c') })
    expect(outdated).toMatchObject({ line: null, start_line: null, position: null, commit_id: h1, original_line: 1, original_position: 1, original_commit_id: h1 })
    // the commented line itself changes: outdated on the last head where it applied
    fake.setHead(OWNER, REPO, 3, h3, [{ filename: 'src/move.ts', status: 'modified', patch: `@@ -1,0 +1 @@\n+top\n${hunk(11, 'C')}` }, other('y')])
    const [changed] = (await octokit.rest.pulls.listReviewComments(pr)).data
    expect(changed).toMatchObject({ line: null, position: null, commit_id: h2, original_line: 12, original_commit_id: h1 })
  })

  it('carries a review posted on an earlier head to the head at once', async () => {
    const octokit = await installationOctokit(fake)
    const [h1, h2] = ['4'.repeat(40), '5'.repeat(40)] as const
    const patch = makePatch({ added: ['one'] })
    fake.addPullRequest({ owner: OWNER, repo: REPO, number: 4, headSha: h1, files: [{ filename: 'a.ts', status: 'added', patch }] })
    fake.setHead(OWNER, REPO, 4, h2, [{ filename: 'a.ts', status: 'added', patch }, { filename: 'b.ts', status: 'added', patch }])
    await octokit.rest.pulls.createReview({ ...PR, pull_number: 4, commit_id: h1, event: 'COMMENT', body: 'r', comments: [{ path: 'a.ts', line: 1, body: 'late' }] })
    const [comment] = (await octokit.rest.pulls.listReviewComments({ ...PR, pull_number: 4 })).data
    expect(comment).toMatchObject({ line: 1, position: 1, commit_id: h2, original_commit_id: h1 })
  })

  it('answers 404 for an unknown pull request', async () => {
    const octokit = await installationOctokit(fake)
    await expect(octokit.rest.pulls.listReviewComments({ ...PR, pull_number: 99 })).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
