import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { limitedFetch } from '../../../server/models/limited-fetch'

// Answers after the number of milliseconds in the path.
let server: Server
let url: string
beforeAll(async () => {
  server = createServer((req, res) => {
    setTimeout(() => res.end('done'), Number(req.url!.slice(1)))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('limitedFetch', () => {
  it('counts a request\'s timeout from when it leaves the queue, not while it waits its turn', async () => {
    const limited = limitedFetch(1, 400)
    // The second request waits 300 ms behind the first, then takes 300 ms: 600 ms in all, 300 ms on the wire.
    const answers = await Promise.all([limited(`${url}/300`), limited(`${url}/300`)].map(request => request.then(response => response.text())))
    expect(answers).toEqual(['done', 'done'])
  })

  it('still gives up on a request that takes longer than the timeout on the wire', async () => {
    await expect(limitedFetch(1, 200)(`${url}/1000`)).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  it('stops a request when the caller aborts it', async () => {
    const controller = new AbortController()
    const request = limitedFetch(1, 5_000)(`${url}/1000`, { signal: controller.signal })
    controller.abort()
    await expect(request).rejects.toMatchObject({ name: 'AbortError' })
  })
})
