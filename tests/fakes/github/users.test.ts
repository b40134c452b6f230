import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkAnswers } from './openapi'
import type { GitHubFake } from './server'
import { HEAD, oauthFlow, PULL_ONLY, startUsersFake, status } from './web-flows'

let fake: GitHubFake
const { client, signIn } = oauthFlow(() => fake)

beforeAll(async () => {
  fake = await startUsersFake()
})

afterAll(async () => {
  await fake?.close()
})

describe('user endpoints', () => {
  it('lists the installations with a repository the user can access, as GET /app/installations shows them', async () => {
    const app = new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.defaults({ baseUrl: fake.url }) })
    const { data: all } = await app.octokit.request('GET /app/installations')
    expect(all.map(i => i.id)).toEqual([1, 2, 3])

    const alice = client((await signIn('alice')).access_token)
    const { data } = await alice.request('GET /user/installations')
    expect(data.total_count).toBe(2)
    expect(data.installations).toEqual([all[0], all[1]])

    const page = await alice.request('GET /user/installations', { per_page: 1, page: 2 })
    expect(page.data).toMatchObject({ total_count: 2, installations: [{ id: 2 }] })
    expect(page.headers.link).toContain('rel="prev"')

    const bob = client((await signIn('bob')).access_token)
    expect((await bob.request('GET /user/installations')).data.installations.map(i => i.id)).toEqual([1])
    const carol = client((await signIn('carol')).access_token)
    expect((await carol.request('GET /user/installations')).data).toEqual({ total_count: 0, installations: [] })
  })

  it('lists an installation\'s repositories the user can access with permissions, 404 when there are none', async () => {
    const alice = client((await signIn('alice')).access_token)
    const { data: first } = await alice.request('GET /user/installations/{installation_id}/repositories', { installation_id: 1 })
    expect(first.total_count).toBe(2)
    expect(first.repository_selection).toBe('all')
    expect(first.repositories.map(r => [r.full_name, r.private, r.permissions])).toEqual([
      ['acme/widgets', true, { admin: false, maintain: false, push: true, triage: true, pull: true }],
      ['acme/secret', true, { admin: true, maintain: true, push: true, triage: true, pull: true }],
    ])
    const { data: second } = await alice.request('GET /user/installations/{installation_id}/repositories', { installation_id: 2 })
    expect(second).toMatchObject({ total_count: 1, repository_selection: 'selected', repositories: [{ full_name: 'tools-org/tools', permissions: PULL_ONLY }] })

    const paged = await alice.request('GET /user/installations/{installation_id}/repositories', { installation_id: 1, per_page: 1 })
    expect(paged.data.repositories.map(r => r.full_name)).toEqual(['acme/widgets'])
    expect(paged.headers.link).toContain('rel="next"')

    expect(await status(alice.request('GET /user/installations/{installation_id}/repositories', { installation_id: 3 }))).toBe(404)
    expect(await status(alice.request('GET /user/installations/{installation_id}/repositories', { installation_id: 99 }))).toBe(404)
    const bob = client((await signIn('bob')).access_token)
    expect(await status(bob.request('GET /user/installations/{installation_id}/repositories', { installation_id: 2 }))).toBe(404)
    const { data: bobs } = await bob.request('GET /user/installations/{installation_id}/repositories', { installation_id: 1 })
    expect(bobs.repositories.map(r => r.full_name)).toEqual(['acme/bob-notes'])
  })

  it('answers GET /repos/{owner}/{repo} with the user\'s permissions, and 404 to a user without access to a private one', async () => {
    const alice = client((await signIn('alice')).access_token)
    const bob = client((await signIn('bob')).access_token)
    const get = (octokit: Octokit, repo: string) => octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo })

    const { data: widgets } = await get(alice, 'widgets')
    expect(widgets).toMatchObject({ full_name: 'acme/widgets', private: true, visibility: 'private', permissions: { push: true, admin: false, pull: true } })
    expect((await get(alice, 'secret')).data.permissions?.admin).toBe(true)
    await expect(get(bob, 'secret')).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository' } } })
    expect(await status(get(bob, 'widgets'))).toBe(404)
    expect(await status(get(alice, 'nowhere'))).toBe(404)
    // anyone may read a public repository
    const { data: open } = await get(bob, 'open-source')
    expect(open).toMatchObject({ private: false, permissions: PULL_ONLY })
  })

  it('keeps installation tokens working on GET /repos/{owner}/{repo}, for users\' repositories without a PR too', async () => {
    const app = new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.defaults({ baseUrl: fake.url }) })
    const installation = await app.getInstallationOctokit(1)
    const { data } = await installation.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'secret' })
    expect(data).toMatchObject({ full_name: 'acme/secret', private: true })
    expect(data).not.toHaveProperty('permissions')
    const { data: pull } = await installation.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'widgets', pull_number: 1 })
    expect(pull.head.sha).toBe(HEAD)
    const installationOf = async (owner: string, repo: string) => (await app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo })).data.id
    expect(await installationOf('acme', 'secret')).toBe(1)
    expect(await installationOf('tools-org', 'tools')).toBe(2)
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
