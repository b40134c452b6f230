import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Anthropic, { APIError } from '@anthropic-ai/sdk'
import { startAnthropicServer } from './server'
import type { AnthropicFake } from './types'

const MODEL = 'claude-sonnet-4-5'
const SCHEMA = { type: 'object' as const, properties: { summary: { type: 'string' } }, required: ['summary'] }
const PARAMS: Anthropic.Messages.MessageCreateParamsNonStreaming = {
  model: MODEL,
  max_tokens: 1000,
  system: 'You review code.',
  messages: [{ role: 'user', content: 'Review this diff' }],
  tools: [{ name: 'review', description: 'Report the review', input_schema: SCHEMA }],
  tool_choice: { type: 'tool', name: 'review' },
}

let fake: AnthropicFake

beforeEach(async () => {
  fake = await startAnthropicServer()
})

afterEach(async () => {
  await fake.close()
})

function sdk(options: { apiKey?: string, maxRetries?: number, defaultHeaders?: Record<string, string> } = {}): Anthropic {
  return new Anthropic({ apiKey: options.apiKey ?? fake.apiKey, baseURL: fake.url, maxRetries: options.maxRetries ?? 0, timeout: 5_000, defaultHeaders: options.defaultHeaders })
}

async function apiError(promise: Promise<unknown>): Promise<APIError> {
  const error: unknown = await promise.then(() => undefined, (thrown: unknown) => thrown)
  if (error instanceof APIError) return error
  throw new Error(`expected an APIError, got ${String(error)}`)
}

describe('fake Anthropic server', () => {
  it('answers a forced tool with a tool_use block holding the scripted JSON, and usage', async () => {
    fake.queue({ json: { summary: 'Looks good' }, usage: { promptTokenCount: 900, candidatesTokenCount: 40 } })
    const message = await sdk().messages.create(PARAMS)

    expect(message.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_01\w{22}$/), name: 'review', input: { summary: 'Looks good' } }])
    expect(message.stop_reason).toBe('tool_use')
    expect(message.usage).toMatchObject({ input_tokens: 900, output_tokens: 40 })
    expect(message.id).toMatch(/^msg_01/)
    expect(fake.requests[0]).toMatchObject({ method: 'messages', model: MODEL, apiKey: fake.apiKey, system: 'You review code.', prompt: 'Review this diff', path: '/v1/messages' })
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2026-10-21')
  })

  it('answers text blocks for a text reply or when no tool is forced', async () => {
    fake.setHandler(request => request.prompt === 'plain' ? { text: 'just prose' } : { json: { a: 1 } })
    const plain = await sdk().messages.create({ ...PARAMS, messages: [{ role: 'user', content: 'plain' }] })
    const unforced = await sdk().messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'x' }] })

    expect(plain.content).toEqual([{ type: 'text', text: 'just prose' }])
    expect(plain.stop_reason).toBe('end_turn')
    expect(unforced.content).toEqual([{ type: 'text', text: '{"a":1}' }])
  })

  it('reports max_tokens and refusal stop reasons', async () => {
    fake.queue({ finishReason: 'max_tokens', text: '{"summary": "cut' }, { finishReason: 'refusal' })
    const cut = await sdk().messages.create(PARAMS)
    const refused = await sdk().messages.create(PARAMS)

    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: '{"summary": "cut' }] })
    expect(refused).toMatchObject({ stop_reason: 'refusal', content: [] })
  })

  it('refuses temperature with a 400 under API version 2026-10-21, and takes it under 2023-06-01', async () => {
    const body = { ...PARAMS, temperature: 0.2 }
    const refused = await apiError(sdk().messages.create(body as Anthropic.Messages.MessageCreateParamsNonStreaming))
    const old = await sdk({ defaultHeaders: { 'anthropic-version': '2023-06-01' } }).messages.create(body as Anthropic.Messages.MessageCreateParamsNonStreaming)

    expect(refused).toMatchObject({ status: 400, type: 'invalid_request_error', apiMessage: 'temperature: Extra inputs are not permitted' })
    expect(old.stop_reason).toBe('tool_use')
  })

  it('takes the key from x-api-key or the bearer token, and refuses a wrong one with authentication_error', async () => {
    await sdk({ apiKey: 'ignored', defaultHeaders: { 'x-api-key': fake.apiKey } }).messages.create(PARAMS)
    const error = await apiError(sdk({ apiKey: 'sk-ant-wrong' }).messages.create(PARAMS))

    expect(fake.requests[0]?.apiKey).toBe(fake.apiKey)
    expect(error).toMatchObject({ status: 401, type: 'authentication_error', apiMessage: 'invalid x-api-key' })
    expect(error.requestID).toMatch(/^req_011C/)
    expect(error.error).toMatchObject({ type: 'error', request_id: error.requestID })
  })

  it('answers 404 not_found_error for an unknown model, in messages and in models.retrieve', async () => {
    const create = await apiError(sdk().messages.create({ ...PARAMS, model: 'claude-nope' }))
    const retrieve = await apiError(sdk().models.retrieve('claude-nope'))
    const known = await sdk().models.retrieve('claude-sonnet-4-5-20250929')

    expect(create).toMatchObject({ status: 404, type: 'not_found_error', apiMessage: 'model: claude-nope' })
    expect(retrieve).toMatchObject({ status: 404, type: 'not_found_error' })
    expect(known).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5-20250929', lifecycle: 'active', line: 'sonnet' })
    expect(fake.requests.map(request => request.method)).toEqual(['messages', 'get', 'get'])
  })

  it('refuses a forced tool that is not among the tools', async () => {
    const error = await apiError(sdk().messages.create({ ...PARAMS, tool_choice: { type: 'tool', name: 'other' } }))

    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' })
  })

  it('answers 429 rate_limit_error with retry-after, which the SDK honours', async () => {
    fake.queue({ status: 429, retryDelay: '0.05s' }, { json: { summary: 'later' } })
    const started = Date.now()
    const message = await sdk({ maxRetries: 1 }).messages.create(PARAMS)

    expect(message.content[0]).toMatchObject({ input: { summary: 'later' } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(fake.requests).toHaveLength(2)
  })

  it('hands the 429 and its headers to the caller once retries are exhausted', async () => {
    fake.queue({ status: 429, retryDelay: '12s' })
    const error = await apiError(sdk().messages.create(PARAMS))

    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error' })
    expect(error.headers?.get('retry-after')).toBe('12')
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0')
  })

  it('answers 529 overloaded_error, which the SDK retries', async () => {
    fake.queue({ status: 529 }, { status: 529 })
    const error = await apiError(sdk({ maxRetries: 1 }).messages.create(PARAMS))

    expect(error).toMatchObject({ status: 529, type: 'overloaded_error', apiMessage: 'Overloaded' })
    expect(fake.requests).toHaveLength(2)
  })
})
