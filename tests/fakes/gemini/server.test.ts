import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, GoogleGenAI, Type } from '@google/genai'
import type { GenerateContentResponse, HttpOptions } from '@google/genai'
import { startGeminiServer } from './server'
import type { GeminiFake } from './server'

const MODEL = 'gemini-2.5-flash'

let fake: GeminiFake

beforeEach(async () => {
  fake = await startGeminiServer()
})

afterEach(async () => {
  await fake.close()
})

function client(options: { apiKey?: string, httpOptions?: HttpOptions } = {}): GoogleGenAI {
  return new GoogleGenAI({
    apiVersion: 'v1beta',
    apiKey: options.apiKey ?? fake.apiKey,
    httpOptions: { ...options.httpOptions, baseUrl: fake.url },
  })
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  }
  catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the call to fail with an ApiError')
}

describe('fake Gemini server', () => {
  it('answers generateContent with the JSON reply as response.text and usageMetadata', async () => {
    fake.queue({ json: { summary: 'Looks good', comments: [{ path: 'a.ts', line: 3 }] }, usage: { promptTokenCount: 120, candidatesTokenCount: 30 } })
    const response = await client().models.generateContent({ model: MODEL, contents: 'Review this diff' })

    expect(JSON.parse(response.text ?? '')).toEqual({ summary: 'Looks good', comments: [{ path: 'a.ts', line: 3 }] })
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 120, candidatesTokenCount: 30, totalTokenCount: 150 })
    expect(response.candidates?.[0]?.finishReason).toBe('STOP')
    expect(response.modelVersion).toBe(MODEL)
    expect(response.responseId).toMatch(/^[\w-]{10,}$/)
  })

  it('defaults to the no-issues review and estimates tokens as ceil(chars / 4)', async () => {
    const response = await client().models.generateContent({
      model: MODEL,
      contents: 'x'.repeat(10),
      config: { systemInstruction: 'y'.repeat(5) },
    })

    expect(JSON.parse(response.text ?? '')).toEqual({ summary: 'No issues found.', comments: [] })
    const answerTokens = Math.ceil(JSON.stringify({ summary: 'No issues found.', comments: [] }).length / 4)
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 4, candidatesTokenCount: answerTokens, totalTokenCount: 4 + answerTokens })
  })

  it('streams the text in several SSE chunks with usage and STOP on the last one', async () => {
    const text = 'The patch renames a variable but misses one call site in server/review.ts. '.repeat(4)
    fake.queue({ text })
    const stream = await client().models.generateContentStream({ model: MODEL, contents: 'Review' })
    const chunks: GenerateContentResponse[] = []
    for await (const chunk of stream) chunks.push(chunk)

    expect(chunks.length).toBeGreaterThanOrEqual(3)
    expect(chunks.map(chunk => chunk.text).join('')).toBe(text)
    expect(chunks.every(chunk => (chunk.text ?? '').length > 0)).toBe(true)
    const last = chunks.at(-1)
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP')
    expect(last?.usageMetadata?.candidatesTokenCount).toBe(Math.ceil(text.length / 4))
    expect(chunks.slice(0, -1).every(chunk => chunk.usageMetadata === undefined && chunk.candidates?.[0]?.finishReason === undefined)).toBe(true)
    expect(fake.requests[0]?.method).toBe('streamGenerateContent')
  })

  it('frames the stream as text/event-stream with data: lines and CRLF CRLF', async () => {
    fake.queue({ text: 'abcdefghi' })
    const res = await fetch(`${fake.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    })
    const raw = await res.text()

    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const events = raw.split('\r\n\r\n')
    expect(events.pop()).toBe('')
    expect(events).toHaveLength(3)
    expect(events.every(event => event.startsWith('data: '))).toBe(true)
    const texts = events.map(event => JSON.parse(event.slice(6)).candidates[0].content.parts[0].text)
    expect(texts).toEqual(['abc', 'def', 'ghi'])
  })

  it('rejects a wrong API key with 400 API_KEY_INVALID and still records the request', async () => {
    const error = await apiError(client({ apiKey: 'wrong-key' }).models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(400)
    const body = JSON.parse(error.message)
    expect(body.error.status).toBe('INVALID_ARGUMENT')
    expect(body.error.message).toBe('API key not valid. Please pass a valid API key.')
    expect(body.error.details[0].reason).toBe('API_KEY_INVALID')
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.apiKey).toBe('wrong-key')
  })

  it('accepts the key from ?key= and rejects a missing key', async () => {
    const request = (query: string) => fetch(`${fake.url}/v1beta/models/${MODEL}:generateContent${query}`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    })
    const withKey = await request(`?key=${fake.apiKey}`)
    const withoutKey = await request('')

    expect(withKey.status).toBe(200)
    expect(withoutKey.status).toBe(400)
    expect(withoutKey.headers.get('content-type')).toBe('application/json; charset=UTF-8')
    expect(fake.requests.map(r => r.apiKey)).toEqual([fake.apiKey, undefined])
  })

  it('turns a queued 429 into ApiError 429 whose message carries the RetryInfo delay', async () => {
    fake.queue({ status: 429, retryDelay: '17s' })
    const error = await apiError(client().models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(429)
    expect(error.message).toContain('"retryDelay":"17s"')
    expect(error.message).toContain('RESOURCE_EXHAUSTED')
    expect(error.message).toContain('QuotaFailure')
    expect(fake.requests).toHaveLength(1)
  })

  it('omits RetryInfo from a 429 without retryDelay', async () => {
    fake.queue({ status: 429 })
    const error = await apiError(client().models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(429)
    expect(error.message).not.toContain('RetryInfo')
  })

  it('lets the SDK retryOptions recover from a 503', async () => {
    fake.queue({ status: 503 })
    const ai = client({ httpOptions: { retryOptions: { attempts: 3, initialDelay: 0.01 } } })
    const response = await ai.models.generateContent({ model: MODEL, contents: 'hi' })

    expect(JSON.parse(response.text ?? '')).toEqual({ summary: 'No issues found.', comments: [] })
    expect(fake.requests).toHaveLength(2)
  })

  it.each([
    [500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
    [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'],
    [403, 'PERMISSION_DENIED', 'The caller does not have permission'],
  ] as const)('answers a queued %i in Google\'s error shape', async (status, name, message) => {
    fake.queue({ status })
    const error = await apiError(client().models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(status)
    expect(JSON.parse(error.message)).toEqual({ error: { code: status, message, status: name } })
  })

  it('answers a queued 400 with the given message', async () => {
    fake.queue({ status: 400, message: 'Unable to submit request because it has an empty text parameter.' })
    const error = await apiError(client().models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(400)
    expect(JSON.parse(error.message).error).toEqual({ code: 400, message: 'Unable to submit request because it has an empty text parameter.', status: 'INVALID_ARGUMENT' })
  })

  it('fails a streaming call with the HTTP error before any chunk', async () => {
    fake.queue({ status: 503 })
    const error = await apiError(client().models.generateContentStream({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(503)
  })

  it('hangs until the SDK timeout aborts the request', async () => {
    fake.queue({ hang: true })
    const started = Date.now()
    const call = client({ httpOptions: { timeout: 200 } }).models.generateContent({ model: MODEL, contents: 'hi' })

    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(fake.requests).toHaveLength(1)
  })

  it('releases a hanging request on close()', async () => {
    fake.queue({ hang: true })
    const call = client().models.generateContent({ model: MODEL, contents: 'hi' })
    const outcome = call.then(() => 'answered', () => 'failed')
    await expect.poll(() => fake.requests.length).toBe(1)
    await fake.close()

    expect(await outcome).toBe('failed')
  })

  it('records system instruction, prompt and generationConfig of each request', async () => {
    await client().models.generateContent({
      model: MODEL,
      contents: [{ role: 'user', parts: [{ text: 'diff --git a/x b/x' }, { text: 'Focus on bugs.' }] }],
      config: {
        systemInstruction: { parts: [{ text: 'You are Revue, a careful code reviewer.' }, { text: 'Answer in JSON.' }] },
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { summary: { type: Type.STRING } },
          required: ['summary'],
        },
        temperature: 0.2,
      },
    })
    const [request] = fake.requests

    expect(request?.model).toBe(MODEL)
    expect(request?.method).toBe('generateContent')
    expect(request?.apiKey).toBe(fake.apiKey)
    expect(request?.apiVersion).toBe('v1beta')
    expect(request?.system).toBe('You are Revue, a careful code reviewer.\nAnswer in JSON.')
    expect(request?.prompt).toBe('diff --git a/x b/x\nFocus on bugs.')
    expect(request?.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { summary: { type: 'STRING' } }, required: ['summary'] },
      temperature: 0.2,
    })
    expect(request?.headers['x-goog-api-key']).toBe(fake.apiKey)
  })

  it('records a JSON-schema response format as responseJsonSchema', async () => {
    const schema = { type: 'object', properties: { summary: { type: 'string' } } }
    await client().models.generateContent({ model: MODEL, contents: 'hi', config: { responseMimeType: 'application/json', responseJsonSchema: schema } })

    expect(fake.requests[0]?.body.generationConfig?.responseJsonSchema).toEqual(schema)
  })

  it('uses queued replies in order, then the handler', async () => {
    fake.setHandler(req => ({ text: `echo: ${req.prompt}` }))
    fake.queue({ text: 'first' }, { json: ['second'] })
    const ai = client()
    const texts: Array<string | undefined> = []
    for (const prompt of ['a', 'b', 'c']) texts.push((await ai.models.generateContent({ model: MODEL, contents: prompt })).text)

    expect(texts).toEqual(['first', '["second"]', 'echo: c'])
  })

  it('answers a throwing handler with 500 INTERNAL', async () => {
    fake.setHandler(() => {
      throw new Error('boom')
    })
    const error = await apiError(client().models.generateContent({ model: MODEL, contents: 'hi' }))

    expect(error.status).toBe(500)
    expect(error.message).toContain('boom')
  })

  it('reports early stops: SAFETY without text, MAX_TOKENS with partial text', async () => {
    fake.queue({ finishReason: 'SAFETY' }, { finishReason: 'MAX_TOKENS', text: '{"summary": "Trunc' })
    const ai = client()
    const blocked = await ai.models.generateContent({ model: MODEL, contents: 'hi' })
    const truncated = await ai.models.generateContent({ model: MODEL, contents: 'hi' })

    expect(blocked.candidates?.[0]?.finishReason).toBe('SAFETY')
    expect(blocked.text).toBeUndefined()
    expect(blocked.candidates?.[0]?.safetyRatings?.some(rating => rating.blocked)).toBe(true)
    expect(truncated.candidates?.[0]?.finishReason).toBe('MAX_TOKENS')
    expect(truncated.text).toBe('{"summary": "Trunc')
  })

  it('rejects unknown models with 404 NOT_FOUND', async () => {
    const error = await apiError(client().models.generateContent({ model: 'gpt-4o', contents: 'hi' }))

    expect(error.status).toBe(404)
    expect(JSON.parse(error.message).error).toEqual({
      code: 404,
      status: 'NOT_FOUND',
      message: 'models/gpt-4o is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
    })
  })

  it('restricts models to the configured list', async () => {
    await fake.close()
    fake = await startGeminiServer({ models: ['gemini-2.5-pro'], apiKey: 'other-key' })
    const ai = client()

    expect(fake.apiKey).toBe('other-key')
    expect((await apiError(ai.models.generateContent({ model: MODEL, contents: 'hi' }))).status).toBe(404)
    await expect(ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' })).resolves.toBeDefined()
  })

  it('counts tokens without consuming queued replies', async () => {
    fake.queue({ text: 'queued' })
    const ai = client()
    const counted = await ai.models.countTokens({ model: MODEL, contents: 'x'.repeat(41) })
    const generated = await ai.models.generateContent({ model: MODEL, contents: 'hi' })

    expect(counted.totalTokens).toBe(11)
    expect(generated.text).toBe('queued')
    expect(fake.requests.map(r => r.method)).toEqual(['countTokens', 'generateContent'])
  })

  it('describes a model to models.get, which checks a key without spending tokens', async () => {
    const model = await client().models.get({ model: MODEL })
    const wrongKey = await apiError(client({ apiKey: 'wrong-key' }).models.get({ model: MODEL }))
    const unknown = await apiError(client().models.get({ model: 'not-a-model' }))

    expect(model).toMatchObject({ name: `models/${MODEL}`, inputTokenLimit: 1_048_576 })
    expect(model.supportedActions).toContain('generateContent')
    expect(wrongKey.status).toBe(400)
    expect(JSON.parse(wrongKey.message).error.details[0].reason).toBe('API_KEY_INVALID')
    expect(unknown.status).toBe(404)
    expect(fake.requests.map(r => [r.method, r.apiKey])).toEqual([['get', fake.apiKey], ['get', 'wrong-key'], ['get', fake.apiKey]])
  })

  it('answers an invalid JSON body with 400 INVALID_ARGUMENT and records it', async () => {
    const res = await fetch(`${fake.url}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': fake.apiKey, 'content-type': 'application/json' },
      body: '{"contents": [',
    })

    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8')
    expect(await res.json()).toEqual({ error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } })
    expect(fake.requests[0]?.rawBody).toBe('{"contents": [')
  })

  it('waits delayMs before answering', async () => {
    fake.queue({ text: 'slow', delayMs: 150 })
    const started = Date.now()
    const response = await client().models.generateContent({ model: MODEL, contents: 'hi' })

    expect(response.text).toBe('slow')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('serves 100+ concurrent requests without serialising slow handlers', async () => {
    fake.setHandler(async (req) => {
      await new Promise(resolve => setTimeout(resolve, 100))
      return { json: { echo: req.prompt } }
    })
    const ai = client()
    const started = Date.now()
    const responses = await Promise.all(Array.from({ length: 120 }, (_, i) =>
      ai.models.generateContent({ model: MODEL, contents: `prompt ${i}` })))

    expect(responses.map(r => JSON.parse(r.text ?? '').echo)).toEqual(Array.from({ length: 120 }, (_, i) => `prompt ${i}`))
    expect(fake.requests).toHaveLength(120)
    expect(Date.now() - started).toBeLessThan(3000)
  })
})
