import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { deliver, WEBHOOK_SECRET } from '../support/stack'

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  }
  catch {
    return false
  }
}

describe('start-up', () => {
  it('stops at once, naming every missing setting', async () => {
    // Half a GitHub App: what is missing is named. (Nothing at all is no mistake: the setup page asks for it.)
    await expect(startApp({ NUXT_REDIS_URL: 'redis://127.0.0.1:1', NUXT_GITHUB_APP_ID: '1' }))
      .rejects.toThrow('Missing NUXT_GITHUB_WEBHOOK_SECRET, NUXT_GITHUB_PRIVATE_KEY: set them')
    await expect(startApp({ NUXT_REDIS_URL: 'redis://127.0.0.1:1', NUXT_SECRET_KEY: 'short' }))
      .rejects.toThrow(/NUXT_SECRET_KEY must be at least 32 characters/)
  })

  it('refuses a private key that is not PEM, saying how to paste it', async () => {
    await expect(startApp({
      NUXT_REDIS_URL: 'redis://127.0.0.1:1',
      NUXT_GITHUB_WEBHOOK_SECRET: 's',
      NUXT_GITHUB_APP_ID: '1',
      NUXT_GITHUB_PRIVATE_KEY: 'ssh-rsa AAAA',
      NUXT_GEMINI_API_KEY: 'k',
    })).rejects.toThrow(/NUXT_GITHUB_PRIVATE_KEY is not a PEM private key/)
  })

  it('says how to install redis-server when NUXT_REDIS_URL is unset and none is on PATH', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'revue-data-'))
    await expect(startApp({ PATH: '/nonexistent', NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: 's', NUXT_REDIS_DATA_DIR: dataDir }))
      .rejects.toThrow(/redis-server is not on PATH: install it \(Debian\/Ubuntu: apt-get install redis-server/)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs an embedded redis-server under the data directory when NUXT_REDIS_URL is unset, and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'revue-data-'))
    try {
      const app = await startApp({ NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, NUXT_REDIS_DATA_DIR: dataDir })
      await expect.poll(async () => (await deliver(app, 'pull_request', pullRequestPayload())).status, { timeout: 10_000 }).toBe(202)
      expect(existsSync(join(dataDir, 'redis.sock'))).toBe(true)
      const pid = Number(readFileSync(join(dataDir, 'redis.pid'), 'utf8'))
      expect(isAlive(pid)).toBe(true)
      const started = Date.now()
      expect(await app.stop('SIGTERM')).toBe(0)
      expect(Date.now() - started).toBeLessThan(10_000)
      await expect.poll(() => isAlive(pid)).toBe(false)
      // The append-only file keeps the queue across restarts.
      expect(existsSync(join(dataDir, 'appendonlydir'))).toBe(true)
    }
    finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
