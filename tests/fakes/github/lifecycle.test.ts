import { describe, expect, it, vi } from 'vitest'
import { startGitHubServer } from './server'

describe('lifecycle', () => {
  it('closes even with keep-alive sockets open and a request in flight', async () => {
    const other = await startGitHubServer({ appSlug: 'other-app' })
    const idle = await fetch(`${other.url}/rate_limit`)
    await idle.text()
    let release = () => {}
    other.onRequest(({ path }) => {
      if (path === '/stall') return new Promise<void>((resolve) => {
        release = resolve
      })
    })
    const stalled = fetch(`${other.url}/stall`)
    await vi.waitFor(() => expect(other.requests.map(r => r.path)).toContain('/stall'))
    const closed = await Promise.race([other.close().then(() => true), new Promise(resolve => setTimeout(resolve, 1000, false))])
    release()
    expect(closed).toBe(true)
    await expect(stalled).rejects.toThrow()
    await expect(fetch(`${other.url}/rate_limit`)).rejects.toThrow()
  })
})
