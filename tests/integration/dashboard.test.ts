import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDetailResponse, JobsResponse, ReposResponse } from '../../shared/schemas/api'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { getAs, postAs, signIn } from '../support/session'
import { openEventStream } from '../support/sse'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// alice reads octo-org/hello, carol pushes to it, bob can read only octo-org/secret.
let stack: Stack
const cookies: Record<string, string> = {}
// The permission cache, and how often an open stream re-checks access: short, so losing access shows within the test.
const ACCESS_MS = 2000
beforeAll(async () => {
  stack = await startStack({ NUXT_LIVE_HEARTBEAT_MS: '200', NUXT_ACCESS_CACHE_MS: String(ACCESS_MS) })
  stack.github.addUser({ login: 'alice', repos: { 'octo-org/hello': 'read' } })
  stack.github.addUser({ login: 'bob', repos: { 'octo-org/secret': 'read' } })
  stack.github.addUser({ login: 'carol', repos: { 'octo-org/hello': 'push' } })
  stack.gemini.setHandler(firstAddedLineReviewer())
  for (const login of ['alice', 'bob', 'carol']) cookies[login] = await signIn(stack.app, stack.github, login)
})
afterAll(() => stack?.stop())

let nextNumber = 1
async function reviewPullRequest(repo = 'hello', title = 'Add a feature') {
  const number = nextNumber++
  const headSha = number.toString(16).padStart(40, 'f')
  stack.github.addPullRequest({
    owner: 'octo-org', repo, number, headSha, title,
    files: [{ filename: 'src/feature.ts', status: 'added', patch: makePatch({ added: ['export const feature = eval(input)'] }) }],
  })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: 'octo-org', repo, number, headSha, title }))
  const { queued } = await response.json() as { queued: string }
  return { number, jobId: queued, job: await waitForJob(stack.queue, queued) }
}

describe('sign-in', () => {
  it('keeps the GitHub tokens out of the browser: the session API shows the user only, the cookie is sealed and small', async () => {
    const response = await getAs(stack.app, cookies.alice!, '/api/_auth/session')
    const session = await response.json()
    expect(session.user).toMatchObject({ login: 'alice', id: expect.any(Number) })
    expect(JSON.stringify(session)).not.toMatch(/gh[ur]_/)
    expect(session.secure).toBeUndefined()
    expect(cookies.alice!).not.toMatch(/gh[ur]_/)
    expect(cookies.alice!.length).toBeLessThan(4096)
  })

  it('answers 401 to API calls without a session', async () => {
    expect((await fetch(`${stack.app.url}/api/repos`)).status).toBe(401)
    expect((await fetch(`${stack.app.url}/api/repos/octo-org/hello/jobs`)).status).toBe(401)
  })

  it('signs out: the cleared session no longer opens the API', async () => {
    const cookie = await signIn(stack.app, stack.github, 'alice')
    const out = await fetch(`${stack.app.url}/api/_auth/session`, { method: 'DELETE', headers: { cookie, origin: stack.app.url } })
    expect(out.status).toBe(200)
    const cleared = out.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    expect((await getAs(stack.app, cleared, '/api/repos')).status).toBe(401)
  })
})

describe('sign-out', () => {
  const signOut = (cookie: string) => fetch(`${stack.app.url}/api/_auth/session`, { method: 'DELETE', headers: { cookie, origin: stack.app.url } })
  const revocations = () => stack.github.requests.filter(request => request.method === 'DELETE' && request.path === `/applications/${stack.github.oauth.clientId}/token`)

  it('ends the session server-side: a copy of the cookie taken before sign-out opens nothing, and the GitHub token is revoked', async () => {
    const copy = await signIn(stack.app, stack.github, 'alice')
    expect((await getAs(stack.app, copy, '/api/repos')).status).toBe(200)
    const before = revocations().length
    expect((await signOut(copy)).status).toBe(200)
    for (const path of ['/api/repos', '/api/repos/octo-org/hello/jobs', '/api/jobs/stream?repo=octo-org/hello', '/api/_auth/session']) {
      expect((await getAs(stack.app, copy, path)).status, path).toBe(401)
    }
    expect((await (await getAs(stack.app, copy, '/api/repos')).json()).message).toBe('This session was signed out: sign in again')
    const revoked = revocations().slice(before)
    expect(revoked.map(request => request.status)).toEqual([204])
    const token = (revoked[0]!.body as { access_token: string }).access_token
    expect(token).toMatch(/^ghu_/)
    expect((await fetch(`${stack.github.url}/user`, { headers: { authorization: `token ${token}` } })).status).toBe(401)
    // Signing out again (another tab) is harmless and revokes nothing twice.
    expect((await signOut(copy)).status).toBe(200)
    expect(revocations().length - before).toBe(1)
  })

  it('closes the session\'s open streams at once, with a last event saying so, when another tab signs out', async () => {
    const cookie = await signIn(stack.app, stack.github, 'alice')
    const reader = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=octo-org/hello`, { cookie })
    expect(reader.status).toBe(200)
    const started = Date.now()
    await signOut(cookie)
    await reader.until(events => events.some(event => event.event === 'end'), 5000)
    expect(Date.now() - started).toBeLessThan(ACCESS_MS)
    expect(reader.events.at(-1)).toEqual({ event: 'end', data: JSON.stringify({ reason: 'signed-out', message: 'You signed out' }) })
    await expect.poll(() => reader.ended).toBe(true)
  })
})

describe('authorization', () => {
  it('lists only the repositories the user can read among the App\'s installations', async () => {
    const alice = await (await getAs(stack.app, cookies.alice!, '/api/repos')).json() as ReposResponse
    expect(alice.repos.map(repo => [repo.fullName, repo.permission])).toEqual([['octo-org/hello', 'read']])
    expect(alice.installUrl).toBe(`${stack.github.url}/github-apps/${stack.github.appSlug}/installations/new`)
    const carol = await (await getAs(stack.app, cookies.carol!, '/api/repos')).json() as ReposResponse
    expect(carol.repos.map(repo => [repo.fullName, repo.permission])).toEqual([['octo-org/hello', 'push']])
  })

  it('shows a repository\'s jobs and a job to its readers only (403 for others, 400 for malformed names)', async () => {
    const { jobId } = await reviewPullRequest()
    const jobs = await (await getAs(stack.app, cookies.alice!, '/api/repos/octo-org/hello/jobs')).json() as JobsResponse
    expect(jobs.canWrite).toBe(false)
    expect(jobs.jobs.find(job => job.id === jobId)).toMatchObject({ state: 'completed', prNumber: expect.any(Number), title: 'Add a feature', outcome: { status: 'posted', inlineComments: 1 } })
    expect((await getAs(stack.app, cookies.bob!, '/api/repos/octo-org/hello/jobs')).status).toBe(403)
    const detail = await (await getAs(stack.app, cookies.alice!, `/api/jobs/${encodeURIComponent(jobId)}`)).json() as JobDetailResponse
    expect(detail.job.outcome?.findings).toEqual([expect.objectContaining({ path: 'src/feature.ts', line: 1, inline: true })])
    expect(detail.logs.at(-1)?.message).toMatch(/^Posted a review/)
    expect((await getAs(stack.app, cookies.bob!, `/api/jobs/${encodeURIComponent(jobId)}`)).status).toBe(403)
    expect((await getAs(stack.app, cookies.alice!, `/api/jobs/${encodeURIComponent('octo-org/hello#1@' + '0'.repeat(40))}`)).status).toBe(404)
    expect((await getAs(stack.app, cookies.alice!, '/api/repos/octo-org/*/jobs')).status).toBe(400)
  })

  it('lets only users with push access retry and re-run, and only from the dashboard\'s origin', async () => {
    const { number, jobId } = await reviewPullRequest()
    expect((await postAs(stack.app, cookies.alice!, `/api/repos/octo-org/hello/pulls/${number}/review`)).status).toBe(403)
    expect((await postAs(stack.app, cookies.carol!, `/api/repos/octo-org/hello/pulls/${number}/review`, null)).status).toBe(403)
    expect((await postAs(stack.app, cookies.carol!, `/api/repos/octo-org/hello/pulls/${number}/review`, 'https://evil.example')).status).toBe(403)
    expect((await postAs(stack.app, cookies.carol!, `/api/repos/octo-org/hello/pulls/${number}/review`, 'not a url')).status).toBe(403)
    expect((await postAs(stack.app, cookies.carol!, `/api/jobs/${encodeURIComponent(jobId)}/retry`)).status).toBe(409)
    const rerun = await postAs(stack.app, cookies.carol!, `/api/repos/octo-org/hello/pulls/${number}/review`)
    expect(rerun.status).toBe(200)
    const { queued } = await rerun.json() as { queued: string }
    expect((await waitForJob(stack.queue, queued)).returnvalue?.status).toBe('posted')
    expect(stack.github.reviews('octo-org', 'hello', number)).toHaveLength(2)
  })
})

describe('GET /api/jobs/stream', () => {
  const streamUrl = (query: string) => `${stack.app.url}/api/jobs/stream?${query}`

  it('refuses users who cannot read the repository, and wildcard or malformed parameters, before any data', async () => {
    const denied = await openEventStream(streamUrl('repo=octo-org/hello'), { cookie: cookies.bob! })
    expect(denied.status).toBe(403)
    for (const query of ['repo=*', 'repo=octo-org/*', 'repo=octo-org', 'repo=../x/y', 'repo=octo-org/hello&job=octo-org/secret%231%40abc']) {
      const bad = await openEventStream(streamUrl(query), { cookie: cookies.alice! })
      expect(bad.status, query).toBe(400)
    }
    expect((await openEventStream(streamUrl('repo=octo-org/hello'))).status).toBe(401)
  })

  it('streams a repository\'s lines live to its readers and nothing from other repositories', async () => {
    const alice = await openEventStream(streamUrl('repo=octo-org/hello'), { cookie: cookies.alice! })
    const bob = await openEventStream(streamUrl('repo=octo-org/secret'), { cookie: cookies.bob! })
    expect(alice.status).toBe(200)
    const secret = await reviewPullRequest('secret', 'Secret work')
    const mine = await reviewPullRequest('hello', 'Public work')
    // The job's `completed` event follows its last log line: BullMQ announces it once the job has moved.
    const states = (reader: typeof alice, jobId: string) => reader.events.filter(event => event.event === 'job' && JSON.parse(event.data).jobId === jobId).map(event => JSON.parse(event.data).state)
    await alice.until(() => states(alice, mine.jobId).includes('completed'))
    await bob.until(() => states(bob, secret.jobId).includes('completed'))
    expect(alice.events.some(event => event.event === 'log' && event.data.includes('Posted a review') && event.data.includes(mine.jobId))).toBe(true)
    expect(alice.events.every(event => !event.data.includes(secret.jobId) && !event.data.includes('octo-org/secret'))).toBe(true)
    expect(states(alice, mine.jobId)).toEqual(['waiting', 'active', 'completed'])
    for (const event of alice.events.filter(event => event.event === 'log')) expect(event.id).toMatch(/^\d+-\d+$/)
    alice.close()
    bob.close()
  })

  it('serves many browsers over one Redis subscription, releases it when they leave, and sends heartbeats', async () => {
    const channel = `${stack.prefix}:live:octo-org/hello`
    const subscribers = async () => (await stack.redis.pubsub('NUMSUB', channel) as [string, number])[1]
    const readers = await Promise.all(Array.from({ length: 5 }, () => openEventStream(streamUrl('repo=octo-org/hello'), { cookie: cookies.alice! })))
    expect(await subscribers()).toBe(1)
    await expect.poll(() => readers[0]!.comments.filter(comment => comment === 'ping').length).toBeGreaterThanOrEqual(2)
    for (const reader of readers) reader.close()
    await expect.poll(subscribers).toBe(0)
  })

  it('ends an open stream within one period once the user lost read access on GitHub, and carries nothing after', async () => {
    stack.github.addUser({ login: 'erin', repos: { 'octo-org/hello': 'read' } })
    const cookie = await signIn(stack.app, stack.github, 'erin')
    const reader = await openEventStream(streamUrl('repo=octo-org/hello'), { cookie })
    expect(reader.status).toBe(200)
    await reviewPullRequest('hello', 'Seen while allowed')
    await reader.until(events => events.some(event => event.event === 'job' && event.data.includes('"completed"')))
    stack.github.addUser({ login: 'erin', repos: {} })
    const revoked = Date.now()
    await reader.until(events => events.some(event => event.event === 'end'), ACCESS_MS + 10_000)
    expect(Date.now() - revoked).toBeLessThan(ACCESS_MS + 3000)
    expect(reader.events.at(-1)).toEqual({ event: 'end', data: JSON.stringify({ reason: 'access', message: 'You can no longer read octo-org/hello' }) })
    await expect.poll(() => reader.ended).toBe(true)
    const seen = reader.events.length
    const { jobId } = await reviewPullRequest('hello', 'Not for erin')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(reader.events.length).toBe(seen)
    expect(reader.events.some(event => event.data.includes(jobId))).toBe(false)
    expect((await openEventStream(streamUrl('repo=octo-org/hello'), { cookie })).status).toBe(403)
  })

  it('re-checks access once per user and repository per period, however many streams the user has open', async () => {
    stack.github.addUser({ login: 'fay', repos: { 'octo-org/watched': 'read' } })
    const cookie = await signIn(stack.app, stack.github, 'fay')
    const asked = () => stack.github.requests.filter(request => request.method === 'GET' && request.path === '/repos/octo-org/watched').length
    const readers = await Promise.all(Array.from({ length: 4 }, () => openEventStream(streamUrl('repo=octo-org/watched'), { cookie })))
    expect(readers.map(reader => reader.status)).toEqual([200, 200, 200, 200])
    const before = asked()
    await new Promise(resolve => setTimeout(resolve, ACCESS_MS * 3 + ACCESS_MS / 4))
    const checks = asked() - before
    expect(checks).toBeGreaterThanOrEqual(2)
    expect(checks).toBeLessThanOrEqual(4)
    expect(readers.every(reader => !reader.ended && reader.events.every(event => event.event !== 'end'))).toBe(true)
    for (const reader of readers) reader.close()
  })

  it('follows a token refresh made by another request, and re-checks access with the new token', async () => {
    stack.github.addUser({ login: 'gil', repos: { 'octo-org/refreshed': 'read' } })
    // Three seconds outside the 5-minute refresh window: the stream opens with this pair, the next request refreshes it.
    stack.github.setUserTokenLifetime(303)
    const cookie = await signIn(stack.app, stack.github, 'gil')
    stack.github.setUserTokenLifetime(28_800)
    const reader = await openEventStream(streamUrl('repo=octo-org/refreshed'), { cookie })
    expect(reader.status).toBe(200)
    const tokens = () => stack.github.requests.filter(request => request.method === 'GET' && request.path === '/repos/octo-org/refreshed').map(request => request.headers.authorization)
    const before = new Set(tokens())
    const refreshes = stack.github.refreshCalls
    await expect.poll(async () => {
      await getAs(stack.app, cookie, '/api/repos')
      return stack.github.refreshCalls
    }, { interval: 100 }).toBe(refreshes + 1)
    // At once, not at the next period: the stream took the new pair (GitHub killed the old token with the refresh).
    await expect.poll(() => tokens().filter(token => !before.has(token)).length, { timeout: ACCESS_MS / 2 }).toBeGreaterThan(0)
    await new Promise(resolve => setTimeout(resolve, ACCESS_MS * 2))
    expect(reader.ended).toBe(false)
    expect(reader.events.filter(event => event.event === 'end')).toEqual([])
    reader.close()
  })

  it('replays exactly the lines a dropped connection missed, from Last-Event-ID', async () => {
    const { jobId } = await reviewPullRequest('hello', 'Replay me')
    const query = `repo=octo-org/hello&job=${encodeURIComponent(jobId)}`
    const full = await openEventStream(streamUrl(query), { cookie: cookies.alice! })
    const all = (await full.until(events => events.some(event => event.data.includes('Posted a review')))).filter(event => event.event === 'log')
    full.close()
    expect(all.length).toBeGreaterThanOrEqual(4)
    const resumed = await openEventStream(streamUrl(query), { 'cookie': cookies.alice!, 'last-event-id': all[1]!.id! })
    const missed = await resumed.until(events => events.some(event => event.data.includes('Posted a review')))
    expect(missed.map(event => event.id)).toEqual(all.slice(2).map(event => event.id))
    resumed.close()
  })
})

describe('token refresh', () => {
  it('refreshes once for many parallel requests near expiry, and every request succeeds', async () => {
    stack.github.setUserTokenLifetime(120)
    const cookie = await signIn(stack.app, stack.github, 'carol')
    stack.github.setUserTokenLifetime(28_800)
    const before = stack.github.refreshCalls
    const responses = await Promise.all(Array.from({ length: 12 }, () => getAs(stack.app, cookie, '/api/repos')))
    expect(responses.map(response => response.status)).toEqual(Array(12).fill(200))
    expect(stack.github.refreshCalls - before).toBe(1)
    // The refreshed session works, and needs no further refresh.
    const next = responses[0]!.headers.getSetCookie().map(c => c.split(';')[0]).find(c => c?.startsWith('nuxt-session='))!
    expect((await getAs(stack.app, next, '/api/repos')).status).toBe(200)
    expect(stack.github.refreshCalls - before).toBe(1)
  })

  it('ends the session cleanly when GitHub refuses the refresh token (HTTP 200 bad_refresh_token)', async () => {
    stack.github.addUser({ login: 'dave', repos: { 'octo-org/hello': 'read' } })
    stack.github.setUserTokenLifetime(120)
    const cookie = await signIn(stack.app, stack.github, 'dave')
    stack.github.setUserTokenLifetime(28_800)
    stack.github.revokeUserTokens('dave')
    const api = await getAs(stack.app, cookie, '/api/repos')
    expect(api.status).toBe(401)
    expect((await api.json()).message).toMatch(/expired or was revoked/)
    const page = await getAs(stack.app, cookie, '/repos/octo-org/hello')
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe('/login?error=session-expired')
  })
})

describe('shutdown', () => {
  it('ends open streams on SIGTERM so the process exits promptly', async () => {
    const reader = await openEventStream(`${stack.app.url}/api/jobs/stream?repo=octo-org/hello`, { cookie: cookies.alice! })
    expect(reader.status).toBe(200)
    const started = Date.now()
    expect(await stack.app.stop('SIGTERM')).toBe(0)
    expect(Date.now() - started).toBeLessThan(5_000)
    // Left running for afterAll's stop(): a fresh process on the same Redis.
    await stack.restartApp()
  })
})
