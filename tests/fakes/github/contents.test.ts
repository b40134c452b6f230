import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'contents'
const HEAD = 'c'.repeat(40)
const LONG = `${'a long line of configuration, '.repeat(5)}\n`

let fake: GitHubFake

async function token(): Promise<string> {
  const app = new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.defaults({ baseUrl: fake.url }) })
  const { data } = await app.octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 1 })
  return data.token
}

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 1, body: 'Adds things', headSha: HEAD, files: [] })
  fake.setRepoFile(OWNER, REPO, 'README.md', 'hello world\n')
  fake.setRepoFile(OWNER, REPO, '.revue.yml', LONG)
  fake.setRepoFile(OWNER, REPO, 'src/app.ts', 'export const app = 1\n')
  fake.setRepoFile(OWNER, REPO, 'src/lib/util.ts', 'export {}\n')
  fake.setRepoFile(OWNER, REPO, '.revue.yml', 'on the feature branch\n', { ref: 'feature-1' })
})

afterAll(async () => {
  await fake?.close()
})

describe('GET /repos/{owner}/{repo}/contents/{path}', () => {
  it('answers a file of the default branch with GitHub\'s shape and git\'s blob sha', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'README.md' })
    const self = `${fake.url}/repos/${OWNER}/${REPO}/contents/README.md?ref=main`
    // `echo 'hello world' | git hash-object --stdin`
    const sha = '3b18e512dba79e4c8300dd08aeb37f8e728b8dad'
    expect(data).toEqual({
      type: 'file',
      encoding: 'base64',
      size: 12,
      name: 'README.md',
      path: 'README.md',
      content: 'aGVsbG8gd29ybGQK\n',
      sha,
      url: self,
      git_url: `${fake.url}/repos/${OWNER}/${REPO}/git/blobs/${sha}`,
      html_url: `https://github.com/${OWNER}/${REPO}/blob/main/README.md`,
      download_url: `https://raw.githubusercontent.com/${OWNER}/${REPO}/main/README.md`,
      _links: { self, git: `${fake.url}/repos/${OWNER}/${REPO}/git/blobs/${sha}`, html: `https://github.com/${OWNER}/${REPO}/blob/main/README.md` },
    })
  })

  it('wraps the base64 content every 60 characters like GitHub', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: '.revue.yml' })
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file')
    const lines = data.content.split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -2).every(line => line.length === 60)).toBe(true)
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(LONG)
    expect(data.size).toBe(Buffer.byteLength(LONG))
  })

  it('takes a nested path encoded by Octokit or sent with plain slashes', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'src/lib/util.ts' })
    expect(data).toMatchObject({ type: 'file', name: 'util.ts', path: 'src/lib/util.ts' })
    const response = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/contents/src/lib/util.ts`, { headers: { authorization: `token ${await token()}` } })
    expect(await response.json()).toMatchObject({ path: 'src/lib/util.ts', html_url: `https://github.com/${OWNER}/${REPO}/blob/main/src/lib/util.ts` })
  })

  it('lists a directory, and the root, sorted by name', async () => {
    const octokit = await installationOctokit(fake)
    const { data: src } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'src' })
    expect(src).toMatchObject([
      { type: 'file', name: 'app.ts', path: 'src/app.ts', size: 21, download_url: expect.stringContaining('/src/app.ts') },
      { type: 'dir', name: 'lib', path: 'src/lib', size: 0, download_url: null, html_url: `https://github.com/${OWNER}/${REPO}/tree/main/src/lib` },
    ])
    expect(Array.isArray(src) && src.every(entry => !('content' in entry))).toBe(true)
    const { data: root } = await octokit.request('GET /repos/{owner}/{repo}/contents', { owner: OWNER, repo: REPO })
    expect(Array.isArray(root) && root.map(entry => `${entry.type}:${entry.name}`)).toEqual(['file:.revue.yml', 'file:README.md', 'dir:src'])
  })

  it('reads another ref: a branch, or a pull request\'s head sha as its head branch', async () => {
    const octokit = await installationOctokit(fake)
    for (const ref of ['feature-1', HEAD, 'refs/heads/feature-1']) {
      const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: '.revue.yml', ref })
      if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file')
      expect(Buffer.from(data.content, 'base64').toString()).toBe('on the feature branch\n')
    }
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: '.revue.yml', ref: HEAD })
    expect(data).toMatchObject({ url: expect.stringMatching(new RegExp(`\\?ref=${HEAD}$`)), html_url: expect.stringContaining(`/blob/${HEAD}/`) })
  })

  it('answers 404 for a missing path and for an unknown ref', async () => {
    const octokit = await installationOctokit(fake)
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'nope.md' })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' } },
    })
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'src/app.ts', ref: 'feature-1' })).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'README.md', ref: 'no-such-branch' })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'No commit found for the ref no-such-branch', status: '404' } },
    })
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: 'unknown', path: 'README.md' })).rejects.toMatchObject({ status: 404 })
  })

  it('answers the raw media types with the file as text', async () => {
    const octokit = await installationOctokit(fake)
    const { data, headers } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'README.md', mediaType: { format: 'raw' } })
    expect(data).toBe('hello world\n')
    expect(headers['content-type']).toBe('application/vnd.github.raw; charset=utf-8')
    for (const accept of ['application/vnd.github.raw+json', 'application/vnd.github.raw']) {
      const response = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/contents/.revue.yml?ref=feature-1`, { headers: { authorization: `token ${await token()}`, accept } })
      expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.github\.raw/)
      expect(await response.text()).toBe('on the feature branch\n')
    }
  })

  it('deletes a file set to null', async () => {
    const octokit = await installationOctokit(fake)
    fake.setRepoFile(OWNER, REPO, 'CHANGELOG.md', 'v1\n')
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'CHANGELOG.md' })).resolves.toMatchObject({ status: 200 })
    fake.setRepoFile(OWNER, REPO, 'CHANGELOG.md', null)
    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'CHANGELOG.md' })).rejects.toMatchObject({ status: 404 })
  })
})

describe('default branch', () => {
  it('is reported by repos.get and pulls.get and read when no ref is given', async () => {
    const octokit = await installationOctokit(fake)
    fake.setDefaultBranch(OWNER, 'trunk-repo', 'trunk')
    fake.setRepoFile(OWNER, 'trunk-repo', 'README.md', 'on trunk\n')
    fake.addPullRequest({ owner: OWNER, repo: 'trunk-repo', number: 2, headSha: HEAD, baseRef: 'trunk', files: [] })
    const { data: repository } = await octokit.rest.repos.get({ owner: OWNER, repo: 'trunk-repo' })
    expect(repository.default_branch).toBe('trunk')
    const { data: pull } = await octokit.rest.pulls.get({ owner: OWNER, repo: 'trunk-repo', pull_number: 2 })
    expect(pull.base.repo.default_branch).toBe('trunk')
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: 'trunk-repo', path: 'README.md', mediaType: { format: 'raw' } })
    expect(data).toBe('on trunk\n')
    const { data: main } = await octokit.rest.repos.get({ owner: OWNER, repo: REPO })
    expect(main.default_branch).toBe('main')
  })

  it('shows the pull request\'s body and shas in pulls.get', async () => {
    const octokit = await installationOctokit(fake)
    const { data: pull } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(pull).toMatchObject({ body: 'Adds things', head: { sha: HEAD }, base: { ref: 'main', repo: { default_branch: 'main' } } })
    expect(pull.base.sha).toMatch(/^[0-9a-f]{40}$/)
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
