import type { H3Event } from 'h3'

export interface EventStream {
  send(message: { id?: string, event?: string, data: string }): void
  /** Resolves when the client disconnects or the stream is closed. */
  closed: Promise<void>
  close(): void
}

// A client this far behind is cut off; it reconnects with Last-Event-ID and replays what it missed.
const MAX_BUFFERED_BYTES = 1 << 20
const _open = new Set<EventStream>()

/** Starts a Server-Sent Events response with heartbeat comments (NUXT_LIVE_HEARTBEAT_MS) that keep proxies from closing idle streams. */
export function openEventStream(event: H3Event): EventStream {
  const res = event.node.res
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'connection': 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write(': connected\n\n')
  let done: () => void = () => {}
  const stream: EventStream = {
    closed: new Promise<void>(resolve => (done = resolve)),
    send: ({ id, event: name, data }) => {
      if (res.writableEnded) return
      if (res.writableLength > MAX_BUFFERED_BYTES) return stream.close()
      res.write(`${id ? `id: ${id}\n` : ''}${name ? `event: ${name}\n` : ''}data: ${data.replace(/\n/g, '\ndata: ')}\n\n`)
    },
    close: () => {
      if (!res.writableEnded) res.end()
    },
  }
  const heartbeat = setInterval(() => res.write(': ping\n\n'), useSettings().live.heartbeatMs)
  const finish = () => {
    clearInterval(heartbeat)
    _open.delete(stream)
    done()
  }
  res.once('close', finish)
  _open.add(stream)
  // The client may have left while the handler awaited: its 'close' has been and gone.
  if (!res.socket || res.socket.destroyed) finish()
  return stream
}

/** Ends every open stream: on shutdown, so open connections do not hold the process up. */
export function closeEventStreams(): void {
  for (const stream of _open) stream.close()
}
