export interface ServerSentEvent {
  id?: string
  event?: string
  data: string
}

export interface EventStreamReader {
  status: number
  events: ServerSentEvent[]
  comments: string[]
  /** True once the server ended the stream (not when `close()` aborted it). */
  ended: boolean
  /** Waits until `predicate` holds for the events received so far. */
  until(predicate: (events: ServerSentEvent[]) => boolean, timeoutMs?: number): Promise<ServerSentEvent[]>
  close(): void
}

/** Opens an SSE stream with fetch, as EventSource would (with Last-Event-ID on a reconnect), and parses its events. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  const controller = new AbortController()
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const reader: EventStreamReader = {
    status: response.status,
    events: [],
    comments: [],
    ended: false,
    until: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs
      while (!predicate(reader.events)) {
        if (Date.now() > deadline) throw new Error(`Timed out; events so far: ${JSON.stringify(reader.events)}`)
        await new Promise(resolve => setTimeout(resolve, 20))
      }
      return reader.events
    },
    close: () => controller.abort(),
  }
  if (!response.ok || !response.body) return reader
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event: ServerSentEvent = { data: '' }
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) reader.comments.push(line.slice(1).trim())
            else if (line.startsWith('id: ')) event.id = line.slice(4)
            else if (line.startsWith('event: ')) event.event = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length) reader.events.push({ ...event, data: data.join('\n') })
        }
      }
      reader.ended = true
    }
    catch {
      // aborted by close()
    }
  })()
  return reader
}
