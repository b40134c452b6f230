import { afterEach, describe, expect, it } from 'vitest'
import { APIError } from 'openai'
import { openaiClient } from '../../../server/models/openai/client'
import type { OpenAISettings } from '../../../server/models/openai/client'
import { openaiFailure, refusesJsonSchema } from '../../../server/models/openai/failure'
import { retryAfterMs } from '../../../server/models/retry-after'
import type { ModelRequest } from '../../../server/models/provider'
import { startOpenAIServer } from '../../fakes/openai/server'
import type { OpenAIFake, OpenAIServerOptions } from '../../fakes/openai/types'

const SCHEMA = { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }

let fake: OpenAIFake

afterEach(async () => {
  await fake.close()
})

async function start(options: OpenAIServerOptions = {}): Promise<OpenAIFake> {
  fake = await startOpenAIServer(options)
  return fake
}

function client(settings: Partial<OpenAISettings> = {}) {
  return openaiClient({ provider: 'openai', jsonSchema: 'auto', apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 5_000, retries: 0, ...settings })
}

function ask(model = 'gpt-4.1-mini'): ModelRequest {
  return { model, system: 'You review code.', prompt: 'Review this diff', maxOutputTokens: 800, schema: SCHEMA }
}

async function failure(promise: Promise<unknown>, provider: 'openai' | 'ollama' = 'openai') {
  const error: unknown = await promise.then(() => undefined, (thrown: unknown) => thrown)
  if (!(error instanceof Error)) throw new Error('expected the call to fail')
  return openaiFailure(error, provider)
}

describe('openaiClient', () => {
  it('asks with json_schema, the system and user messages, and reads the answer and its tokens', async () => {
    await start()
    fake.queue({ json: { summary: 'Looks good' }, usage: { promptTokenCount: 1200, candidatesTokenCount: 34 } })
    const answer = await client().ask(ask())

    expect(answer).toEqual({ text: '{"summary":"Looks good"}', finishReason: 'stop', tokens: { input: 1200, output: 34 } })
    expect(fake.requests[0]?.body).toMatchObject({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'system', content: 'You review code.' }, { role: 'user', content: 'Review this diff' }],
      max_completion_tokens: 800,
      temperature: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema: SCHEMA, strict: false } },
    })
    expect(fake.requests[0]?.body).not.toHaveProperty('max_tokens')
  })

  it('sends neither temperature nor max_tokens to a reasoning model, which refuses them', async () => {
    await start()
    const answer = await client().ask(ask('o4-mini'))

    expect(answer.finishReason).toBe('stop')
    expect(fake.requests[0]?.body).not.toHaveProperty('temperature')
    expect(fake.requests[0]?.body).toMatchObject({ max_completion_tokens: 800 })
  })

  it('falls back to JSON mode with the schema in the system prompt when the server refuses json_schema, and remembers', async () => {
    await start({ jsonSchema: false })
    const models = client()
    const first = await models.ask(ask())
    const second = await models.ask(ask())

    expect(JSON.parse(first.text ?? '')).toEqual({ summary: 'No issues found.', comments: [] })
    expect(second.text).toBe(first.text)
    expect(fake.requests.map(request => request.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object'])
    expect(fake.requests[1]?.system).toContain('You review code.')
    expect(fake.requests[1]?.system).toContain(JSON.stringify(SCHEMA))
  })

  it('does not fall back when json_schema is on: the refusal is a permanent failure', async () => {
    await start({ jsonSchema: false })
    const result = await failure(client({ jsonSchema: 'on' }).ask(ask()))

    expect(result).toMatchObject({ status: 400, permanent: true, fix: 'NUXT_OPENAI_API_KEY, NUXT_OPENAI_BASE_URL and NUXT_MODEL' })
    expect(result?.message).toContain('\'response_format\' of type \'json_schema\' is not supported')
    expect(fake.requests).toHaveLength(1)
  })

  it('asks in JSON mode from the first call when json_schema is off', async () => {
    await start()
    await client({ jsonSchema: 'off' }).ask(ask())

    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.body.response_format).toEqual({ type: 'json_object' })
    expect(fake.requests[0]?.system).toMatch(/JSON Schema/)
  })

  it('speaks to Ollama without a key, with max_tokens', async () => {
    await start({ flavour: 'ollama' })
    const answer = await client({ provider: 'ollama', apiKey: '' }).ask(ask('qwen2.5-coder:14b'))

    expect(answer.text).toBe(JSON.stringify({ summary: 'No issues found.', comments: [] }))
    expect(answer.tokens.input).toBeGreaterThan(0)
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer ollama')
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 800, temperature: 0.2 })
    expect(fake.requests[0]?.body).not.toHaveProperty('max_completion_tokens')
  })

  it('turns a refusal into no text and says so in finishReason', async () => {
    await start()
    fake.queue({ refusal: 'I can\'t help with that.' })

    expect(await client().ask(ask())).toMatchObject({ text: undefined, finishReason: 'refusal: I can\'t help with that.' })
  })

  it('reports a cut answer with finish_reason length', async () => {
    await start()
    fake.queue({ finishReason: 'length', text: '{"summary": "cut' })

    expect(await client().ask(ask())).toMatchObject({ text: '{"summary": "cut', finishReason: 'length' })
  })

  it('lets the SDK wait out a 429 as retry-after asks, then answers', async () => {
    await start()
    fake.queue({ status: 429, retryDelay: '0.05s' }, { json: { summary: 'later' } })
    const started = Date.now()
    const answer = await client({ retries: 1 }).ask(ask())

    expect(answer.text).toBe('{"summary":"later"}')
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(fake.requests).toHaveLength(2)
  })

  it('fails with the wait asked for when the retries are spent on 429s', async () => {
    await start()
    fake.queue({ status: 429, retryDelay: '0.05s' }, { status: 429, retryDelay: '0.05s' })
    const result = await failure(client({ retries: 1 }).ask(ask()))

    expect(result).toMatchObject({ status: 429, permanent: false, retryAfterMs: 50 })
    expect(result?.message).toMatch(/^Rate limit reached for gpt-4.1-mini/)
    expect(fake.requests).toHaveLength(2)
  })

  it('treats a 500 as passing, with no fix', async () => {
    await start()
    fake.queue({ status: 500 })
    const serverError = await failure(client().ask(ask()))

    expect(serverError).toMatchObject({ status: 500, permanent: false })
    expect(serverError?.fix).toBeUndefined()
  })

  it('fails permanently on a bad key, naming the settings to fix', async () => {
    await start()
    const result = await failure(client({ apiKey: 'sk-wrong-1234' }).ask(ask()))

    expect(result).toMatchObject({ status: 401, permanent: true, fix: 'NUXT_OPENAI_API_KEY, NUXT_OPENAI_BASE_URL and NUXT_MODEL' })
    expect(result?.message).toMatch(/^Incorrect API key provided/)
  })

  it('fails permanently on an unknown model, naming Ollama\'s settings for Ollama', async () => {
    await start({ flavour: 'ollama' })
    const result = await failure(client({ provider: 'ollama', apiKey: '' }).ask(ask('mistral')), 'ollama')

    expect(result).toMatchObject({ status: 404, permanent: true, fix: 'NUXT_OLLAMA_BASE_URL and NUXT_MODEL', message: 'model "mistral" not found, try pulling it first' })
  })

  it('checks the key and model with models.retrieve, spending no tokens', async () => {
    await start()
    await client().check('gpt-4.1')
    const unknown = await failure(client().check('gpt-nope'))
    const badKey = await failure(client({ apiKey: 'sk-wrong-1234' }).check('gpt-4.1'))

    expect(fake.requests.map(request => [request.method, request.path])).toEqual([
      ['get', '/v1/models/gpt-4.1'], ['get', '/v1/models/gpt-nope'], ['get', '/v1/models/gpt-4.1'],
    ])
    expect(unknown).toMatchObject({ status: 404, permanent: true })
    expect(badKey).toMatchObject({ status: 401, permanent: true })
  })

  it('sends its requests through the fetch it is given', async () => {
    await start()
    const seen: string[] = []
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input))
      return fetch(input, init)
    }
    await client({ fetch: counting }).ask(ask())

    expect(seen).toEqual([`${fake.url}/chat/completions`])
  })
})

describe('openaiFailure', () => {
  it('is undefined for errors that are not the SDK\'s', () => {
    expect(openaiFailure(new Error('boom'))).toBeUndefined()
    expect(openaiFailure('boom')).toBeUndefined()
  })

  it('treats a connection error as passing', async () => {
    await start()
    const url = fake.url
    await fake.close()
    const result = await failure(openaiClient({ provider: 'openai', jsonSchema: 'auto', apiKey: 'k', baseUrl: url, timeoutMs: 1_000, retries: 0 }).ask(ask()))
    fake = await startOpenAIServer()

    expect(result).toMatchObject({ permanent: false, message: 'Connection error.' })
    expect(result?.status).toBeUndefined()
  })

  it('reads an exhausted balance as permanent', () => {
    const error = APIError.generate(429, { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }, undefined, new Headers())

    expect(openaiFailure(error)).toMatchObject({ status: 429, permanent: true, fix: 'the billing of the OpenAI account behind NUXT_OPENAI_API_KEY' })
  })

  it('knows a json_schema refusal from other 400s', () => {
    const refused = APIError.generate(400, { error: { message: 'response_format json_schema is not supported', type: 'invalid_request_error', param: null, code: null } }, undefined, new Headers())
    const other = APIError.generate(400, { error: { message: 'Invalid messages', type: 'invalid_request_error', param: 'messages', code: null } }, undefined, new Headers())

    expect(refusesJsonSchema(refused)).toBe(true)
    expect(refusesJsonSchema(other)).toBe(false)
    expect(refusesJsonSchema(new Error('response_format'))).toBe(false)
  })
})

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000)
    const date = retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 30_000).toUTCString() }))
    expect(date).toBeGreaterThan(28_000)
    expect(date).toBeLessThanOrEqual(30_000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined()
    expect(retryAfterMs(new Headers())).toBeUndefined()
  })
})
