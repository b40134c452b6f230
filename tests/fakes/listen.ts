import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from 'h3'
import type { App } from 'h3'

export interface Listening {
  origin: string
  close: () => Promise<void>
}

/**
 * Serves `app` on a random port of 127.0.0.1. The accept backlog is deeper than the default 511 so large bursts of
 * concurrent clients are never refused. Close runs `onClose` first (so a fake's waits and hangs end), then drops
 * keep-alive and in-flight connections; calling it again gives the same promise.
 */
export async function listen(app: App, onClose: () => void = () => {}): Promise<Listening> {
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
        onClose()
        server.close(error => error ? reject(error) : resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
