import { createApp, createRouter, defineEventHandler } from 'h3'
import { listen } from '../listen'
import { googleError, MESSAGES, methodNotFound } from './errors'
import { generateContent } from './generate-content'
import { modelsGet } from './models-get'
import { createGeminiScript } from './script'
import type { GeminiHandler, GeminiReply, GeminiRequest } from './script'
import { answerJson } from './wire'

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

/** A local Gemini Developer API (generateContent, streamGenerateContent, countTokens, models.get) on a free port. */
export async function startGeminiServer(options: GeminiServerOptions = {}): Promise<GeminiFake> {
  const script = createGeminiScript({ apiKey: options.apiKey ?? 'test-gemini-key', models: options.models, streamChunkDelayMs: options.streamChunkDelayMs ?? 0 })
  const router = createRouter()
    .get('/:version/models/:model', modelsGet(script))
    .post('/:version/models/:model', generateContent(script))
  const app = createApp({
    onError: (error, event) => {
      if (event.node.res.headersSent) return event.node.res.destroy()
      event.node.res.end(answerJson(event, 500, googleError(500, `${MESSAGES[500]} (fake Gemini failed: ${error.message})`)))
    },
  })
  app.use(router)
  app.use(defineEventHandler(methodNotFound))

  const listening = await listen(app, script.stop)
  return {
    url: listening.origin,
    apiKey: script.apiKey,
    requests: script.requests,
    setHandler: script.setHandler,
    queue: script.queue,
    close: listening.close,
  }
}
