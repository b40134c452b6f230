import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { getAs, signIn } from '../support/session'
import { deliver, startStack, type Stack } from '../support/stack'

/** The directives of a Content-Security-Policy header, each with its sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name, sources)
  }
  return directives
}

describe('security headers', () => {
  let stack: Stack
  let browser: Browser
  beforeAll(async () => {
    stack = await startStack()
    stack.github.addUser({ login: 'alice', repos: { 'octo-org/hello': 'push' } })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('sends a nonce-based Content-Security-Policy that forbids framing with every page, and its nonce on every script', async () => {
    const response = await fetch(`${stack.app.url}/login`)
    expect(response.status).toBe(200)
    const csp = parseCsp(response.headers.get('content-security-policy'))
    expect(csp.get('frame-ancestors')).toEqual(['\'none\''])
    expect(csp.get('object-src')).toEqual(['\'none\''])
    expect(csp.get('base-uri')).toEqual(['\'none\''])
    const scriptSources = csp.get('script-src') ?? []
    expect(scriptSources).not.toContain('\'unsafe-inline\'')
    expect(scriptSources).not.toContain('https:')
    const nonce = scriptSources.find(source => source.startsWith('\'nonce-'))?.slice(7, -1)
    expect(nonce).toMatch(/^[\w+/=-]{16,}$/)
    // The setup page posts its form to the configured GitHub, and nowhere else.
    expect(csp.get('form-action')).toEqual(['\'self\'', new URL(stack.github.url).origin])
    const html = await response.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
    // A new nonce for every response.
    const again = parseCsp((await fetch(`${stack.app.url}/login`)).headers.get('content-security-policy'))
    expect(again.get('script-src')).not.toContain(`'nonce-${nonce}'`)

    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/)
  })

  it('sends the headers that apply to any resource with API answers too, the live stream included', async () => {
    const cookie = await signIn(stack.app, stack.github, 'alice')
    for (const path of ['/api/health', '/api/repos', '/api/jobs/stream?repo=octo-org/hello']) {
      const response = await getAs(stack.app, cookie, path, { accept: 'text/event-stream' })
      await response.body?.cancel()
      expect(response.status, path).toBe(200)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it('renders the dashboard in Chromium without a single Content-Security-Policy violation', async () => {
    const violations: string[] = []
    const context = await browser.newContext()
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    page.on('pageerror', error => violations.push(error.message))
    stack.github.authorizeAs('alice')
    await page.goto(`${stack.app.url}/`)
    await page.waitForURL(/\/login/)
    await page.getByTestId('signin-button').click()
    await page.waitForURL(`${stack.app.url}/`)
    await page.locator('[data-testid="repo-link"][href="/repos/octo-org/hello"]').click()
    await page.waitForURL(/\/repos\/octo-org\/hello$/)
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1)
    // Hydrated: client-side navigation worked, so every script ran.
    await page.goto(`${stack.app.url}/repos/octo-org/hello`)
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1)
    await context.close()
    expect(violations).toEqual([])
  })
})

describe('rate limits', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({
      NUXT_RATE_LIMIT_DASHBOARD: '5',
      NUXT_RATE_LIMIT_SIGN_IN: '3',
      NUXT_RATE_LIMIT_CLIENT_HEADER: 'x-forwarded-for',
    })
  })
  afterAll(async () => {
    await stack?.stop()
  })

  const statuses = async (path: string, count: number, headers: Record<string, string> = {}) => {
    const answers: number[] = []
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${stack.app.url}${path}`, { headers, redirect: 'manual' })
      await response.body?.cancel()
      answers.push(response.status)
    }
    return answers
  }

  it('answers the dashboard API 429 with Retry-After once a client has used its requests for the window', async () => {
    const client = { 'x-forwarded-for': '198.51.100.1' }
    expect(await statuses('/api/repos', 5, client)).toEqual([401, 401, 401, 401, 401])
    const limited = await fetch(`${stack.app.url}/api/repos`, { headers: client })
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect((await limited.json() as { message: string }).message).toMatch(/^Too many requests: try again in \d+ seconds$/)
    // The limit is per client: another address is served, and addresses a client adds in front do not count.
    expect(await statuses('/api/repos', 1, { 'x-forwarded-for': '198.51.100.2' })).toEqual([401])
    expect(await statuses('/api/repos', 1, { 'x-forwarded-for': '203.0.113.9, 198.51.100.1' })).toEqual([429])
  })

  it('limits sign-in and setup on their own, lower count', async () => {
    const client = { 'x-forwarded-for': '198.51.100.3' }
    // Sign-in redirects to GitHub; with an App configured, the setup page redirects home.
    expect(await statuses('/auth/github', 2, client)).toEqual([302, 302])
    expect(await statuses('/setup', 1, client)).toEqual([302])
    for (const path of ['/auth/github', '/setup', '/api/setup?url=http://revue.test']) {
      const limited = await fetch(`${stack.app.url}${path}`, { headers: client, redirect: 'manual' })
      expect(limited.status, path).toBe(429)
      expect(Number(limited.headers.get('retry-after')), path).toBeGreaterThanOrEqual(1)
    }
    // The dashboard's own count is untouched.
    expect(await statuses('/api/repos', 1, client)).toEqual([401])
  })

  it('never limits the signed webhook or the health probes', async () => {
    const client = { 'x-forwarded-for': '198.51.100.4' }
    const answers: number[] = []
    for (let i = 0; i < 12; i++) answers.push((await deliver(stack.app, 'ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, { headers: client })).status)
    expect(answers).toEqual(Array(12).fill(200))
    expect(await statuses('/api/health', 12, client)).toEqual(Array(12).fill(200))
    expect(await statuses('/api/ready', 12, client)).toEqual(Array(12).fill(200))
  })

  it('keeps the count in Redis, so a restarted (or another) process goes on counting', async () => {
    const client = { 'x-forwarded-for': '198.51.100.5' }
    expect(await statuses('/api/repos', 5, client)).toEqual(Array(5).fill(401))
    const app = await stack.restartApp()
    // Once the new process has its Redis connection (while Redis is unreachable, requests are not counted).
    await expect.poll(async () => (await (await fetch(`${app.url}/api/ready`)).json()).redis).toBe('ok')
    expect(await statuses('/api/repos', 1, client)).toEqual([429])
  })

  it('counts a client that comes without the proxy header by its connection address', async () => {
    expect(await statuses('/api/repos', 6)).toEqual([401, 401, 401, 401, 401, 429])
  })
})
