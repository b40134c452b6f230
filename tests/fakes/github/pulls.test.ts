import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { makePatch, startGitHubServer } from './server'
import type { FakeFile, GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'widgets'
const HEAD = 'a'.repeat(40)
const NEXT_HEAD = 'b'.repeat(40)

// @@ -10,2 +10,3 @@: RIGHT lines 10-12, LEFT lines 10-11
const APP_PATCH = makePatch({ context: ['const a = 1'], removed: ['const b = 2'], added: ['const b = 3', 'const c = 4'] }, 10)

let fake: GitHubFake

function manyFiles(count: number): FakeFile[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `src/file-${i}.ts`,
    status: 'modified' as const,
    patch: makePatch({ context: ['x'], added: [`line ${i}`] }),
  }))
}

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({
    owner: OWNER,
    repo: REPO,
    number: 1,
    title: 'Add widgets',
    headSha: HEAD,
    files: [
      { filename: 'src/app.ts', status: 'modified', patch: APP_PATCH },
      { filename: 'src/new.ts', status: 'added', patch: makePatch({ added: ['export const n = 1'] }) },
      { filename: 'assets/logo.png', status: 'added' },
      { filename: 'src/moved.ts', previous_filename: 'src/old.ts', status: 'renamed', patch: makePatch({ context: ['a'], removed: ['b'], added: ['c'] }) },
    ],
  })
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: HEAD, files: manyFiles(3005) })
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 8, headSha: HEAD, files: manyFiles(301) })
})

afterAll(async () => {
  await fake?.close()
})

describe('pull request contents', () => {
  it('lists files with counts computed from the patch, renames and binary files', async () => {
    const octokit = await installationOctokit(fake)
    const { data: files } = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(files.map(f => f.filename)).toEqual(['src/app.ts', 'src/new.ts', 'assets/logo.png', 'src/moved.ts'])
    expect(files[0]).toMatchObject({ status: 'modified', additions: 2, deletions: 1, changes: 3, patch: APP_PATCH })
    expect(files[0]?.sha).toMatch(/^[0-9a-f]{40}$/)
    expect(files[2]).not.toHaveProperty('patch')
    expect(files[3]).toMatchObject({ status: 'renamed', previous_filename: 'src/old.ts' })
    const { data: pull } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(pull).toMatchObject({ number: 1, title: 'Add widgets', changed_files: 4, additions: 4, deletions: 2, merged: false, base: { repo: { full_name: `${OWNER}/${REPO}` } } })
  })

  it('paginates 3000 files with GitHub\'s link header, capping the list at 3000', async () => {
    const octokit = await installationOctokit(fake)
    const base = `${fake.url}/repos/${OWNER}/${REPO}/pulls/7/files`
    const page2 = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: OWNER, repo: REPO, pull_number: 7, per_page: 100, page: 2 })
    expect(page2.headers.link).toBe(`<${base}?per_page=100&page=1>; rel="prev", <${base}?per_page=100&page=3>; rel="next", <${base}?per_page=100&page=30>; rel="last", <${base}?per_page=100&page=1>; rel="first"`)
    const firstDefault = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 7 })
    expect(firstDefault.data).toHaveLength(30)
    expect(firstDefault.headers.link).toBe(`<${base}?page=2>; rel="next", <${base}?page=100>; rel="last"`)

    const mark = fake.requests.length
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: OWNER, repo: REPO, pull_number: 7, per_page: 100 })
    expect(files).toHaveLength(3000)
    expect(files[2999]?.filename).toBe('src/file-2999.ts')
    const pages = fake.requests.slice(mark).filter(r => /\/pulls\/7\/files/.test(r.path)).map(r => new URL(r.path, fake.url).searchParams.get('page') ?? '1')
    expect(pages).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)))
  })

  it('serves 30 pages of 100 files well under a second', async () => {
    // timed on the wire: the throttling and retry plugins alone add ~15 ms per request
    const { token } = await (await installationOctokit(fake)).auth({ type: 'installation' }) as { token: string }
    const headers = { authorization: `token ${token}` }
    const started = performance.now()
    let total = 0
    for (let page = 1; page <= 30; page++) {
      const response = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/pulls/7/files?per_page=100&page=${page}`, { headers })
      total += (await response.json() as unknown[]).length
    }
    expect(total).toBe(3000)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('answers the diff media type with a unified diff, and 406 past 300 files', async () => {
    const octokit = await installationOctokit(fake)
    const { data, headers } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1, mediaType: { format: 'diff' } })
    expect(headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(String(data)).toContain(`diff --git a/src/app.ts b/src/app.ts\nindex`)
    expect(String(data)).toContain(`--- a/src/app.ts\n+++ b/src/app.ts\n${APP_PATCH}\n`)
    expect(String(data)).toContain('Binary files /dev/null and b/assets/logo.png differ')
    await expect(octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 8, mediaType: { format: 'diff' }, request: { retries: 0 } })).rejects.toMatchObject({
      status: 406,
      response: {
        data: {
          message: 'Sorry, the diff exceeded the maximum number of files (300). Consider using \'List pull requests files\' API or locally cloning the repository instead.',
          errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
          status: '406',
        },
      },
    })
  })
})

describe('reviews', () => {
  const PR = { owner: OWNER, repo: 'reviews', pull_number: 3 }

  beforeAll(() => {
    fake.addPullRequest({ owner: OWNER, repo: 'reviews', number: 3, headSha: HEAD, files: [{ filename: 'src/app.ts', status: 'modified', patch: APP_PATCH }] })
  })

  it.each([
    ['an unknown event', { event: 'LGTM' }, /^Invalid request/, undefined],
    ['a commit that never was the head', { commit_id: 'c'.repeat(40) }, 'Unprocessable Entity', [`No commit found for SHA: ${'c'.repeat(40)}`]],
    ['a path outside the PR', { comments: [{ path: 'src/missing.ts', line: 10, body: 'x' }] }, 'Unprocessable Entity', ['Path could not be resolved']],
    ['a RIGHT line outside the hunk', { comments: [{ path: 'src/app.ts', line: 13, body: 'x' }] }, 'Unprocessable Entity', ['Line could not be resolved']],
    ['a LEFT line that only exists on the right', { comments: [{ path: 'src/app.ts', line: 12, side: 'LEFT', body: 'x' }] }, 'Unprocessable Entity', ['Line could not be resolved']],
    ['a start_line outside the hunk', { comments: [{ path: 'src/app.ts', start_line: 9, line: 12, body: 'x' }] }, 'Unprocessable Entity', ['Pull request review thread start line must be part of the same hunk as the line.']],
    ['a start_line after the line', { comments: [{ path: 'src/app.ts', start_line: 12, line: 11, body: 'x' }] }, 'Unprocessable Entity', ['Pull request review thread start line must precede the end line.']],
  ] as const)('rejects %s with 422 and stores nothing', async (_name, params, message, errors) => {
    const octokit = await installationOctokit(fake)
    // a plain string route skips Octokit's parameter types: some cases send what GitHub's schema forbids
    const route: string = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews'
    const failure = octokit.request(route, { ...PR, event: 'COMMENT', body: 'Review', ...params })
    await expect(failure).rejects.toMatchObject({
      status: 422,
      response: { data: { message, status: '422', documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request', ...(errors ? { errors } : {}) } },
    })
    expect(fake.reviews(OWNER, 'reviews', 3)).toEqual([])
  })

  it('stores a valid review as the App\'s bot and lists it with a seeded one', async () => {
    const seeded = fake.addReview(OWNER, 'reviews', 3, { body: 'Earlier review', commit_id: HEAD })
    const octokit = await installationOctokit(fake)
    const { status, data } = await octokit.rest.pulls.createReview({
      ...PR,
      commit_id: HEAD,
      event: 'COMMENT',
      body: 'Two remarks',
      comments: [
        { path: 'src/app.ts', line: 12, side: 'RIGHT', body: 'added line' },
        { path: 'src/app.ts', line: 11, side: 'LEFT', body: 'removed line' },
        { path: 'src/app.ts', start_line: 10, line: 12, body: 'whole hunk' },
      ],
    })
    expect(status).toBe(200)
    expect(data).toMatchObject({ state: 'COMMENTED', body: 'Two remarks', commit_id: HEAD, user: { login: 'revue-test[bot]', type: 'Bot' } })
    expect(data.user?.id).toBeGreaterThanOrEqual(9000)
    const [, stored] = fake.reviews(OWNER, 'reviews', 3)
    expect(stored).toMatchObject({ id: data.id, event: 'COMMENT', state: 'COMMENTED', commit_id: HEAD })
    expect(stored?.comments).toEqual([
      { path: 'src/app.ts', line: 12, side: 'RIGHT', body: 'added line' },
      { path: 'src/app.ts', line: 11, side: 'LEFT', body: 'removed line' },
      { path: 'src/app.ts', start_line: 10, start_side: 'RIGHT', line: 12, side: 'RIGHT', body: 'whole hunk' },
    ])
    const listed = await octokit.paginate(octokit.rest.pulls.listReviews, { ...PR, per_page: 1 })
    expect(listed.map(r => r.id)).toEqual([seeded.id, data.id])
    expect((await octokit.rest.pulls.getReview({ ...PR, review_id: Number(data.id) })).data).toEqual(data)
  })

  it('accepts an earlier head after a push and lets hooks move the head mid-job', async () => {
    const octokit = await installationOctokit(fake)
    let pushed = false
    fake.onRequest(({ method, path }) => {
      if (!pushed && method === 'GET' && path.startsWith(`/repos/${OWNER}/reviews/pulls/3/files`)) {
        pushed = true
        fake.setHead(OWNER, 'reviews', 3, NEXT_HEAD, [{ filename: 'src/app.ts', status: 'modified', patch: makePatch({ added: ['only line'] }) }])
      }
    })
    const { data: files } = await octokit.rest.pulls.listFiles(PR)
    expect(files[0]?.patch).toBe('@@ -0,0 +1 @@\n+only line')
    const { data: pull } = await octokit.rest.pulls.get(PR)
    expect(pull.head.sha).toBe(NEXT_HEAD)
    // line 12 exists in the diff at the old head only
    const old = await octokit.rest.pulls.createReview({ ...PR, commit_id: HEAD, event: 'COMMENT', body: 'old', comments: [{ path: 'src/app.ts', line: 12, body: 'x' }] })
    expect(old.data.commit_id).toBe(HEAD)
    await expect(octokit.rest.pulls.createReview({ ...PR, commit_id: NEXT_HEAD, event: 'COMMENT', body: 'new', comments: [{ path: 'src/app.ts', line: 12, body: 'x' }] })).rejects.toMatchObject({ status: 422 })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
