import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { verify } from '@octokit/webhooks-methods'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

const SECRET = 'webhook-secret'

interface Received {
  headers: IncomingHttpHeaders
  body: string
  verified: boolean
}

let fake: GitHubFake
let receiver: Server
let receiverUrl: string
let received: Received[] = []
// status codes the receiver answers with, in turn; 200 once they run out
let answers: number[] = []

function app() {
  return new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.plugin(paginateRest).defaults({ baseUrl: fake.url }) })
}

beforeAll(async () => {
  fake = await startGitHubServer()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const signature = String(req.headers['x-hub-signature-256'] ?? '')
        received.push({ headers: req.headers, body, verified: await verify(SECRET, body, signature) })
        const status = answers.shift() ?? 200
        res.writeHead(status, { 'content-type': 'text/plain' })
        res.end(status < 300 ? 'Accepted' : 'Unavailable')
      })()
    })
  })
  await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhook`
})

afterAll(async () => {
  await fake.close()
  await new Promise<void>(resolve => receiver.close(() => resolve()))
})

beforeEach(() => {
  fake.setWebhook(receiverUrl, SECRET)
})

afterEach(() => {
  received = []
  answers = []
})

describe('sendWebhook', () => {
  it('signs the exact body and sends GitHub\'s headers', async () => {
    const payload = { action: 'opened', installation: { id: 7 }, repository: { id: 99 }, note: 'ünïcode' }
    const result = await fake.sendWebhook('pull_request', payload)
    expect(received).toHaveLength(1)
    const [hit] = received
    expect(hit?.verified).toBe(true)
    expect(JSON.parse(hit?.body ?? '')).toEqual(payload)
    expect(hit?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': 'pull_request',
      'x-github-delivery': result.guid,
      'x-github-hook-installation-target-type': 'integration',
      'x-github-hook-installation-target-id': String(fake.appId),
    })
    expect(hit?.headers['x-github-hook-id']).toMatch(/^\d+$/)
    expect(result.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(fake.deliveries.find(d => d.id === result.id)).toMatchObject({
      guid: result.guid,
      redelivery: false,
      status: 'OK',
      status_code: 200,
      event: 'pull_request',
      action: 'opened',
      installation_id: 7,
      repository_id: 99,
      throttled_at: null,
    })
  })

  it('is refused by a receiver with another secret', async () => {
    fake.setWebhook(receiverUrl, 'not-the-secret')
    await fake.sendWebhook('ping', { zen: 'Keep it logically awesome.' })
    expect(received[0]?.verified).toBe(false)
  })

  it('records the status code of each answer', async () => {
    answers = [503, 202]
    const first = await fake.sendWebhook('installation', { action: 'created' })
    const second = await fake.sendWebhook('installation', { action: 'created' })
    expect([first.status, second.status]).toEqual([503, 202])
    expect(fake.deliveries.find(d => d.id === first.id)).toMatchObject({ status_code: 503, status: 'Invalid HTTP Response: 503' })
    expect(fake.deliveries.find(d => d.id === second.id)).toMatchObject({ status_code: 202, status: 'OK' })
  })

  it('records status_code 0 when nothing listens', async () => {
    fake.setWebhook('http://127.0.0.1:1/api/webhook', SECRET)
    const result = await fake.sendWebhook('ping', {})
    expect(result.status).toBe(0)
    expect(fake.deliveries.find(d => d.id === result.id)?.status).toBe('failed to connect')
  })
})

describe('GET /app/hook/deliveries', () => {
  it('lists every delivery newest first across cursor pages', async () => {
    for (let i = 0; i < 3; i++) await fake.sendWebhook('push', { n: i })
    const octokit = app().octokit
    const pages: number[] = []
    const all = await octokit.paginate('GET /app/hook/deliveries', { per_page: 2 }, (response) => {
      pages.push(response.data.length)
      return response.data
    })
    const ids = fake.deliveries.map(d => d.id).sort((a, b) => b - a)
    expect(all.map(d => d.id)).toEqual(ids)
    expect(pages.every(n => n <= 2)).toBe(true)
    expect(pages.length).toBe(Math.ceil(ids.length / 2))
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['action', 'delivered_at', 'duration', 'event', 'guid', 'id', 'installation_id', 'redelivery', 'repository_id', 'status', 'status_code', 'throttled_at'])

    const first = await octokit.request('GET /app/hook/deliveries', { per_page: 2 })
    expect(first.headers.link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/app\/hook\/deliveries\?per_page=2&cursor=[^>]+>; rel="next"$/)
  })

  it('filters by status', async () => {
    answers = [500]
    const failed = await fake.sendWebhook('ping', {})
    const octokit = app().octokit
    const failures = await octokit.paginate('GET /app/hook/deliveries', { status: 'failure', per_page: 1 })
    expect(failures.length).toBeGreaterThan(0)
    expect(failures.every(d => d.status_code < 200 || d.status_code >= 300)).toBe(true)
    expect(failures.map(d => d.id)).toContain(failed.id)
    const successes = await octokit.paginate('GET /app/hook/deliveries', { status: 'success' })
    expect(successes.length).toBeGreaterThan(0)
    expect(successes.every(d => d.status_code >= 200 && d.status_code < 300)).toBe(true)
  })

  it('needs the App\'s JWT', async () => {
    const response = await fetch(`${fake.url}/app/hook/deliveries`)
    expect(response.status).toBe(401)
  })
})

describe('GET /app/hook/deliveries/{delivery_id}', () => {
  it('shows the request and the response', async () => {
    answers = [202]
    const sent = await fake.sendWebhook('issue_comment', { action: 'created', comment: { body: '/revue' } })
    const { data } = await app().octokit.request('GET /app/hook/deliveries/{delivery_id}', { delivery_id: sent.id })
    expect(data).toMatchObject({ id: sent.id, guid: sent.guid, status_code: 202, url: receiverUrl, action: 'created' })
    expect(data.request.payload).toEqual({ action: 'created', comment: { body: '/revue' } })
    expect(data.request.headers).toMatchObject({ 'x-github-delivery': sent.guid, 'x-github-event': 'issue_comment' })
    expect(data.response.payload).toBe('Accepted')
  })

  it('answers 404 for an unknown id', async () => {
    await expect(app().octokit.request('GET /app/hook/deliveries/{delivery_id}', { delivery_id: 987654 })).rejects.toMatchObject({ status: 404 })
  })
})

describe('POST /app/hook/deliveries/{delivery_id}/attempts', () => {
  it('redelivers the same event with the same guid', async () => {
    answers = [503]
    const sent = await fake.sendWebhook('pull_request', { action: 'synchronize', number: 3 })
    const before = fake.deliveries.length
    const response = await app().octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: sent.id })
    expect(response.status).toBe(202)
    expect(response.data).toEqual({})
    await fake.idle()
    expect(received).toHaveLength(2)
    expect(received[1]?.headers['x-github-delivery']).toBe(sent.guid)
    expect(received[1]?.headers['x-github-event']).toBe('pull_request')
    expect(received[1]?.verified).toBe(true)
    expect(received[1]?.body).toBe(received[0]?.body)
    expect(fake.deliveries).toHaveLength(before + 1)
    const again = fake.deliveries.at(-1)
    expect(again).toMatchObject({ guid: sent.guid, redelivery: true, status_code: 200, status: 'OK', event: 'pull_request', action: 'synchronize' })
    expect(again?.id).toBeGreaterThan(sent.id)
  })

  it('answers 404 for an unknown id and sends nothing', async () => {
    await expect(app().octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: 987654 })).rejects.toMatchObject({ status: 404 })
    await fake.idle()
    expect(received).toHaveLength(0)
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
