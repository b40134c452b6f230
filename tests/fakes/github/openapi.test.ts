import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { makePatch, startGitHubServer } from './server'
import type { GitHubFake, RecordedRequest } from './server'

let fake: GitHubFake

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: 'acme', repo: 'described', number: 1, headSha: 'a'.repeat(40), files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x'] }) }] })
})

afterAll(async () => {
  await fake?.close()
})

function answer(method: string, path: string, status: number, response?: unknown): RecordedRequest {
  return { method, path, status, headers: {}, response }
}

describe('checkAnswers', () => {
  it('passes the local GitHub\'s repository and finds each field the description requires once one is gone', async () => {
    const octokit = await installationOctokit(fake)
    await octokit.rest.repos.get({ owner: 'acme', repo: 'described' })
    const [got] = fake.requests.filter(r => r.path === '/repos/acme/described')
    expect(checkAnswers([got!]).problems).toEqual([])
    const { archived: _archived, created_at: _created, ...stripped } = got!.response as Record<string, unknown>
    const [problem] = checkAnswers([{ ...got!, response: stripped }]).problems
    expect(problem).toMatch(/^GET \/repos\/acme\/described → 200: .*'archived'.*'created_at'/)
  })

  it('refuses a status the operation does not answer and a route GitHub does not have', () => {
    expect(checkAnswers([answer('GET', '/repos/a/b/pulls/1', 201, {})]).problems).toEqual(['GET /repos/a/b/pulls/1 → 201: /repos/{owner}/{repo}/pulls/{pull_number} does not answer 201'])
    expect(checkAnswers([answer('GET', '/repos/a/b/nothing/here', 200, {})]).problems).toEqual(['GET /repos/a/b/nothing/here → 200: no such operation in GitHub\'s description'])
    expect(checkAnswers([answer('GET', '/repos/a/b/nothing/here', 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })]).problems).toEqual([])
  })

  it('checks undescribed errors against GitHub\'s error body', () => {
    expect(checkAnswers([answer('GET', '/repos/a/b/pulls/1', 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })]).problems).toEqual([])
    expect(checkAnswers([answer('GET', '/repos/a/b/pulls/1', 401, { error: 'nope' })]).problems).toEqual([expect.stringContaining('\'message\'')])
  })

  it('lets an outdated review comment\'s line and position be null, as GitHub sends them', async () => {
    const octokit = await installationOctokit(fake)
    const pr = { owner: 'acme', repo: 'described', pull_number: 1 }
    await octokit.rest.pulls.createReview({ ...pr, event: 'COMMENT', body: 'r', comments: [{ path: 'a.ts', line: 1, body: 'c' }] })
    await octokit.rest.pulls.listReviewComments(pr)
    const listed = fake.requests.at(-1)!
    const [comment] = listed.response as Record<string, unknown>[]
    expect(checkAnswers([{ ...listed, response: [{ ...comment, line: null, position: null }] }]).problems).toEqual([])
    expect(checkAnswers([{ ...listed, response: [{ ...comment, original_line: null }] }]).problems).toEqual([expect.stringContaining('/0/original_line must be integer')])
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
