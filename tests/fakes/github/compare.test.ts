import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { makePatch, startGitHubServer } from './server'
import type { FakeFile, GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'compare'
const BASE = '0'.repeat(40)
const NEW_BASE = '9'.repeat(40)
const [H1, H2, H3, H4, H5] = ['1', '2', '3', '4', '5'].map(c => c.repeat(40)) as [string, string, string, string, string]

const A1: FakeFile = { filename: 'src/a.ts', status: 'added', patch: makePatch({ added: ['a = 1'] }) }
const A2: FakeFile = { filename: 'src/a.ts', status: 'added', patch: makePatch({ added: ['a = 2'] }) }
const B: FakeFile = { filename: 'src/b.ts', status: 'modified', patch: makePatch({ context: ['x'], added: ['b'] }, 4) }
const C: FakeFile = { filename: 'src/c.ts', status: 'added', patch: makePatch({ added: ['c'] }) }

let fake: GitHubFake

async function compare(basehead: string, query: { per_page?: number, page?: number } = {}) {
  const octokit = await installationOctokit(fake)
  return octokit.rest.repos.compareCommitsWithBasehead({ owner: OWNER, repo: REPO, basehead, ...query })
}

function names(files: { filename: string }[] | undefined): string[] {
  return (files ?? []).map(f => f.filename)
}

beforeAll(async () => {
  fake = await startGitHubServer()
  // H1 → H2 → H3 on BASE; H4 force-pushed on BASE; H5 rebased onto NEW_BASE
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 1, baseSha: BASE, headSha: H1, files: [A1] })
  fake.setHead(OWNER, REPO, 1, H2, [A1, B])
  fake.setHead(OWNER, REPO, 1, H3, [A2, B], { delta: [{ ...A2, status: 'modified' }] })
  fake.setHead(OWNER, REPO, 1, H4, [C], { force: true })
  fake.setHead(OWNER, REPO, 1, H5, [C, B], { baseSha: NEW_BASE })
})

afterAll(async () => {
  await fake?.close()
})

describe('GET /repos/{owner}/{repo}/compare/{basehead}', () => {
  it('answers identical for one commit', async () => {
    const { data } = await compare(`${H2}...${H2}`)
    expect(data).toMatchObject({ status: 'identical', ahead_by: 0, behind_by: 0, total_commits: 0, commits: [], files: [] })
  })

  it('answers one push with its delta, in GitHub\'s shape', async () => {
    const { data } = await compare(`${H1}...${H2}`)
    const html = `https://github.com/${OWNER}/${REPO}/compare/${H1}...${H2}`
    expect(data).toMatchObject({
      url: `${fake.url}/repos/${OWNER}/${REPO}/compare/${H1}...${H2}`,
      html_url: html,
      permalink_url: `https://github.com/${OWNER}/${REPO}/compare/${OWNER}:${H1}...${OWNER}:${H2}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: { sha: H1, parents: [{ sha: BASE }] },
      merge_base_commit: { sha: H1 },
      status: 'ahead',
      ahead_by: 1,
      behind_by: 0,
      total_commits: 1,
      commits: [{ sha: H2, parents: [{ sha: H1 }], commit: { message: expect.any(String), author: { date: expect.any(String) } } }],
    })
    // the default delta: the files whose patch changed since the previous head
    expect(data.files).toEqual([{
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      filename: 'src/b.ts',
      status: 'modified',
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `https://github.com/${OWNER}/${REPO}/blob/${H2}/src/b.ts`,
      raw_url: `https://github.com/${OWNER}/${REPO}/raw/${H2}/src/b.ts`,
      contents_url: `${fake.url}/repos/${OWNER}/${REPO}/contents/src/b.ts?ref=${H2}`,
      patch: B.patch,
    }])
  })

  it('uses the delta given to setHead and merges deltas over several pushes', async () => {
    const { data: one } = await compare(`${H2}...${H3}`)
    expect(one.files).toMatchObject([{ filename: 'src/a.ts', status: 'modified', patch: A2.patch }])
    const { data: two } = await compare(`${H1}...${H3}`)
    expect(two).toMatchObject({ status: 'ahead', ahead_by: 2, commits: [{ sha: H2 }, { sha: H3 }] })
    expect(two.files?.map(f => [f.filename, f.patch])).toEqual([['src/b.ts', B.patch], ['src/a.ts', A2.patch]])
  })

  it('marks a file the PR adds as modified in a push that changes it', async () => {
    fake.addPullRequest({ owner: OWNER, repo: REPO, number: 2, headSha: 'd1'.repeat(20), files: [A1] })
    fake.setHead(OWNER, REPO, 2, 'd2'.repeat(20), [A2])
    const { data } = await compare(`${'d1'.repeat(20)}...${'d2'.repeat(20)}`)
    expect(data.files).toMatchObject([{ filename: 'src/a.ts', status: 'modified', patch: A2.patch }])
  })

  it('answers a base and a head built on it with the pull request\'s files', async () => {
    const { data } = await compare(`${BASE}...${H3}`)
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 3, behind_by: 0, merge_base_commit: { sha: BASE }, commits: [{ sha: H1 }, { sha: H2 }, { sha: H3 }] })
    expect(names(data.files)).toEqual(['src/a.ts', 'src/b.ts'])
    expect(data.files?.[0]?.patch).toBe(A2.patch)
  })

  it('answers diverged after a force-push, with the files of the new head', async () => {
    const { data } = await compare(`${H3}...${H4}`)
    expect(data).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 3, merge_base_commit: { sha: BASE }, commits: [{ sha: H4, parents: [{ sha: BASE }] }] })
    expect(names(data.files)).toEqual(['src/c.ts'])
  })

  it('answers a rebase: ahead from the new base, diverged from a newer base than the head\'s', async () => {
    const { data: rebased } = await compare(`${NEW_BASE}...${H5}`)
    expect(rebased).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, commits: [{ sha: H5, parents: [{ sha: NEW_BASE }] }] })
    expect(names(rebased.files)).toEqual(['src/c.ts', 'src/b.ts'])
    const { data: stale } = await compare(`${NEW_BASE}...${H4}`)
    expect(stale).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1, merge_base_commit: { sha: BASE } })
    expect(names(stale.files)).toEqual(['src/c.ts'])
    // the old base is an ancestor of the new one: git answers ahead
    const { data: older } = await compare(`${BASE}...${H5}`)
    expect(older).toMatchObject({ status: 'ahead', ahead_by: 2, commits: [{ sha: NEW_BASE }, { sha: H5 }] })
    expect(names(older.files)).toEqual(['src/c.ts', 'src/b.ts'])
  })

  it('answers behind, without files, when the head is an ancestor of the base', async () => {
    const { data } = await compare(`${H3}...${H1}`)
    expect(data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2, total_commits: 0, commits: [], files: [] })
  })

  it('takes two dots and branch names', async () => {
    const { data: dots } = await compare(`${H1}..${H2}`)
    expect(dots).toMatchObject({ status: 'ahead', ahead_by: 1 })
    const { data: branches } = await compare('main...feature-1')
    expect(branches).toMatchObject({ status: 'ahead', base_commit: { sha: NEW_BASE }, commits: [{ sha: H5 }] })
    const { data: qualified } = await compare(`${OWNER}:main...${OWNER}:feature-1`)
    expect(qualified.commits.map(c => c.sha)).toEqual([H5])
  })

  it('answers 404 for a commit it does not know', async () => {
    await expect(compare(`${H1}...${'f'.repeat(40)}`)).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits', status: '404' } },
    })
    await expect(compare(`${'f'.repeat(40)}...${H1}`)).rejects.toMatchObject({ status: 404 })
    await expect(compare(H1)).rejects.toMatchObject({ status: 404 })
  })

  it('paginates the commits with a link header and lists the files on the first page only', async () => {
    const heads = Array.from({ length: 5 }, (_, i) => `e${i}`.repeat(20))
    fake.addPullRequest({ owner: OWNER, repo: REPO, number: 3, baseSha: 'e'.repeat(40), headSha: heads[0] ?? '', files: [A1] })
    heads.slice(1).forEach((sha, i) => fake.setHead(OWNER, REPO, 3, sha, [A1, { ...C, patch: makePatch({ added: [`c${i}`] }) }]))
    const basehead = `${'e'.repeat(40)}...${heads[4]}`
    const first = await compare(basehead, { per_page: 2 })
    expect(first.data).toMatchObject({ total_commits: 5, ahead_by: 5 })
    expect(first.data.commits.map(c => c.sha)).toEqual(heads.slice(0, 2))
    expect(names(first.data.files)).toEqual(['src/a.ts', 'src/c.ts'])
    const url = `${fake.url}/repos/${OWNER}/${REPO}/compare/${basehead}`
    expect(first.headers.link).toBe(`<${url}?per_page=2&page=2>; rel="next", <${url}?per_page=2&page=3>; rel="last"`)
    const last = await compare(basehead, { per_page: 2, page: 3 })
    expect(last.data.commits.map(c => c.sha)).toEqual(heads.slice(4))
    expect(last.data).not.toHaveProperty('files')
  })

  it('answers up to 250 commits without pagination and up to 300 files', async () => {
    const base = 'a0'.repeat(20)
    const sha = (i: number) => `c${i.toString(16).padStart(39, '0')}`
    const files = Array.from({ length: 301 }, (_, i) => ({ filename: `f${i}.ts`, status: 'added' as const, patch: makePatch({ added: [String(i)] }) }))
    fake.addPullRequest({ owner: OWNER, repo: REPO, number: 4, baseSha: base, headSha: sha(0), files })
    for (let i = 1; i < 260; i++) fake.setHead(OWNER, REPO, 4, sha(i))
    const { data, headers } = await compare(`${base}...${sha(259)}`)
    expect(data).toMatchObject({ total_commits: 260, ahead_by: 260 })
    expect(data.commits).toHaveLength(250)
    expect(data.files).toHaveLength(300)
    expect(headers.link).toBeUndefined()
  })
})

describe('setHead', () => {
  it('counts the pull request\'s commits since its base in pulls.get', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(data).toMatchObject({ commits: 1, head: { sha: H5 }, base: { sha: NEW_BASE } })
  })

  it('refuses a delta with a force-push and a new base without one', () => {
    expect(() => fake.setHead(OWNER, REPO, 1, 'f1'.repeat(20), [C], { force: true, delta: [C] })).toThrow(/delta/)
    expect(() => fake.setHead(OWNER, REPO, 1, 'f1'.repeat(20), [C], { force: false, baseSha: 'f2'.repeat(20) })).toThrow(/rebase/)
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
