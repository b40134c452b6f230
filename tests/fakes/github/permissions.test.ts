import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

const OWNER = 'acme'
const PRIVATE = 'secret'
const PUBLIC = 'open'

let fake: GitHubFake

async function permission(repo: string, username: string) {
  const octokit = await installationOctokit(fake)
  return (await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: OWNER, repo, username })).data
}

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: OWNER, repo: PUBLIC, number: 1, headSha: 'a'.repeat(40), user: { login: 'contributor' }, files: [] })
  fake.addUser({ login: 'Admin-User', repos: { [`${OWNER}/${PRIVATE}`]: 'admin' } })
  fake.addUser({ login: 'writer', repos: { [`${OWNER}/${PRIVATE}`]: 'push' } })
  fake.addUser({ login: 'reader', repos: { [`${OWNER}/${PRIVATE}`]: 'read' } })
})

afterAll(async () => {
  await fake?.close()
})

describe('GET /repos/{owner}/{repo}/collaborators/{username}/permission', () => {
  it.each([
    ['Admin-User', 'admin', { admin: true, maintain: true, push: true, triage: true, pull: true }],
    ['writer', 'write', { admin: false, maintain: false, push: true, triage: true, pull: true }],
    ['reader', 'read', { admin: false, maintain: false, push: false, triage: false, pull: true }],
    ['contributor', 'none', { admin: false, maintain: false, push: false, triage: false, pull: false }],
  ] as const)('answers %s\'s role on a private repository as %s', async (login, level, permissions) => {
    const data = await permission(PRIVATE, login)
    expect(data).toMatchObject({ permission: level, role_name: level, user: { login, type: 'User', permissions, role_name: level } })
  })

  it('answers read for a user without a role on a public repository, whatever the login\'s case', async () => {
    await expect(permission(PUBLIC, 'contributor')).resolves.toMatchObject({ permission: 'read', role_name: 'read' })
    await expect(permission(PUBLIC, 'admin-user')).resolves.toMatchObject({ permission: 'read', user: { login: 'Admin-User' } })
    await expect(permission(PRIVATE, 'ADMIN-USER')).resolves.toMatchObject({ permission: 'admin' })
  })

  it('knows a user from an issue comment', async () => {
    fake.addIssueComment(OWNER, PUBLIC, 1, { body: 'hi', user: { login: 'commenter' } })
    await expect(permission(PUBLIC, 'commenter')).resolves.toMatchObject({ permission: 'read', user: { login: 'commenter' } })
  })

  it('answers 404 for an unknown user or repository', async () => {
    await expect(permission(PRIVATE, 'ghost')).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user', status: '404' } },
    })
    await expect(permission('unknown', 'writer')).rejects.toMatchObject({ status: 404 })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
