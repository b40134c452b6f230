import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, defineEventHandler, toNodeListener } from 'h3'
import { googleError, MESSAGES, methodNotFound } from './errors'
import { generateContent } from './generate-content'
import { modelsGet } from './models-get'
import { createScript } from './script'
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
  const script = createScript({ apiKey: options.apiKey ?? 'test-gemini-key', models: options.models, streamChunkDelayMs: options.streamChunkDelayMs ?? 0 })
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

  const server = createServer(toNodeListener(app))
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
    apiKey: script.apiKey,
    requests: script.requests,
    setHandler: script.setHandler,
    queue: (...replies) => script.queue(replies),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        script.stop()
        server.close(error => error ? reject(error) : resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
