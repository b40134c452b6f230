import { RequestError } from '@octokit/request-error'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { startGitHubServer, type GitHubFake } from './server'

let fake: GitHubFake

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: 'one', repo: 'a', number: 1, headSha: 'a'.repeat(40), files: [], installationId: 1 })
  fake.addPullRequest({ owner: 'two', repo: 'b', number: 1, headSha: 'a'.repeat(40), files: [], installationId: 2 })
  fake.enforceWritePace({ windowMs: 2_000, maxWrites: 2 })
})

afterAll(async () => {
  await fake?.close()
})

describe('write pace', () => {
  it('answers GitHub\'s secondary rate limit to an installation writing faster than asked, and only to it', async () => {
    const [one, two] = await Promise.all([installationOctokit(fake, 1), installationOctokit(fake, 2)])
    const comment = (octokit: typeof one, owner: string, repo: string) =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'hello' }).then(({ status }) => status, (error: RequestError) => error)
    expect(await comment(one, 'one', 'a')).toBe(201)
    expect(await comment(one, 'one', 'a')).toBe(201)
    const refused = await comment(one, 'one', 'a')
    expect(refused).toBeInstanceOf(RequestError)
    expect((refused as RequestError).status).toBe(403)
    expect((refused as RequestError).message).toMatch(/secondary rate limit/)
    expect((refused as RequestError).response?.headers['retry-after']).toBe('60')
    // Reads and other installations are not held back.
    expect((await one.rest.pulls.get({ owner: 'one', repo: 'a', pull_number: 1 })).status).toBe(200)
    expect(await comment(two, 'two', 'b')).toBe(201)
  })
})
