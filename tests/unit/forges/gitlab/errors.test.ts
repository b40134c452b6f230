import { Gitlab } from '@gitbeaker/rest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitLabClient } from '../../../../server/forges/gitlab/client'
import { describeGitLabError } from '../../../../server/forges/gitlab/errors'
import { gitlabMergeRequest } from '../../../../server/forges/gitlab/merge-request'
import { BOT_TOKEN, PROJECT, seed } from '../../../fakes/gitlab/fixture'
import { rateLimited, startGitLabServer, type GitLabFake } from '../../../fakes/gitlab/server'

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(() => {
    throw new Error('expected the call to fail')
  }, (error: unknown) => error)
}

describe.each(['', '/gitlab'] as const)('GitLab failures under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  const client = (token = BOT_TOKEN) => createGitLabClient(fake.url, { token })
  const open = (token = BOT_TOKEN) => gitlabMergeRequest(client(token), { projectId: 12, iid: 3, owner: 'acme/tools', repo: 'widget' }, { userId: 1, username: 'revue-bot' }, () => undefined)
  const path = `${pathPrefix}/api/v4/projects/12/merge_requests/3`

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
  })
  afterEach(() => fake.close())

  it('asks once on a 429 and gives the wait GitLab asked for', async () => {
    fake.inject(rateLimited({ path: /merge_requests\/3$/, retryAfterSeconds: 42, times: 20 }))
    const error = await failure(open().get())
    expect(fake.requests.filter(r => r.path.endsWith('/merge_requests/3'))).toHaveLength(1)
    expect(describeGitLabError(error)).toEqual({ permanent: false, message: `GitLab answered 429 to GET ${path}: Retry later`, retryAfterMs: 42_000 })
  })

  it('takes the wait from RateLimit-Reset, or from a Retry-After date, and asks once on a 502', async () => {
    const fault = rateLimited({ path: /merge_requests\/3$/ })
    const { 'retry-after': _, ...withoutRetryAfter } = fault.headers!
    fake.inject({ ...fault, headers: withoutRetryAfter })
    const reset = describeGitLabError(await failure(open().get()))
    expect(reset?.retryAfterMs).toBeGreaterThan(25_000)
    expect(reset?.retryAfterMs).toBeLessThanOrEqual(32_000)
    fake.inject({ ...fault, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() } })
    const dated = describeGitLabError(await failure(open().get()))
    expect(dated?.retryAfterMs).toBeGreaterThan(55_000)
    fake.inject({ path: /merge_requests\/3$/, status: 502, body: '502 Bad Gateway', times: 20 })
    const asked = () => fake.requests.filter(r => r.path.endsWith('/merge_requests/3')).length
    const before = asked()
    expect(describeGitLabError(await failure(open().get()))).toMatchObject({ permanent: false })
    expect(asked() - before).toBe(1)
  })

  it('fails for good on 401 and names the variable, never the token', async () => {
    const described = describeGitLabError(await failure(open('glpat-wrong').get()))
    expect(described).toEqual({ permanent: true, message: `GitLab answered 401 to GET ${pathPrefix}/api/v4/projects/12: 401 Unauthorized (check NUXT_GITLAB_TOKEN)` })
    expect(described?.message).not.toContain('glpat')
  })

  it('fails for good on 403 and names the scope and role', async () => {
    fake.inject({ path: /merge_requests\/3$/, status: 403, body: { message: '403 Forbidden' } })
    expect(describeGitLabError(await failure(open().get()))).toEqual({ permanent: true, message: `GitLab answered 403 to GET ${path}: 403 Forbidden (the token needs the api scope and at least Developer access to the project)` })
  })

  it('fails for good on 404 and says the project or merge request is gone or hidden', async () => {
    const mr = gitlabMergeRequest(client(), { projectId: PROJECT, iid: 99, owner: 'acme/tools', repo: 'widget' }, { userId: 1, username: 'revue-bot' }, () => undefined)
    expect(describeGitLabError(await failure(mr.changedFiles()))).toEqual({ permanent: true, message: `GitLab answered 404 to GET ${pathPrefix}/api/v4/projects/acme%2Ftools%2Fwidget/merge_requests/99/diffs: 404 Merge Request Not Found (the project or merge request is gone, or the token cannot see it)` })
  })

  it('leaves other errors alone', () => {
    expect(describeGitLabError(new Error('boom'))).toBeUndefined()
  })

  // why client.ts has its own requester: the stock one asks ten times within milliseconds
  it('differs from @gitbeaker/rest\'s own requester, which retries a 429 at once', async () => {
    fake.inject(rateLimited({ path: /merge_requests\/3$/, times: 20 }))
    const stock = new Gitlab({ host: fake.url, token: BOT_TOKEN })
    await failure(stock.MergeRequests.show(12, 3))
    expect(fake.requests.filter(r => r.path.endsWith('/merge_requests/3')).length).toBe(10)
  })
})
