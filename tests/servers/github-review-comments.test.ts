import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../support/octokit'
import { makePatch, startGitHubServer } from './github'
import type { GitHubFake } from './github'
import { checkAnswers } from './github/openapi'

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

  it('answers 404 for an unknown pull request', async () => {
    const octokit = await installationOctokit(fake)
    await expect(octokit.rest.pulls.listReviewComments({ ...PR, pull_number: 99 })).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
