import { setTimeout as sleep } from 'node:timers/promises'
import type { H3Event } from 'h3'

// What the Gemini, OpenAI and Anthropic fakes share: recorded requests, queued replies before a handler, latency and
// hangs that end when the fake closes.

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

/** Waits `ms`; false when the fake closed meanwhile, so the caller answers nothing. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false
  try {
    // 0 still yields to the event loop, so streamed chunks leave as separate writes
    if (ms > 0) await sleep(ms, undefined, { signal })
    else await new Promise<void>(resolve => setImmediate(resolve))
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
