import { randomBytes, randomUUID } from 'node:crypto'
import { createApp, createRouter, defineEventHandler, getHeader, getRouterParam, readRawBody, setResponseHeaders, setResponseStatus } from 'h3'
import type { H3Event } from 'h3'
import { listen } from '../listen'
import { createScript, hold, pause } from '../scripted'
import { anthropicError } from './errors'
import type { ERROR_TYPES } from './errors'
import { message, promptOf, refuseMessages, systemOf } from './messages'
import type { AnthropicFake, AnthropicMethod, AnthropicReply, AnthropicRequest, AnthropicServerOptions, MessagesBody } from './types'

// A local Anthropic API: messages.create and models.retrieve, with the headers, errors and versions of the real one.

const DEFAULT_REPLY: AnthropicReply = { json: { summary: 'No issues found.', comments: [] } }
const MODELS = ['claude-opus-4-5', 'claude-opus-4-1', 'claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4-0', 'claude-haiku-4-5', 'claude-3-5-haiku']
const ORGANIZATION = randomUUID()

export async function startAnthropicServer(options: AnthropicServerOptions = {}): Promise<AnthropicFake> {
  const apiKey = options.apiKey ?? 'test-anthropic-key'
  const script = createScript<AnthropicRequest, AnthropicReply>(() => DEFAULT_REPLY)
  const shutdown = new AbortController()
  // A dated id (claude-sonnet-4-5-20250929) or an alias (claude-3-5-haiku-latest) names the same model.
  const knows = (model: string): boolean => options.models
    ? options.models.includes(model)
    : MODELS.some(known => model === known || (model.startsWith(`${known}-`) && /^(\d{8}|latest)$/.test(model.slice(known.length + 1))))

  const send = (event: H3Event, status: number, body: unknown, headers: Record<string, string> = {}) => {
    setResponseStatus(event, status)
    setResponseHeaders(event, { 'request-id': requestId(event), 'anthropic-organization-id': ORGANIZATION, ...headers })
    return body
  }
  const fail = (event: H3Event, status: keyof typeof ERROR_TYPES, text?: string, headers?: Record<string, string>) =>
    send(event, status, anthropicError(status, requestId(event), text), headers)
  const record = async (event: H3Event, method: AnthropicMethod, model: string): Promise<AnthropicRequest | undefined> => {
    const rawBody = method === 'messages' ? await readRawBody(event) ?? '' : ''
    let body: MessagesBody = {}
    try {
      if (rawBody) body = JSON.parse(rawBody) as MessagesBody
    }
    catch {
      return undefined
    }
    const authorization = getHeader(event, 'authorization')
    const request: AnthropicRequest = {
      model: method === 'messages' ? body.model ?? '' : model,
      method,
      apiKey: getHeader(event, 'x-api-key') ?? (authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined),
      body,
      system: systemOf(body),
      prompt: promptOf(body),
      path: event.path,
      headers: event.node.req.headers,
      rawBody,
    }
    script.requests.push(request)
    return request
  }
  // The version and key checks every endpoint makes, in the API's order.
  const refuseCaller = (event: H3Event, request: AnthropicRequest) => {
    if (!getHeader(event, 'anthropic-version')) return fail(event, 400, 'anthropic-version: header is required')
    if (!request.apiKey) return fail(event, 401, 'x-api-key header is required')
    if (request.apiKey !== apiKey) return fail(event, 401, 'invalid x-api-key')
    return undefined
  }
  const drop = (event: H3Event) => {
    event.node.res.destroy()
    return null
  }

  const answer = async (event: H3Event, request: AnthropicRequest, reply: AnthropicReply) => {
    if (reply.delayMs && !(await pause(reply.delayMs, shutdown.signal))) return drop(event)
    if ('hang' in reply) {
      await hold(event, shutdown.signal)
      return drop(event)
    }
    if ('status' in reply) {
      if (reply.status !== 429) return fail(event, reply.status, reply.message)
      const seconds = reply.retryDelay ? String(parseFloat(reply.retryDelay)) : undefined
      return fail(event, 429, reply.message, {
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': new Date(Date.now() + 1000 * Number(seconds ?? 60)).toISOString(),
        ...(seconds ? { 'retry-after': seconds } : {}),
      })
    }
    return send(event, 200, message(request, reply))
  }

  const router = createRouter()
  router.post('/v1/messages', defineEventHandler(async (event) => {
    const request = await record(event, 'messages', '')
    if (!request) return fail(event, 400, 'There was an error parsing the body of your request. Please check that it is valid JSON.')
    const refused = refuseCaller(event, request)
    if (refused) return refused
    const invalid = refuseMessages(request.body, getHeader(event, 'anthropic-version') ?? '', knows)
    if (invalid) return fail(event, invalid.status, invalid.message)
    let reply: AnthropicReply
    try {
      reply = await script.reply(request)
    }
    catch (error) {
      return fail(event, 500, `fake Anthropic handler threw: ${error instanceof Error ? error.message : String(error)}`)
    }
    return answer(event, request, reply)
  }))
  router.get('/v1/models/:id', defineEventHandler(async (event) => {
    const model = getRouterParam(event, 'id', { decode: true }) ?? ''
    const request = await record(event, 'get', model)
    const refused = request && refuseCaller(event, request)
    if (refused) return refused
    if (!knows(model)) return fail(event, 404, `model: ${model}`)
    return send(event, 200, modelInfo(model))
  }))

  const app = createApp()
  app.use(router)
  app.use(defineEventHandler(event => fail(event, 404, `Not found: ${event.path}`)))
  const listening = await listen(app, () => shutdown.abort())
  return {
    url: listening.origin,
    apiKey,
    requests: script.requests,
    setHandler: script.setHandler,
    queue: script.queue,
    close: listening.close,
  }
}

function modelInfo(id: string): Record<string, unknown> {
  const line = /opus|sonnet|haiku/.exec(id)?.[0] ?? null
  return {
    type: 'model',
    id,
    display_name: id.replace(/^claude-/, 'Claude ').replace(/-/g, ' '),
    created_at: '2025-09-29T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    retires_at: null,
  }
}

// One id per request, kept on the event so the header and the error body agree.
function requestId(event: H3Event): string {
  event.context.requestId ??= `req_011C${randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20)}`
  return event.context.requestId as string
}
