import { generateKeyPairSync, sign } from 'node:crypto'
import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
// plugin-throttling's own dependency: without these groups every write waits 1-3 s
import Bottleneck from 'bottleneck'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { makePatch, primaryRateLimit, secondaryRateLimit, serverError, startGitHubServer } from './server'
import type { GitHubFake, RecordedRequest } from './server'
import { checkAnswers } from './openapi'

const OWNER = 'acme'
const REPO = 'widgets'
const HEAD = 'a'.repeat(40)

let fake: GitHubFake

const onRateLimit = vi.fn((_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1)
const onSecondaryRateLimit = vi.fn((_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1)

function octokitClass(baseUrl: string) {
  return Octokit.plugin(paginateRest, restEndpointMethods, retry, throttling).defaults({
    baseUrl,
    throttle: {
      onRateLimit,
      onSecondaryRateLimit,
      retryAfterBaseValue: 10,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    },
    retry: { retryAfterBaseValue: 10 },
  })
}

function makeApp(options: { privateKey?: string, appId?: number } = {}) {
  return new App({
    appId: options.appId ?? fake.appId,
    privateKey: options.privateKey ?? fake.privateKey,
    Octokit: octokitClass(fake.url),
  })
}

function tokenClient(token: string) {
  return new (Octokit.plugin(restEndpointMethods))({ baseUrl: fake.url, auth: token })
}

async function installationToken(id = 1): Promise<string> {
  const { data } = await makeApp().octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: id })
  return data.token
}

function since(mark: number, pattern?: RegExp): RecordedRequest[] {
  return fake.requests.slice(mark).filter(r => !pattern || pattern.test(r.path))
}

beforeAll(async () => {
  fake = await startGitHubServer()
  const patch = makePatch({ context: ['const a = 1'], added: ['const b = 3'] })
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 1, headSha: HEAD, files: [{ filename: 'src/app.ts', status: 'modified', patch }] })
  fake.addInstallation(2, [`${OWNER}/other`])
})

afterAll(async () => {
  await fake?.close()
})

describe('app authentication', () => {
  it('serves GET /app to a JWT signed with the generated key', async () => {
    const { data } = await makeApp().octokit.request('GET /app')
    expect(data).toMatchObject({ id: 4242, slug: 'revue-test', name: 'Revue Test' })
    expect(fake.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
  })

  it('exchanges the JWT for an installation token and uses it as `token ghs_…`', async () => {
    const mark = fake.requests.length
    const octokit = await makeApp().getInstallationOctokit(1)
    const { data: pull } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(pull.head.sha).toBe(HEAD)
    const [exchange, get] = since(mark)
    expect(exchange).toMatchObject({ method: 'POST', path: '/app/installations/1/access_tokens', status: 201 })
    expect(exchange?.headers.authorization).toMatch(/^bearer ey[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(get).toMatchObject({ method: 'GET', path: `/repos/${OWNER}/${REPO}/pulls/1`, status: 200 })
    expect(get?.headers.authorization).toMatch(/^token ghs_[A-Za-z0-9]{36}$/)
  })

  it('answers the token exchange with GitHub\'s body', async () => {
    const { data } = await makeApp().octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 1 })
    expect(data.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/)
    expect(Math.abs(Date.parse(data.expires_at) - Date.now() - 3_600_000)).toBeLessThan(60_000)
    expect(data.permissions).toEqual({ pull_requests: 'write', contents: 'read', metadata: 'read', checks: 'write', issues: 'write' })
    expect(data.repository_selection).toBe('all')
  })

  it('answers 404 for an unknown installation', async () => {
    const mark = fake.requests.length
    // the token is only requested with the first call
    const octokit = await makeApp().getInstallationOctokit(99)
    await expect(octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', status: '404' } },
    })
    expect(since(mark)).toMatchObject([{ method: 'POST', path: '/app/installations/99/access_tokens', status: 404 }])
  })

  it('rejects a JWT signed by another key or for another app id with 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } })
    const decodeError = { status: 401, response: { data: { message: 'A JSON web token could not be decoded', status: '401' } } }
    await expect(makeApp({ privateKey }).octokit.request('GET /app')).rejects.toMatchObject(decodeError)
    await expect(makeApp({ appId: 1 }).octokit.request('GET /app')).rejects.toMatchObject(decodeError)
    await expect(makeApp({ privateKey }).octokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 1 })).rejects.toMatchObject(decodeError)
  })

  it('rejects a correctly signed JWT that lives longer than ten minutes', async () => {
    const now = Math.floor(Date.now() / 1000)
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 30, exp: now + 3600, iss: fake.appId })}`
    const jwt = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), fake.privateKey).toString('base64url')}`
    const response = await fetch(`${fake.url}/app`, { headers: { authorization: `Bearer ${jwt}` } })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ message: '\'Expiration time\' claim (\'exp\') is too far in the future' })
  })
})

describe('repository endpoints', () => {
  it('answers 401 Bad credentials for an unknown token', async () => {
    await expect(tokenClient(`ghs_${'x'.repeat(36)}`).rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } },
    })
  })

  it('answers 401 to a token whose installation cannot see the repository', async () => {
    const client = tokenClient(await installationToken(2))
    await expect(client.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })).rejects.toMatchObject({ status: 401 })
    // the same token does reach its own repository, which has no such PR
    await expect(client.rest.pulls.get({ owner: OWNER, repo: 'other', pull_number: 1 })).rejects.toMatchObject({ status: 404 })
  })

  it('answers 404 with GitHub\'s error body for an unknown PR, path or method', async () => {
    const octokit = await makeApp().getInstallationOctokit(1)
    await expect(octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 999 })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request', status: '404' } },
    })
    await expect(octokit.request('GET /repos/{owner}/{repo}/nothing-here', { owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 404 })
    await expect(octokit.request('DELETE /repos/{owner}/{repo}/pulls/{pull_number}', { owner: OWNER, repo: REPO, pull_number: 1 })).rejects.toMatchObject({ status: 404 })
  })

  it('sends GitHub\'s JSON and rate-limit headers', async () => {
    const headers = { authorization: `token ${await installationToken()}` }
    const first = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/pulls/1`, { headers })
    const second = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/pulls/1`, { headers })
    await Promise.all([first.text(), second.text()])
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(first.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/)
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000')
    expect(first.headers.get('x-ratelimit-resource')).toBe('core')
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(Number(first.headers.get('x-ratelimit-remaining')) - 1)
    expect(Number(second.headers.get('x-ratelimit-used'))).toBe(Number(first.headers.get('x-ratelimit-used')) + 1)
    const limits = await (await fetch(`${fake.url}/rate_limit`, { headers })).json() as { resources: { core: Record<string, number> } }
    expect(limits.resources.core).toMatchObject({ limit: 5000, used: Number(second.headers.get('x-ratelimit-used')) })
  })

  it('answers 400 Problems parsing JSON for a malformed body', async () => {
    const response = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/pulls/1/reviews`, {
      method: 'POST',
      headers: { 'authorization': `token ${await installationToken()}`, 'content-type': 'application/json' },
      body: '{"event": ',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ message: 'Problems parsing JSON', status: '400' })
  })
})

describe('faults', () => {
  it('makes the throttling plugin wait out a primary rate limit and retry', async () => {
    const octokit = await makeApp().getInstallationOctokit(1)
    onRateLimit.mockClear()
    fake.inject(primaryRateLimit(/\/pulls\/1$/, 1))
    const mark = fake.requests.length
    const { data } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(data.number).toBe(1)
    expect(onRateLimit).toHaveBeenCalledTimes(1)
    expect(onRateLimit.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(1)
    expect(since(mark, /\/pulls\/1$/).map(r => r.status)).toEqual([403, 200])
  })

  it('passes the primary rate-limit body through when the client gives up', async () => {
    const octokit = await makeApp().getInstallationOctokit(1)
    onRateLimit.mockReturnValueOnce(false)
    fake.inject(primaryRateLimit(/\/pulls\/1$/, 30))
    await expect(octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })).rejects.toMatchObject({
      status: 403,
      response: {
        headers: { 'x-ratelimit-remaining': '0' },
        data: { message: 'API rate limit exceeded for installation ID 1.' },
      },
    })
  })

  it.each([403, 429] as const)('makes the throttling plugin honour retry-after on a %i secondary rate limit', async (status) => {
    const octokit = await makeApp().getInstallationOctokit(1)
    onSecondaryRateLimit.mockClear()
    fake.inject(secondaryRateLimit(/\/pulls\/1\/files/, 2, status))
    const mark = fake.requests.length
    // plugin-retry sits inside plugin-throttling and would retry a 429 itself first
    await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1, request: { retries: 0 } })
    expect(onSecondaryRateLimit).toHaveBeenCalledTimes(1)
    expect(onSecondaryRateLimit.mock.calls[0]?.[0]).toBe(2)
    expect(since(mark, /\/pulls\/1\/files/).map(r => r.status)).toEqual([status, 200])
  })

  it('serves a server error `times` times, matched on method, before auth', async () => {
    const octokit = await makeApp().getInstallationOctokit(1)
    fake.inject({ method: 'POST', path: /\/pulls\/1$/, status: 500 })
    fake.inject(serverError(/\/pulls\/1$/, 502, 2))
    const mark = fake.requests.length
    await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })
    expect(since(mark, /\/pulls\/1$/).map(r => r.status)).toEqual([502, 502, 200])
    const unauthenticated = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/pulls/1`, { method: 'POST' })
    expect(unauthenticated.status).toBe(500)
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
