import { afterEach, describe, expect, it } from 'vitest'
import OpenAI, { APIError } from 'openai'
import { startOpenAIServer } from './server'
import type { OpenAIFake, OpenAIServerOptions } from './types'

const SCHEMA = { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }
const MESSAGES: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You review code.' },
  { role: 'user', content: 'Review this diff' },
]

let fake: OpenAIFake

afterEach(async () => {
  await fake.close()
})

async function start(options: OpenAIServerOptions = {}): Promise<OpenAIFake> {
  fake = await startOpenAIServer(options)
  return fake
}

function sdk(options: { apiKey?: string, maxRetries?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: options.apiKey ?? fake.apiKey, baseURL: fake.url, maxRetries: options.maxRetries ?? 0 })
}

async function apiError(promise: Promise<unknown>): Promise<APIError> {
  const error: unknown = await promise.then(() => undefined, (thrown: unknown) => thrown)
  if (error instanceof APIError) return error
  throw new Error(`expected an APIError, got ${String(error)}`)
}

describe('fake OpenAI server', () => {
  it('answers a json_schema request with the scripted JSON, usage and the request recorded', async () => {
    await start()
    fake.queue({ json: { summary: 'Looks good' }, usage: { promptTokenCount: 120, candidatesTokenCount: 30 } })
    const completion = await sdk().chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: MESSAGES,
      max_completion_tokens: 500,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema: SCHEMA, strict: false } },
    })

    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ summary: 'Looks good' })
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 })
    expect(completion.object).toBe('chat.completion')
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]).toMatchObject({ method: 'chat', model: 'gpt-4.1-mini', apiKey: fake.apiKey, system: 'You review code.', prompt: 'Review this diff', path: '/v1/chat/completions' })
    expect(fake.requests[0]?.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'review', schema: SCHEMA, strict: false } })
  })

  it('answers the handler when nothing is queued, and a refusal as refusal with no content', async () => {
    await start()
    fake.setHandler(request => request.prompt.includes('refuse') ? { refusal: 'I can\'t help with that.' } : { text: 'plain' })
    const plain = await sdk().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES })
    const refused = await sdk().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'please refuse' }] })

    expect(plain.choices[0]?.message.content).toBe('plain')
    expect(refused.choices[0]?.message).toMatchObject({ content: null, refusal: 'I can\'t help with that.' })
  })

  it('refuses a wrong key with OpenAI\'s 401 body', async () => {
    await start()
    const error = await apiError(sdk({ apiKey: 'sk-wrong-key-1234' }).chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }))

    expect(error.status).toBe(401)
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' })
    expect(error.message).toMatch(/^401 Incorrect API key provided: sk-\*{5}1234/)
    expect(error.requestID).toMatch(/^req_/)
  })

  it('answers 404 model_not_found for a model it does not know, in chat and in models.retrieve', async () => {
    await start()
    const chat = await apiError(sdk().chat.completions.create({ model: 'gpt-nope', messages: MESSAGES }))
    const retrieve = await apiError(sdk().models.retrieve('gpt-nope'))

    expect(chat).toMatchObject({ status: 404, code: 'model_not_found' })
    expect(retrieve).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' })
    expect(await sdk().models.retrieve('gpt-4.1')).toMatchObject({ id: 'gpt-4.1', object: 'model', owned_by: 'system' })
    expect(fake.requests.map(request => request.method)).toEqual(['chat', 'get', 'get'])
  })

  it('refuses json_schema with a 400 naming response_format when built without it', async () => {
    await start({ jsonSchema: false })
    const error = await apiError(sdk().chat.completions.create({
      model: 'gpt-4o',
      messages: MESSAGES,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema: SCHEMA } },
    }))

    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'response_format' })
    expect(error.message).toContain('\'response_format\' of type \'json_schema\' is not supported')
  })

  it('asks for the word json in the messages in JSON mode, as OpenAI does', async () => {
    await start()
    const error = await apiError(sdk().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, response_format: { type: 'json_object' } }))
    const answered = await sdk().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'x' }], response_format: { type: 'json_object' } })

    expect(error).toMatchObject({ status: 400, param: 'messages' })
    expect(answered.choices[0]?.message.content).toBe(JSON.stringify({ summary: 'No issues found.', comments: [] }))
  })

  it('refuses max_tokens and a temperature other than 1 for reasoning models', async () => {
    await start()
    const maxTokens = await apiError(sdk().chat.completions.create({ model: 'o4-mini', messages: MESSAGES, max_tokens: 100 }))
    const temperature = await apiError(sdk().chat.completions.create({ model: 'gpt-5-mini', messages: MESSAGES, temperature: 0.2 }))
    const answered = await sdk().chat.completions.create({ model: 'gpt-5-mini', messages: MESSAGES, max_completion_tokens: 100 })

    expect(maxTokens).toMatchObject({ status: 400, param: 'max_tokens', code: 'unsupported_parameter' })
    expect(temperature).toMatchObject({ status: 400, param: 'temperature', code: 'unsupported_value' })
    expect(answered.choices[0]?.finish_reason).toBe('stop')
  })

  it('answers 429 with retry-after, which the SDK honours before retrying', async () => {
    await start()
    fake.queue({ status: 429, retryDelay: '0.05s' }, { text: 'after the wait' })
    const started = Date.now()
    const completion = await sdk({ maxRetries: 1 }).chat.completions.create({ model: 'gpt-4o', messages: MESSAGES })

    expect(completion.choices[0]?.message.content).toBe('after the wait')
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(fake.requests).toHaveLength(2)
    expect(fake.requests[1]?.headers['x-stainless-retry-count']).toBe('1')
  })

  it('hands the 429 and its headers to the caller once retries are exhausted', async () => {
    await start()
    fake.queue({ status: 429, retryDelay: '7s' })
    const error = await apiError(sdk().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }))

    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' })
    expect(error.headers?.get('retry-after')).toBe('7')
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0')
  })

  it('answers 500 with OpenAI\'s server_error body', async () => {
    await start()
    fake.queue({ status: 500 })
    const error = await apiError(sdk().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }))

    expect(error).toMatchObject({ status: 500, type: 'server_error' })
    expect(error.message).toContain('The server had an error while processing your request')
  })

  it('serves the Ollama flavour without a key, under another prefix', async () => {
    await start({ flavour: 'ollama', prefix: '/ollama/v1' })
    const completion = await sdk({ apiKey: 'anything' }).chat.completions.create({ model: 'qwen2.5-coder:14b', messages: MESSAGES, max_tokens: 100 })
    const model = await sdk({ apiKey: 'anything' }).models.retrieve('llama3.2:latest')
    const missing = await apiError(sdk().chat.completions.create({ model: 'mistral', messages: MESSAGES }))

    expect(fake.url).toMatch(/\/ollama\/v1$/)
    expect(completion.system_fingerprint).toBe('fp_ollama')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
    expect(model).toMatchObject({ id: 'llama3.2:latest', owned_by: 'library' })
    expect(missing.status).toBe(404)
    expect(missing.message).toContain('model "mistral" not found, try pulling it first')
  })

  it('stops a hanging answer when the client gives up', async () => {
    await start()
    fake.queue({ hang: true })
    const error: unknown = await new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, timeout: 100 })
      .chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).catch((thrown: unknown) => thrown)

    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
  })

  it('closes while an answer hangs, failing the request that waits', async () => {
    await start()
    fake.queue({ hang: true })
    const asking = sdk().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).catch((thrown: unknown) => thrown)
    await expect.poll(() => fake.requests.length).toBe(1)
    await fake.close()

    expect(await asking).toBeInstanceOf(OpenAI.APIConnectionError)
  })
})
