import type { IncomingHttpHeaders } from 'node:http'
import type { Content, GenerationConfig, SafetySetting, Tool, ToolConfig } from '@google/genai'
import { createScript, pause } from '../scripted'
import type { Script } from '../scripted'

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

/** What the fake has been asked and will answer (queued replies first, then the handler), and what it accepts. */
export interface GeminiScript extends Script<GeminiRequest, GeminiReply> {
  apiKey: string
  streamChunkDelayMs: number
  acceptsModel(model: string): boolean
  /** Resolves false instead of throwing when the fake is closed mid-wait. */
  wait(ms: number): Promise<boolean>
  stop(): void
}

const DEFAULT_REPLY: GeminiReply = { json: { summary: 'No issues found.', comments: [] } }

export function createGeminiScript(options: { apiKey: string, models?: string[], streamChunkDelayMs: number }): GeminiScript {
  const shutdown = new AbortController()
  return {
    ...createScript<GeminiRequest, GeminiReply>(() => DEFAULT_REPLY),
    apiKey: options.apiKey,
    streamChunkDelayMs: options.streamChunkDelayMs,
    acceptsModel: model => options.models ? options.models.includes(model) : model.startsWith('gemini-'),
    wait: ms => pause(ms, shutdown.signal),
    stop: () => shutdown.abort(),
  }
}
