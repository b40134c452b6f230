import { randomBytes } from 'node:crypto'
import { createApp, createRouter, defineEventHandler, getHeader, getRouterParam, readRawBody, setResponseHeaders, setResponseStatus } from 'h3'
import type { H3Event } from 'h3'
import { badKey, invalidRequest, rateLimited, scripted, unknownModel } from './errors'
import type { OpenAIErrorBody } from './errors'
import { chatCompletion, refuseChat, textOf } from './completions'
import { listen } from '../listen'
import { createScript, hold, pause } from '../scripted'
import type { ChatBody, OpenAIFake, OpenAIMethod, OpenAIReply, OpenAIRequest, OpenAIServerOptions } from './types'

// A local OpenAI-compatible server: chat completions and models.retrieve, as OpenAI and Ollama answer them.

const DEFAULT_REPLY: OpenAIReply = { json: { summary: 'No issues found.', comments: [] } }
const OPENAI_MODELS = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano']
const OLLAMA_MODELS = ['qwen2.5-coder:14b', 'llama3.2']

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIFake> {
  const flavour = options.flavour ?? 'openai'
  const apiKey = options.apiKey ?? (flavour === 'ollama' ? 'ollama' : 'test-openai-key')
  const prefix = options.prefix ?? '/v1'
  const script = createScript<OpenAIRequest, OpenAIReply>(() => DEFAULT_REPLY)
  const knows = (model: string): boolean => {
    if (options.models) return options.models.includes(model)
    if (flavour === 'ollama') return OLLAMA_MODELS.some(known => model === known || model === `${known}:latest`)
    // a dated snapshot (gpt-4.1-mini-2025-04-14) is the same model
    return OPENAI_MODELS.some(known => model === known || (model.startsWith(`${known}-`) && /^\d{4}-\d{2}-\d{2}$/.test(model.slice(known.length + 1))))
  }
  const server = { flavour, jsonSchema: options.jsonSchema ?? true, knows }
  const shutdown = new AbortController()

  const send = (event: H3Event, status: number, body: unknown, headers: Record<string, string> = {}) => {
    setResponseStatus(event, status)
    setResponseHeaders(event, { 'x-request-id': `req_${randomBytes(16).toString('hex')}`, ...headers })
    return body
  }
  const record = async (event: H3Event, method: OpenAIMethod, model: string): Promise<OpenAIRequest | OpenAIErrorBody> => {
    const rawBody = method === 'chat' ? await readRawBody(event) ?? '' : ''
    let body: ChatBody = {}
    try {
      if (rawBody) body = JSON.parse(rawBody) as ChatBody
    }
    catch {
      return invalidRequest('We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.')
    }
    const authorization = getHeader(event, 'authorization')
    const request: OpenAIRequest = {
      model: method === 'chat' ? body.model ?? '' : model,
      method,
      apiKey: authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined,
      body,
      system: textOf(body.messages, ['system', 'developer']),
      prompt: textOf(body.messages, ['user']),
      path: event.path,
      headers: event.node.req.headers,
      rawBody,
    }
    script.requests.push(request)
    return request
  }
  const authorized = (request: OpenAIRequest): boolean => flavour === 'ollama' || request.apiKey === apiKey
  // Nothing is written once the client left or the fake closed.
  const drop = (event: H3Event) => {
    event.node.res.destroy()
    return null
  }

  const answer = async (event: H3Event, request: OpenAIRequest, reply: OpenAIReply) => {
    const signal = shutdown.signal
    if (reply.delayMs && !(await pause(reply.delayMs, signal))) return drop(event)
    if ('hang' in reply) {
      await hold(event, signal)
      return drop(event)
    }
    if ('status' in reply) {
      if (reply.status === 429) {
        const seconds = reply.retryDelay ? String(parseFloat(reply.retryDelay)) : undefined
        return send(event, 429, rateLimited(request.model, reply.message), {
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${Math.round(1000 * Number(seconds ?? 0.12))}ms`,
          ...(seconds ? { 'retry-after': seconds } : {}),
        })
      }
      return send(event, reply.status, scripted(reply.status, reply.message))
    }
    return send(event, 200, chatCompletion(request, reply, flavour))
  }

  const router = createRouter()
  router.post(`${prefix}/chat/completions`, defineEventHandler(async (event) => {
    const request = await record(event, 'chat', '')
    if ('error' in request) return send(event, 400, request)
    if (!authorized(request)) return send(event, 401, badKey(request.apiKey))
    const refused = refuseChat(request.body, server)
    if (refused) return send(event, refused.status, refused.error)
    let reply: OpenAIReply
    try {
      reply = await script.reply(request)
    }
    catch (error) {
      return send(event, 500, scripted(500, `fake OpenAI handler threw: ${error instanceof Error ? error.message : String(error)}`))
    }
    return answer(event, request, reply)
  }))
  router.get(`${prefix}/models/:model`, defineEventHandler(async (event) => {
    const model = getRouterParam(event, 'model', { decode: true }) ?? ''
    const request = await record(event, 'get', model)
    if ('error' in request) return send(event, 400, request)
    if (!authorized(request)) return send(event, 401, badKey(request.apiKey))
    if (!knows(model)) return send(event, 404, flavour === 'ollama' ? unknownModel(flavour, model) : invalidRequest(`The model '${model}' does not exist`, 'model', 'model_not_found'))
    return send(event, 200, { id: model, object: 'model', created: 1_744_318_173, owned_by: flavour === 'ollama' ? 'library' : 'system' })
  }))

  const app = createApp()
  app.use(router)
  app.use(defineEventHandler(event => send(event, 404, invalidRequest(`Invalid URL (${event.method} ${event.path})`))))
  const listening = await listen(app, () => shutdown.abort())
  return {
    url: `${listening.origin}${prefix}`,
    apiKey,
    requests: script.requests,
    setHandler: script.setHandler,
    queue: script.queue,
    close: listening.close,
  }
}
