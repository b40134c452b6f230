import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDetailResponse, JobsResponse, ReposResponse } from '../../shared/schemas/api'
import { BOT_TOKEN, HEAD, PROJECT, seed } from '../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../fakes/gitlab/server'
import { signInWithGitLab } from '../support/gitlab-session'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, postAs, signIn } from '../support/session'
import { openEventStream } from '../support/sse'
import { startStack, waitForJob, type Stack } from '../support/stack'

const MR_HOOK = JSON.parse(readFileSync(new URL('../fixtures/gitlab/merge-request.json', import.meta.url), 'utf8'))
const SECRET = 'gitlab-webhook-secret'
const ENCODED = encodeURIComponent(PROJECT)
const KEY = `gitlab/${PROJECT}`
// Open streams re-check access every second here, so a lost role shows within the test.
const ACCESS_MS = 1000

function mergeRequestEvent(iid: number, headSha: string) {
  return {
    ...MR_HOOK,
    user: { ...MR_HOOK.user, id: 2, username: 'ada' },
    project: { ...MR_HOOK.project, id: 12, path_with_namespace: PROJECT },
    object_attributes: { ...MR_HOOK.object_attributes, iid, state: 'opened', action: 'open', draft: false, work_in_progress: false, last_commit: { ...MR_HOOK.object_attributes.last_commit, id: headSha } },
  }
}

describe.each([
  { name: 'a gitlab.com-style URL', pathPrefix: '' as const },
  { name: 'a self-managed URL with a path prefix', pathPrefix: '/gitlab' as const },
])('The dashboard for a GitLab user on $name', ({ pathPrefix }) => {
  let gitlab: GitLabFake
  let stack: Stack
  let jobId: string

  beforeAll(async () => {
    gitlab = await startGitLabServer({ pathPrefix })
    seed(gitlab)
    // Not a member at all, and a member of a project Revue does not review.
    gitlab.addUser('nina', { id: 5 })
    gitlab.addProject('acme/private', { id: 30 })
    gitlab.addMember('acme/private', 'ada', 40)
    stack = await startStack({
      NUXT_GITLAB_URL: gitlab.url,
      NUXT_GITLAB_TOKEN: BOT_TOKEN,
      NUXT_GITLAB_WEBHOOK_SECRET: SECRET,
      NUXT_OAUTH_GITLAB_CLIENT_ID: gitlab.oauth.clientId,
      NUXT_OAUTH_GITLAB_CLIENT_SECRET: gitlab.oauth.clientSecret,
      NUXT_ACCESS_CACHE_MS: String(ACCESS_MS),
    })
    stack.gemini.setHandler(firstAddedLineReviewer())
    const delivered = await fetch(`${stack.app.url}/api/webhook/gitlab`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET, 'idempotency-key': 'delivery-1' },
      body: JSON.stringify(mergeRequestEvent(3, HEAD)),
    })
    jobId = (await delivered.json() as { queued: string }).queued
    await waitForJob(stack.queue, jobId)
  })
  afterAll(async () => {
    await stack?.stop()
    await gitlab?.close()
  })

  it('signs a Developer in with GitLab and lists the projects Revue reviews that they can read', async () => {
    const cookie = await signInWithGitLab(stack.app, gitlab, 'ada')
    const session = await (await getAs(stack.app, cookie, '/api/_auth/session')).json() as { user: Record<string, unknown> }
    expect(session.user).toMatchObject({ login: 'ada', id: 2, forge: 'gitlab' })
    expect(JSON.stringify(session)).not.toContain('accessToken')
    const { repos } = await (await getAs(stack.app, cookie, '/api/repos')).json() as ReposResponse
    expect(repos).toEqual([{ fullName: KEY, owner: 'gitlab', name: PROJECT, private: true, permission: 'admin', installationId: 12 }])
  })

  it('shows a Reporter the jobs, the job and its live stream with its replay', async () => {
    const cookie = await signInWithGitLab(stack.app, gitlab, 'rita')
    const { repos } = await (await getAs(stack.app, cookie, '/api/repos')).json() as ReposResponse
    expect(repos.map(repo => [repo.fullName, repo.permission])).toEqual([[KEY, 'read']])
    const jobs = await getAs(stack.app, cookie, `/api/repos/gitlab/${ENCODED}/jobs`)
    expect(jobs.status).toBe(200)
    const listed = await jobs.json() as JobsResponse
    expect(listed.canWrite).toBe(false)
    expect(listed.jobs.map(job => job.id)).toEqual([jobId])
    const detail = await getAs(stack.app, cookie, `/api/jobs/${encodeURIComponent(jobId)}`)
    expect(detail.status).toBe(200)
    const { job, logs } = await detail.json() as JobDetailResponse
    expect(job).toMatchObject({ id: jobId, state: 'completed' })
    expect(logs.length).toBeGreaterThan(0)
    const stream = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=${encodeURIComponent(KEY)}&job=${encodeURIComponent(jobId)}`, { cookie })
    expect(stream.status).toBe(200)
    await stream.until(events => events.filter(event => event.event === 'log').length === logs.length)
    stream.close()
  })

  it('refuses users without access: not a member, or below Reporter', async () => {
    for (const username of ['nina', 'gus']) {
      const cookie = await signInWithGitLab(stack.app, gitlab, username)
      expect((await (await getAs(stack.app, cookie, '/api/repos')).json() as ReposResponse).repos).toEqual([])
      expect((await getAs(stack.app, cookie, `/api/repos/gitlab/${ENCODED}/jobs`)).status).toBe(403)
      expect((await getAs(stack.app, cookie, `/api/jobs/${encodeURIComponent(jobId)}`)).status).toBe(403)
      const stream = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=${encodeURIComponent(KEY)}`, { cookie })
      expect(stream.status).toBe(403)
    }
  })

  it('keeps GitHub and GitLab sign-ins apart', async () => {
    stack.github.addUser({ login: 'alice', repos: { 'octo-org/hello': 'admin' } })
    const github = await signIn(stack.app, stack.github, 'alice')
    expect((await getAs(stack.app, github, '/api/repos/octo-org/hello/jobs')).status).toBe(200)
    expect((await getAs(stack.app, github, `/api/repos/gitlab/${ENCODED}/jobs`)).status).toBe(403)
    expect((await getAs(stack.app, github, `/api/jobs/${encodeURIComponent(jobId)}`)).status).toBe(403)
    const ada = await signInWithGitLab(stack.app, gitlab, 'ada')
    expect((await getAs(stack.app, ada, '/api/repos/octo-org/hello/jobs')).status).toBe(403)
  })

  it('re-runs a GitLab merge request\'s review and starts a shadow run for a Developer, not for a Reporter', async () => {
    const ada = await signInWithGitLab(stack.app, gitlab, 'ada')
    const rerun = await postAs(stack.app, ada, `/api/repos/gitlab/${ENCODED}/pulls/3/review`)
    expect(rerun.status).toBe(200)
    const { queued } = await rerun.json() as { queued: string }
    expect(queued).toMatch(new RegExp(`^gitlab/${PROJECT}#3@[0-9a-f]{40}~[0-9a-z]+$`))
    expect((await waitForJob(stack.queue, queued)).returnvalue).toMatchObject({ status: 'posted' })
    // A shadow run reads the merge request and writes nothing to GitLab.
    const writes = () => gitlab.requests.filter(request => request.method !== 'GET').length
    const before = writes()
    const shadow = await fetch(`${stack.app.url}/api/repos/gitlab/${ENCODED}/pulls/3/shadow`, { method: 'POST', headers: { 'cookie': ada, 'origin': stack.app.url, 'content-type': 'application/json' }, body: '{}' })
    expect(shadow.status).toBe(202)
    const { job } = await shadow.json() as { job: string }
    expect((await waitForJob(stack.queue, job)).returnvalue).toMatchObject({ status: 'shadow' })
    expect(writes()).toBe(before)
    const rita = await signInWithGitLab(stack.app, gitlab, 'rita')
    expect((await postAs(stack.app, rita, `/api/repos/gitlab/${ENCODED}/pulls/3/review`)).status).toBe(403)
  })

  it('ends an open stream once the user is no longer Reporter, with a last event saying so', async () => {
    gitlab.addUser('lou', { id: 6 })
    gitlab.addMember(PROJECT, 'lou', 20)
    const cookie = await signInWithGitLab(stack.app, gitlab, 'lou')
    const reader = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=${encodeURIComponent(KEY)}`, { cookie })
    expect(reader.status).toBe(200)
    gitlab.addMember(PROJECT, 'lou', 10)
    await reader.until(events => events.some(event => event.event === 'end'), ACCESS_MS + 10_000)
    expect(reader.events.at(-1)).toEqual({ event: 'end', data: JSON.stringify({ reason: 'access', message: `You can no longer read ${KEY}` }) })
    await expect.poll(() => reader.ended).toBe(true)
  })

  it('signs out: the session ends and its token is revoked on GitLab', async () => {
    const cookie = await signInWithGitLab(stack.app, gitlab, 'rita')
    const revokedBefore = gitlab.oauth.revoked.length
    const signOut = await fetch(`${stack.app.url}/api/_auth/session`, { method: 'DELETE', headers: { cookie, origin: stack.app.url } })
    expect(signOut.status).toBe(200)
    expect((await getAs(stack.app, cookie, `/api/repos/gitlab/${ENCODED}/jobs`)).status).toBe(401)
    await expect.poll(() => gitlab.oauth.revoked.length).toBe(revokedBefore + 1)
  })

  it('refreshes a token past its lifetime once for parallel requests', async () => {
    // Tokens that expire at once: every request must refresh first.
    gitlab.oauth.lifetime = 1
    const cookie = await signInWithGitLab(stack.app, gitlab, 'rita')
    gitlab.oauth.lifetime = 7200
    const before = gitlab.oauth.grants.filter(grant => grant.grantType === 'refresh_token').length
    const answers = await Promise.all(Array.from({ length: 4 }, () => getAs(stack.app, cookie, `/api/repos/gitlab/${ENCODED}/jobs`)))
    expect(answers.map(answer => answer.status)).toEqual([200, 200, 200, 200])
    expect(gitlab.oauth.grants.filter(grant => grant.grantType === 'refresh_token')).toHaveLength(before + 1)
    const renewed = answers.map(answer => answer.headers.getSetCookie().find(value => value.startsWith('nuxt-session=')))
    expect(renewed.every(Boolean)).toBe(true)
  })

  it('signs the session out when GitLab refuses its refresh token', async () => {
    gitlab.oauth.lifetime = 1
    const cookie = await signInWithGitLab(stack.app, gitlab, 'rita')
    gitlab.oauth.lifetime = 7200
    // Revoked on GitLab meanwhile: the refresh token no longer works.
    gitlab.oauth.refreshTokens.clear()
    const refused = await getAs(stack.app, cookie, `/api/repos/gitlab/${ENCODED}/jobs`)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ message: 'Your GitLab sign-in expired or was revoked: sign in again' })
    expect((await getAs(stack.app, cookie, '/api/repos')).status).toBe(401)
  })
})
