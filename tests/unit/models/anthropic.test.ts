import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { anthropicClient } from '../../../server/models/anthropic/client'
import { anthropicFailure } from '../../../server/models/anthropic/failure'
import type { ClientSettings, ModelRequest } from '../../../server/models/provider'
import { startAnthropicServer } from '../../fakes/anthropic/server'
import type { AnthropicFake } from '../../fakes/anthropic/types'

const SCHEMA = { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }
const FIX = 'NUXT_ANTHROPIC_API_KEY and NUXT_MODEL'

let fake: AnthropicFake

beforeEach(async () => {
  fake = await startAnthropicServer()
})

afterEach(async () => {
  await fake.close()
})

function client(settings: Partial<ClientSettings> = {}) {
  return anthropicClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 5_000, retries: 0, ...settings })
}

function ask(model = 'claude-sonnet-4-6'): ModelRequest {
  return { model, system: 'You review code.', prompt: 'Review this diff', maxOutputTokens: 800, schema: SCHEMA }
}

async function failure(promise: Promise<unknown>) {
  const error: unknown = await promise.then(() => undefined, (thrown: unknown) => thrown)
  if (!(error instanceof Error)) throw new Error('expected the call to fail')
  return anthropicFailure(error)
}

describe('anthropicClient', () => {
  it('forces one tool whose input schema is the answer\'s, and reads its input and the tokens', async () => {
    fake.queue({ json: { summary: 'Looks good' }, usage: { promptTokenCount: 1500, candidatesTokenCount: 60 } })
    const answer = await client().ask(ask())

    expect(answer).toEqual({ text: '{"summary":"Looks good"}', finishReason: 'tool_use', tokens: { input: 1500, output: 60 } })
    expect(fake.requests[0]?.body).toMatchObject({
      model: 'claude-sonnet-4-6',
      max_tokens: 800,
      system: 'You review code.',
      messages: [{ role: 'user', content: 'Review this diff' }],
      tools: [{ name: 'review', input_schema: SCHEMA }],
      tool_choice: { type: 'tool', name: 'review' },
    })
  })

  it('never sends temperature or another sampling parameter', async () => {
    await client().ask(ask())

    for (const name of ['temperature', 'top_p', 'top_k']) expect(fake.requests[0]?.body).not.toHaveProperty(name)
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2026-10-21')
  })

  it('reads text blocks when the model answered without the tool', async () => {
    fake.queue({ text: 'Here it is: {"summary":"prose"}' }, { finishReason: 'max_tokens' })

    expect(await client().ask(ask())).toMatchObject({ text: 'Here it is: {"summary":"prose"}', finishReason: 'end_turn' })
    expect(await client().ask(ask())).toMatchObject({ text: undefined, finishReason: 'max_tokens' })
  })

  it('lets the SDK wait out a 429 as retry-after asks, then answers', async () => {
    fake.queue({ status: 429, retryDelay: '0.05s' }, { json: { summary: 'later' } })
    const started = Date.now()
    const answer = await client({ retries: 1 }).ask(ask())

    expect(answer.text).toBe('{"summary":"later"}')
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(fake.requests).toHaveLength(2)
  })

  it('fails with the wait asked for when the retries are spent on 429s', async () => {
    fake.queue({ status: 429, retryDelay: '0.05s' }, { status: 429, retryDelay: '0.05s' })
    const result = await failure(client({ retries: 1 }).ask(ask()))

    expect(result).toMatchObject({ status: 429, permanent: false, retryAfterMs: 50 })
    expect(result?.message).toMatch(/^This request would exceed the rate limit/)
    expect(fake.requests).toHaveLength(2)
  })

  it('retries 529 overloaded, and reports it as passing when it lasts', async () => {
    fake.queue({ status: 529 }, { json: { summary: 'recovered' } })
    expect((await client({ retries: 1 }).ask(ask())).text).toBe('{"summary":"recovered"}')

    fake.queue({ status: 529 })
    const result = await failure(client().ask(ask()))
    expect(result).toMatchObject({ status: 529, permanent: false, message: 'Overloaded' })
    expect(result?.fix).toBeUndefined()
  })

  it('fails permanently on a bad key, naming the settings to fix', async () => {
    const result = await failure(client({ apiKey: 'sk-ant-wrong' }).ask(ask()))

    expect(result).toEqual({ status: 401, message: 'invalid x-api-key', permanent: true, fix: FIX })
    expect(fake.requests).toHaveLength(1)
  })

  it('fails permanently on an unknown model', async () => {
    const result = await failure(client().ask(ask('claude-nope')))

    expect(result).toMatchObject({ status: 404, message: 'model: claude-nope', permanent: true, fix: FIX })
  })

  it('checks the key and model with models.retrieve, spending no tokens', async () => {
    await client().check('claude-haiku-4-5')
    const unknown = await failure(client().check('claude-nope'))
    const badKey = await failure(client({ apiKey: 'sk-ant-wrong' }).check('claude-haiku-4-5'))

    expect(fake.requests.map(request => [request.method, request.path])).toEqual([
      ['get', '/v1/models/claude-haiku-4-5'], ['get', '/v1/models/claude-nope'], ['get', '/v1/models/claude-haiku-4-5'],
    ])
    expect(unknown).toMatchObject({ status: 404, permanent: true })
    expect(badKey).toMatchObject({ status: 401, permanent: true })
  })

  it('stops when the request\'s signal aborts', async () => {
    fake.queue({ hang: true })
    const controller = new AbortController()
    const asking = client().ask({ ...ask(), signal: controller.signal })
    const started = Date.now()
    setTimeout(() => controller.abort(), 20)
    const result = await failure(asking)

    // The SDK's own words for an aborted request, well before its timeout would have ended it.
    expect(result).toMatchObject({ permanent: false, message: 'Request was aborted.' })
    expect(result?.status).toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('anthropicFailure', () => {
  it('is undefined for errors that are not the SDK\'s', () => {
    expect(anthropicFailure(new Error('boom'))).toBeUndefined()
  })
})
