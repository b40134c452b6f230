import type { Redis } from 'ioredis'

type Listener = (message: string) => void

const _channels = new Map<string, { listeners: Set<Listener>, subscribed: Promise<unknown> }>()
let _subscriber: Redis | undefined

function _connection(): Redis {
  if (!_subscriber) {
    // ioredis subscribes again by itself after a reconnect.
    _subscriber = createRedis({ maxRetriesPerRequest: null })
    _subscriber.on('message', (channel: string, message: string) => {
      for (const listener of _channels.get(channel)?.listeners ?? []) listener(message)
    })
  }
  return _subscriber
}

/**
 * Listens to a pub/sub channel over this process's one subscriber connection, however many browsers watch:
 * Redis is subscribed on the first listener and unsubscribed when the last one leaves. Resolves once subscribed;
 * the returned function removes the listener.
 */
export async function subscribeLive(channel: string, listener: Listener): Promise<() => void> {
  let entry = _channels.get(channel)
  if (!entry) {
    entry = { listeners: new Set(), subscribed: _connection().subscribe(channel) }
    _channels.set(channel, entry)
  }
  entry.listeners.add(listener)
  const subscribed = entry
  await subscribed.subscribed
  return () => {
    subscribed.listeners.delete(listener)
    if (subscribed.listeners.size || _channels.get(channel) !== subscribed) return
    _channels.delete(channel)
    _connection().unsubscribe(channel).catch(() => {})
  }
}

/** How many channels and listeners this process holds (for tests and metrics). */
export function liveStats(): { channels: number, listeners: number } {
  let listeners = 0
  for (const entry of _channels.values()) listeners += entry.listeners.size
  return { channels: _channels.size, listeners }
}
