import type { IncomingHttpHeaders } from 'node:http'
import type OpenAI from 'openai'

// The scripting API mirrors the Gemini fake's (tests/fakes/gemini/): the same reply shapes, usage names and
// `setHandler` / `queue` / `requests`, so one integration test can run against every provider.

export type ChatBody = Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming>

/** `chat` for chat completions, `get` for models.retrieve (the call that checks a key without spending tokens). */
export type OpenAIMethod = 'chat' | 'get'

export interface OpenAIRequest {
  model: string
  method: OpenAIMethod
  /** The bearer token, if any. */
  apiKey: string | undefined
  body: ChatBody
  system: string
  prompt: string
  path: string
  headers: IncomingHttpHeaders
  rawBody: string
}

export interface OpenAIUsage {
  promptTokenCount?: number
  candidatesTokenCount?: number
}

export type OpenAIReply = (
  | { json: unknown, usage?: OpenAIUsage }
  | { text: string, usage?: OpenAIUsage }
  | { refusal: string, usage?: OpenAIUsage }
  | { finishReason: 'length' | 'content_filter', text?: string, usage?: OpenAIUsage }
  // retryDelay as in the Gemini fake ('0.1s'); sent as `retry-after` in seconds, fractions kept so tests stay fast
  | { status: 429, retryDelay?: string, message?: string }
  | { status: 400 | 401 | 403 | 404 | 500 | 503, message?: string }
  | { hang: true }
) & {
  delayMs?: number
}

export type OpenAIHandler = (request: OpenAIRequest) => OpenAIReply | Promise<OpenAIReply>

export interface OpenAIFake {
  /** The base URL for the SDK, prefix included (`http://127.0.0.1:port/v1`). */
  url: string
  apiKey: string
  requests: OpenAIRequest[]
  setHandler: (handler: OpenAIHandler) => void
  queue: (...replies: OpenAIReply[]) => void
  close: () => Promise<void>
}

export interface OpenAIServerOptions {
  /** `ollama` needs no key and answers with Ollama's error bodies. */
  flavour?: 'openai' | 'ollama'
  apiKey?: string
  /** The models it knows; by default the well-known OpenAI models and their dated snapshots (openai), `qwen2.5-coder:14b` and `llama3.2` (ollama). */
  models?: string[]
  /** false: a server that refuses `response_format` json_schema with a 400 (older vLLM, llama.cpp, some gateways). */
  jsonSchema?: boolean
  /** The path before `/chat/completions` and `/models`; `/v1` by default. */
  prefix?: string
}
