import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { toNodeListener } from 'h3'
import type { App, H3Event } from 'h3'

// What the model fakes share with the Gemini fake: recorded requests, queued replies before a handler, latency and
// hangs that end when the fake closes, and a server on a random port.

export interface Script<Request, Reply> {
  requests: Request[]
  setHandler: (handler: (request: Request) => Reply | Promise<Reply>) => void
  queue: (...replies: Reply[]) => void
  /** The next queued reply, else the handler's. */
  reply: (request: Request) => Promise<Reply>
}

export function createScript<Request, Reply>(fallback: (request: Request) => Reply): Script<Request, Reply> {
  const requests: Request[] = []
  const pending: Reply[] = []
  let handler: (request: Request) => Reply | Promise<Reply> = fallback
  return {
    requests,
    setHandler(next) {
      handler = next
    },
    queue(...replies) {
      pending.push(...replies)
    },
    async reply(request) {
      return pending.shift() ?? await handler(request)
    },
  }
}

export interface Listening {
  origin: string
  close: () => Promise<void>
}

/** Serves `app` on a random port; `shutdown` is aborted first on close, so waits and hangs end. */
export async function listen(app: App, shutdown: AbortController): Promise<Listening> {
  const server = createServer(toNodeListener(app))
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
    origin: `http://127.0.0.1:${port}`,
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

/** Waits `ms`; false when the fake closed meanwhile, so the caller answers nothing. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false
  try {
    await sleep(ms, undefined, { signal })
    return true
  }
  catch {
    return false
  }
}

/** Never answers: resolves when the client goes away or the fake closes. */
export function hold(event: H3Event, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    event.node.req.socket.once('close', () => resolve())
    signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}
