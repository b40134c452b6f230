import type { Cluster, Redis } from 'ioredis'

/** A message of a repository's channel: a log line (with its stream `id`) or a job event (with `state`). */
export interface LiveMessage {
  jobId?: string
  id?: string
  state?: string
}
type Listener<T = LiveMessage> = (message: T, raw: string) => void

const _channels = new Map<string, { listeners: Set<Listener<unknown>>, subscribed: Promise<unknown> }>()
let _subscriber: Redis | Cluster | undefined

function _connection(): Redis | Cluster {
  if (!_subscriber) {
    // ioredis subscribes again by itself after a reconnect.
    _subscriber = createRedis({ maxRetriesPerRequest: null })
    _subscriber.on('message', (channel: string, raw: string) => {
      const listeners = _channels.get(channel)?.listeners
      if (!listeners?.size) return
      // Parsed once here, however many browsers watch the channel.
      const message = _parse(raw)
      if (message && typeof message === 'object') for (const listener of listeners) listener(message, raw)
    })
  }
  return _subscriber
}

/**
 * Listens to a pub/sub channel (of JSON messages: a repository's lines by default, a session's news) over this
 * process's one subscriber connection, however many browsers watch: Redis is subscribed on the first listener and
 * unsubscribed when the last one leaves. Resolves once subscribed; the returned function removes the listener.
 */
export async function subscribeLive<T = LiveMessage>(channel: string, listener: Listener<T>): Promise<() => void> {
  let entry = _channels.get(channel)
  if (!entry) {
    entry = { listeners: new Set(), subscribed: _connection().subscribe(channel) }
    _channels.set(channel, entry)
  }
  const added = listener as Listener<unknown>
  entry.listeners.add(added)
  const subscribed = entry
  await subscribed.subscribed
  return () => {
    subscribed.listeners.delete(added)
    if (subscribed.listeners.size || _channels.get(channel) !== subscribed) return
    _channels.delete(channel)
    _connection().unsubscribe(channel).catch(() => {})
  }
}

function _parse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown
  }
  catch {
    return undefined
  }
}
