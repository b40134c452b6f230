import type { IncomingHttpHeaders } from 'node:http'
import type Anthropic from '@anthropic-ai/sdk'

// The scripting API mirrors the Gemini fake's (tests/fakes/gemini/): the same reply shapes, usage names and
// `setHandler` / `queue` / `requests`, so one integration test can run against every provider.

/** The request body, loosely: the fake also records fields the API refuses (temperature). */
export type MessagesBody = Partial<Anthropic.Messages.MessageCreateParamsNonStreaming> & Record<string, unknown>

/** `messages` for messages.create, `get` for models.retrieve (the call that checks a key without spending tokens). */
export type AnthropicMethod = 'messages' | 'get'

export interface AnthropicRequest {
  model: string
  method: AnthropicMethod
  /** From `x-api-key`, else the bearer token (the SDK sends `Authorization: Bearer` since API version 2026-10-21). */
  apiKey: string | undefined
  body: MessagesBody
  system: string
  prompt: string
  path: string
  headers: IncomingHttpHeaders
  rawBody: string
}

export interface AnthropicUsage {
  promptTokenCount?: number
  candidatesTokenCount?: number
}

export type AnthropicReply = (
  // the input of the forced tool's tool_use block, or a text block when no tool is forced
  | { json: unknown, usage?: AnthropicUsage }
  | { text: string, usage?: AnthropicUsage }
  | { finishReason: 'max_tokens' | 'refusal', text?: string, usage?: AnthropicUsage }
  // retryDelay as in the Gemini fake ('0.1s'); sent as `retry-after` in seconds, fractions kept so tests stay fast
  | { status: 429, retryDelay?: string, message?: string }
  | { status: 400 | 401 | 403 | 404 | 500 | 529, message?: string }
  | { hang: true }
) & {
  delayMs?: number
}

export type AnthropicHandler = (request: AnthropicRequest) => AnthropicReply | Promise<AnthropicReply>

export interface AnthropicFake {
  /** The base URL for the SDK (`http://127.0.0.1:port`; the SDK adds `/v1`). */
  url: string
  apiKey: string
  requests: AnthropicRequest[]
  setHandler: (handler: AnthropicHandler) => void
  queue: (...replies: AnthropicReply[]) => void
  close: () => Promise<void>
}

export interface AnthropicServerOptions {
  apiKey?: string
  /** The models it knows; by default the current Claude 4 family and Claude Haiku 3.5, with their dated ids. */
  models?: string[]
}
