import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Content, GenerationConfig, SafetySetting, Tool, ToolConfig } from '@google/genai'

// Request body of generateContent / streamGenerateContent as the SDK puts it on the wire (Gemini Developer API, camelCase JSON).
export interface GenerateContentBody {
  contents?: Content[]
  systemInstruction?: Content
  generationConfig?: GenerationConfig
  safetySettings?: SafetySetting[]
  tools?: Tool[]
  toolConfig?: ToolConfig
  cachedContent?: string
  labels?: Record<string, string>
  serviceTier?: string
  // countTokens accepts either `contents` or a whole generateContent request
  generateContentRequest?: GenerateContentBody & { model?: string }
}

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens' | 'get'

export interface GeminiRequest {
  model: string
  method: GeminiMethod
  apiKey: string | undefined
  body: GenerateContentBody
  system: string
  prompt: string
  apiVersion: string
  headers: IncomingHttpHeaders
  rawBody: string
}

export interface GeminiUsage {
  promptTokenCount?: number
  candidatesTokenCount?: number
}

export type GeminiReply = (
  | { json: unknown, usage?: GeminiUsage }
  | { text: string, usage?: GeminiUsage }
  | { status: 429, retryDelay?: string }
  | { status: 400 | 403 | 404 | 500 | 503, message?: string }
  | { hang: true }
  | { finishReason: 'SAFETY' | 'MAX_TOKENS' | 'RECITATION', text?: string, usage?: GeminiUsage }
) & {
  // milliseconds to wait before answering (latency simulation)
  delayMs?: number
}

export type GeminiHandler = (req: GeminiRequest) => GeminiReply | Promise<GeminiReply>

export interface GeminiFake {
  url: string
  apiKey: string
  requests: GeminiRequest[]
  setHandler(handler: GeminiHandler): void
  queue(...replies: GeminiReply[]): void
  close(): Promise<void>
}

export interface GeminiServerOptions {
  apiKey?: string
  models?: string[]
  // pause between SSE chunks; 0 still yields to the event loop so chunks leave as separate writes
  streamChunkDelayMs?: number
}

interface GoogleErrorBody {
  error: {
    code: number
    message: string
    status: string
    details?: Array<Record<string, unknown>>
  }
}

interface WireUsageMetadata {
  promptTokenCount: number
  candidatesTokenCount: number
  totalTokenCount: number
  promptTokensDetails: Array<{ modality: 'TEXT', tokenCount: number }>
}

interface WireCandidate {
  content?: { parts?: Array<{ text: string }>, role: 'model' }
  finishReason?: string
  index: number
  safetyRatings?: Array<{ category: string, probability: string, blocked?: boolean }>
}

interface WireGenerateContentResponse {
  candidates: WireCandidate[]
  usageMetadata?: WireUsageMetadata
  modelVersion: string
  responseId: string
}

const JSON_TYPE = 'application/json; charset=UTF-8'
const ROUTE = /^\/([^/]+)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/
// models.get: a model's description, the call that checks a key without spending tokens.
const MODEL_ROUTE = /^\/([^/]+)\/models\/([^/:]+)$/
const DEFAULT_REPLY: GeminiReply = { json: { summary: 'No issues found.', comments: [] } }

const MESSAGES = {
  400: 'Request contains an invalid argument.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
} as const

const STATUSES = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
} as const

type ErrorCode = keyof typeof STATUSES

function googleError(code: ErrorCode, message?: string, details?: Array<Record<string, unknown>>): GoogleErrorBody {
  const error: GoogleErrorBody['error'] = { code, message: message ?? MESSAGES[code], status: STATUSES[code] }
  if (details?.length) error.details = details
  return { error }
}

function apiKeyInvalid(): GoogleErrorBody {
  return googleError(400, 'API key not valid. Please pass a valid API key.', [{
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    'reason': 'API_KEY_INVALID',
    'domain': 'googleapis.com',
    'metadata': { service: 'generativelanguage.googleapis.com' },
  }])
}

function quotaExceeded(retryDelay: string | undefined): GoogleErrorBody {
  const details: Array<Record<string, unknown>> = [{
    '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
    'violations': [{
      quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
    }],
  }]
  if (retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': retryDelay })
  return googleError(429, undefined, details)
}

function textOf(content: Content | undefined): string[] {
  return (content?.parts ?? []).flatMap(part => typeof part.text === 'string' ? [part.text] : [])
}

function tokens(text: string): number {
  return Math.ceil(text.length / 4)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Splits by code point so surrogate pairs never straddle two SSE chunks.
function splitText(text: string): string[] {
  const chars = Array.from(text)
  if (chars.length === 0) return ['']
  const count = Math.min(chars.length, Math.max(3, Math.ceil(chars.length / 80)))
  const size = Math.ceil(chars.length / count)
  const pieces: string[] = []
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''))
  return pieces
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'vary': 'Origin, X-Origin, Referer',
    'server': 'scaffolding on HTTPServer2',
    'x-content-type-options': 'nosniff',
  })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer)
  }
  catch {
    return undefined
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startGeminiServer(options: GeminiServerOptions = {}): Promise<GeminiFake> {
  const apiKey = options.apiKey ?? 'test-gemini-key'
  const streamChunkDelayMs = options.streamChunkDelayMs ?? 0
  const requests: GeminiRequest[] = []
  const pending: GeminiReply[] = []
  const shutdown = new AbortController()
  let handler: GeminiHandler = () => DEFAULT_REPLY

  const acceptsModel = (model: string): boolean =>
    options.models ? options.models.includes(model) : model.startsWith('gemini-')

  // Resolves false instead of throwing when the fake is closed mid-wait.
  const wait = async (ms: number): Promise<boolean> => {
    if (shutdown.signal.aborted) return false
    try {
      if (ms > 0) await sleep(ms, undefined, { signal: shutdown.signal })
      else await new Promise<void>(resolve => setImmediate(resolve))
      return true
    }
    catch {
      return false
    }
  }

  const usageFor = (request: GeminiRequest, answer: string, usage: GeminiUsage | undefined): WireUsageMetadata => {
    const promptTokenCount = usage?.promptTokenCount ?? tokens(request.system + request.prompt)
    const candidatesTokenCount = usage?.candidatesTokenCount ?? tokens(answer)
    return {
      promptTokenCount,
      candidatesTokenCount,
      totalTokenCount: promptTokenCount + candidatesTokenCount,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
    }
  }

  const answerGeneration = async (request: GeminiRequest, res: ServerResponse, reply: GeminiReply): Promise<void> => {
    if (reply.delayMs && !(await wait(reply.delayMs))) return
    if ('hang' in reply) return // left open until the client aborts or close() destroys the socket
    if ('status' in reply) {
      if (reply.status === 429) sendJson(res, 429, quotaExceeded(reply.retryDelay))
      else sendJson(res, reply.status, googleError(reply.status, reply.message))
      return
    }

    let text: string | undefined
    let finishReason = 'STOP'
    if ('finishReason' in reply) {
      text = reply.text
      finishReason = reply.finishReason
    }
    else if ('json' in reply) text = JSON.stringify(reply.json)
    else text = reply.text
    const usage = usageFor(request, text ?? '', reply.usage)
    const responseId = randomBytes(16).toString('base64url').slice(0, 22)
    const candidate = (piece: string | undefined, last: boolean): WireCandidate => {
      const result: WireCandidate = { index: 0 }
      if (piece !== undefined) result.content = { parts: [{ text: piece }], role: 'model' }
      else if (last && finishReason === 'MAX_TOKENS') result.content = { role: 'model' }
      if (last) result.finishReason = finishReason
      if (last && finishReason === 'SAFETY') {
        result.safetyRatings = [
          { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
          { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
          { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
          { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
        ]
      }
      return result
    }

    if (request.method === 'generateContent') {
      const body: WireGenerateContentResponse = {
        candidates: [candidate(text, true)],
        usageMetadata: usage,
        modelVersion: request.model,
        responseId,
      }
      sendJson(res, 200, body)
      return
    }

    const pieces: Array<string | undefined> = text === undefined ? [undefined] : splitText(text)
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'vary': 'Origin, X-Origin, Referer',
      'server': 'scaffolding on HTTPServer2',
      'x-content-type-options': 'nosniff',
    })
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1
      const chunk: WireGenerateContentResponse = {
        candidates: [candidate(pieces[i], last)],
        modelVersion: request.model,
        responseId,
      }
      if (last) chunk.usageMetadata = usage
      if (res.destroyed) return
      res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`)
      if (!last && !(await wait(streamChunkDelayMs))) return
    }
    if (!res.destroyed) res.end()
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = ROUTE.exec(url.pathname)
    const rawBody = await readBody(req)
    if (rawBody === undefined) return
    const modelRoute = MODEL_ROUTE.exec(url.pathname)
    if (modelRoute && req.method === 'GET') return describeModel(req, res, url, modelRoute[1] ?? '', modelRoute[2] ?? '')
    if (!route || req.method !== 'POST') {
      sendJson(res, 404, googleError(404, `Method not found: ${req.method} ${url.pathname}`))
      return
    }
    const [, apiVersion = '', model = '', methodName = ''] = route
    const method = methodName as GeminiMethod

    let body: GenerateContentBody = {}
    let validJson = true
    if (rawBody.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(rawBody)
        if (isRecord(parsed)) body = parsed as GenerateContentBody
        else validJson = false
      }
      catch {
        validJson = false
      }
    }
    const source = method === 'countTokens' && body.generateContentRequest ? body.generateContentRequest : body
    const request: GeminiRequest = {
      model,
      method,
      apiKey: req.headers['x-goog-api-key']?.toString() ?? url.searchParams.get('key') ?? undefined,
      body,
      system: textOf(source.systemInstruction).join('\n'),
      prompt: (source.contents ?? []).flatMap(content => textOf(content)).join('\n'),
      apiVersion,
      headers: req.headers,
      rawBody,
    }
    requests.push(request)

    if (request.apiKey !== apiKey) return sendJson(res, 400, apiKeyInvalid())
    if (!validJson) return sendJson(res, 400, googleError(400, 'Invalid JSON payload received.'))
    if (!acceptsModel(model)) {
      return sendJson(res, 404, googleError(404, `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`))
    }
    if (method === 'countTokens') {
      // token counting never consumes queued replies, so apps may count before generating
      return sendJson(res, 200, {
        totalTokens: tokens(request.system + request.prompt),
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens(request.system + request.prompt) }],
      })
    }
    if (!source.contents?.length) {
      return sendJson(res, 400, googleError(400, '* GenerateContentRequest.contents: contents is not specified\n'))
    }

    let reply: GeminiReply
    try {
      reply = pending.shift() ?? await handler(request)
    }
    catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      return sendJson(res, 500, googleError(500, `${MESSAGES[500]} (fake Gemini handler threw: ${detail})`))
    }
    await answerGeneration(request, res, reply)
  }

  const describeModel = (req: IncomingMessage, res: ServerResponse, url: URL, apiVersion: string, model: string): void => {
    const key = req.headers['x-goog-api-key']?.toString() ?? url.searchParams.get('key') ?? undefined
    requests.push({ model, method: 'get', apiKey: key, body: {}, system: '', prompt: '', apiVersion, headers: req.headers, rawBody: '' })
    if (key !== apiKey) return sendJson(res, 400, apiKeyInvalid())
    if (!acceptsModel(model)) return sendJson(res, 404, googleError(404, `models/${model} is not found for API version ${apiVersion}.`))
    sendJson(res, 200, {
      name: `models/${model}`,
      version: '001',
      displayName: model,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error)
      if (!res.headersSent) sendJson(res, 500, googleError(500, `${MESSAGES[500]} (fake Gemini failed: ${detail})`))
      else res.destroy()
    })
  })
  // a deeper accept backlog than the default 511 so large bursts of concurrent clients are never refused
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    setHandler(next) {
      handler = next
    },
    queue(...replies) {
      pending.push(...replies)
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        shutdown.abort()
        server.close(error => error ? reject(error) : resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
