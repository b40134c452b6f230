import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { issueCommentPayload } from '../../support/payloads'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'talk'
const PR = { owner: OWNER, repo: REPO, issue_number: 4 }
const DOCS = 'https://docs.github.com/rest/issues/comments'

let fake: GitHubFake

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 4, headSha: 'a'.repeat(40), user: { login: 'author' }, files: [] })
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 5, headSha: 'a'.repeat(40), files: [] })
  fake.addUser({ login: 'maintainer', repos: { [`${OWNER}/${REPO}`]: 'push' } })
})

afterAll(async () => {
  await fake?.close()
})

describe('issue comments', () => {
  it('stores a comment written by a user and derives its author_association', () => {
    const comment = fake.addIssueComment(OWNER, REPO, 4, { body: '@revue-test review please', user: { login: 'maintainer' } })
    expect(comment).toMatchObject({ id: expect.any(Number), owner: OWNER, repo: REPO, number: 4, body: '@revue-test review please', user: { login: 'maintainer', type: 'User' }, author_association: 'COLLABORATOR' })
    expect(fake.addIssueComment(OWNER, REPO, 4, { body: 'mine', user: { login: 'author' } }).author_association).toBe('CONTRIBUTOR')
    expect(fake.addIssueComment(OWNER, REPO, 4, { body: 'org', user: { login: OWNER } }).author_association).toBe('OWNER')
    expect(fake.addIssueComment(OWNER, REPO, 4, { body: 'drive-by', user: { login: 'stranger' } }).author_association).toBe('NONE')
    expect(fake.addIssueComment(OWNER, REPO, 4, { body: 'beep', user: { login: 'dependabot[bot]', type: 'Bot' } })).toMatchObject({ user: { type: 'Bot' }, author_association: 'NONE' })
    expect(fake.issueComments(OWNER, REPO, 4).map(c => c.body)).toEqual(['@revue-test review please', 'mine', 'org', 'drive-by', 'beep'])
    expect(() => fake.addIssueComment(OWNER, REPO, 99, { body: 'x', user: { login: 'maintainer' } })).toThrow(/no pull request/)
  })

  it('creates a comment as the App\'s bot and answers 201 in GitHub\'s shape', async () => {
    const octokit = await installationOctokit(fake)
    const { status, data } = await octokit.rest.issues.createComment({ ...PR, body: 'Revue found 2 issues' })
    expect(status).toBe(201)
    const url = `${fake.url}/repos/${OWNER}/${REPO}/issues/comments/${data.id}`
    expect(data).toMatchObject({
      id: expect.any(Number),
      node_id: expect.stringMatching(/^IC_/),
      url,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/4#issuecomment-${data.id}`,
      issue_url: `${fake.url}/repos/${OWNER}/${REPO}/issues/4`,
      body: 'Revue found 2 issues',
      user: { login: 'revue-test[bot]', id: fake.botUser.id, type: 'Bot' },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      author_association: 'NONE',
      performed_via_github_app: { id: fake.appId, slug: fake.appSlug },
      reactions: { 'url': `${url}/reactions`, 'total_count': 0, '+1': 0, '-1': 0, 'laugh': 0, 'confused': 0, 'heart': 0, 'hooray': 0, 'rocket': 0, 'eyes': 0 },
    })
    expect(fake.issueComments(OWNER, REPO, 4).at(-1)).toMatchObject({ id: data.id, user: fake.botUser, via_app: true })
  })

  it('gets and edits one comment', async () => {
    const octokit = await installationOctokit(fake)
    const { data: created } = await octokit.rest.issues.createComment({ ...PR, body: 'Reviewing…' })
    const params = { owner: OWNER, repo: REPO, comment_id: created.id }
    const { data: updated } = await octokit.rest.issues.updateComment({ ...params, body: 'Reviewed' })
    expect(updated).toMatchObject({ id: created.id, body: 'Reviewed', created_at: created.created_at })
    await expect(octokit.rest.issues.getComment(params)).resolves.toMatchObject({ data: { body: 'Reviewed' } })
    expect(fake.issueComments(OWNER, REPO, 4).find(c => c.id === created.id)?.body).toBe('Reviewed')
  })

  it('lists the comments of one pull request with a link header', async () => {
    const octokit = await installationOctokit(fake)
    for (let i = 0; i < 32; i++) fake.addIssueComment(OWNER, REPO, 5, { body: `comment ${i}`, user: { login: 'maintainer' } })
    const first = await octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 5 })
    const base = `${fake.url}/repos/${OWNER}/${REPO}/issues/5/comments`
    expect(first.data).toHaveLength(30)
    expect(first.headers.link).toBe(`<${base}?page=2>; rel="next", <${base}?page=2>; rel="last"`)
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: OWNER, repo: REPO, issue_number: 5, per_page: 10 })
    expect(all.map(c => c.body)).toEqual(Array.from({ length: 32 }, (_, i) => `comment ${i}`))
    expect(all[0]).toMatchObject({ user: { login: 'maintainer', type: 'User' }, author_association: 'COLLABORATOR', performed_via_github_app: null })
    const since = await octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 5, since: new Date(Date.now() + 60_000).toISOString() })
    expect(since.data).toEqual([])
  })

  it('answers 422 to a missing or too long body and 404 to unknown issues and comments', async () => {
    const octokit = await installationOctokit(fake)
    const route: string = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
    await expect(octokit.request(route, PR)).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: `${DOCS}#create-an-issue-comment`, status: '422' } },
    })
    await expect(octokit.rest.issues.createComment({ ...PR, body: 'x'.repeat(65_537) })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' }] } },
    })
    await expect(octokit.rest.issues.createComment({ ...PR, issue_number: 99, body: 'x' })).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } })
    await expect(octokit.rest.issues.listComments({ ...PR, issue_number: 99 })).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.issues.getComment({ owner: OWNER, repo: REPO, comment_id: 1 })).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: 1, body: 'x' })).rejects.toMatchObject({ status: 404 })
  })
})

describe('reactions', () => {
  it('answers 201 for a new reaction and 200 with the same one when repeated', async () => {
    const octokit = await installationOctokit(fake)
    const comment = fake.addIssueComment(OWNER, REPO, 4, { body: '@revue-test review', user: { login: 'maintainer' } })
    const params = { owner: OWNER, repo: REPO, comment_id: comment.id }
    const first = await octokit.rest.reactions.createForIssueComment({ ...params, content: 'eyes' })
    expect(first.status).toBe(201)
    expect(first.data).toMatchObject({ id: expect.any(Number), content: 'eyes', user: { login: 'revue-test[bot]', type: 'Bot' }, created_at: expect.any(String) })
    const again = await octokit.rest.reactions.createForIssueComment({ ...params, content: 'eyes' })
    expect(again.status).toBe(200)
    expect(again.data.id).toBe(first.data.id)
    await octokit.rest.reactions.createForIssueComment({ ...params, content: 'rocket' })
    expect(fake.reactions(OWNER, REPO, comment.id).map(r => r.content)).toEqual(['eyes', 'rocket'])
    const { data: listed } = await octokit.rest.reactions.listForIssueComment(params)
    expect(listed.map(r => r.content)).toEqual(['eyes', 'rocket'])
    const { data: rockets } = await octokit.rest.reactions.listForIssueComment({ ...params, content: 'rocket' })
    expect(rockets).toHaveLength(1)
    const { data: shown } = await octokit.rest.issues.getComment(params)
    expect(shown.reactions).toMatchObject({ 'total_count': 2, 'eyes': 1, 'rocket': 1, '+1': 0 })
  })

  it('answers 422 to an unknown content and 404 to an unknown comment', async () => {
    const octokit = await installationOctokit(fake)
    const comment = fake.addIssueComment(OWNER, REPO, 4, { body: 'hi', user: { login: 'maintainer' } })
    const route: string = 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions'
    await expect(octokit.request(route, { owner: OWNER, repo: REPO, comment_id: comment.id, content: 'thumbsup' })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Invalid request.\n\nFor \'properties/content\', "thumbsup" is not one of ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"].', status: '422' } },
    })
    await expect(octokit.request(route, { owner: OWNER, repo: REPO, comment_id: comment.id })).rejects.toMatchObject({ status: 422 })
    await expect(octokit.rest.reactions.createForIssueComment({ owner: OWNER, repo: REPO, comment_id: 1, content: '+1' })).rejects.toMatchObject({ status: 404 })
    expect(fake.reactions(OWNER, REPO, comment.id)).toEqual([])
  })
})

describe('issueCommentPayload', () => {
  it('points the real example at the pull request and the stored comment', () => {
    const comment = fake.addIssueComment(OWNER, REPO, 4, { body: '@revue-test review', user: { login: 'maintainer' } })
    const payload = issueCommentPayload({ owner: OWNER, repo: REPO, number: 4, installationId: 7, comment })
    expect(payload).toMatchObject({
      action: 'created',
      installation: { id: 7 },
      repository: { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
      issue: { number: 4, pull_request: { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/4`, merged_at: null } },
      comment: { id: comment.id, body: '@revue-test review', user: { login: 'maintainer', type: 'User' }, author_association: 'COLLABORATOR', html_url: `https://github.com/${OWNER}/${REPO}/pull/4#issuecomment-${comment.id}` },
      sender: { login: 'maintainer', type: 'User' },
    })
    // the rest is GitHub's example
    expect(payload.comment).toHaveProperty('node_id')
    expect(issueCommentPayload().comment).toMatchObject({ user: { login: 'octocat' }, author_association: 'OWNER' })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
