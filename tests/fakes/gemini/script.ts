import type { IncomingHttpHeaders } from 'node:http'
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

/** What the fake has been asked and will answer: queued replies first, then the handler. */
export interface GeminiScript {
  apiKey: string
  streamChunkDelayMs: number
  requests: GeminiRequest[]
  acceptsModel(model: string): boolean
  setHandler(handler: GeminiHandler): void
  queue(replies: GeminiReply[]): void
  nextReply(request: GeminiRequest): GeminiReply | Promise<GeminiReply>
  /** Resolves false instead of throwing when the fake is closed mid-wait. */
  wait(ms: number): Promise<boolean>
  stop(): void
}

const DEFAULT_REPLY: GeminiReply = { json: { summary: 'No issues found.', comments: [] } }

export function createScript(options: { apiKey: string, models?: string[], streamChunkDelayMs: number }): GeminiScript {
  const pending: GeminiReply[] = []
  const shutdown = new AbortController()
  let handler: GeminiHandler = () => DEFAULT_REPLY
  return {
    apiKey: options.apiKey,
    streamChunkDelayMs: options.streamChunkDelayMs,
    requests: [],
    acceptsModel: model => options.models ? options.models.includes(model) : model.startsWith('gemini-'),
    setHandler(next) {
      handler = next
    },
    queue(replies) {
      pending.push(...replies)
    },
    nextReply: request => pending.shift() ?? handler(request),
    async wait(ms) {
      if (shutdown.signal.aborted) return false
      try {
        if (ms > 0) await sleep(ms, undefined, { signal: shutdown.signal })
        else await new Promise<void>(resolve => setImmediate(resolve))
        return true
      }
      catch {
        return false
      }
    },
    stop: () => shutdown.abort(),
  }
}
