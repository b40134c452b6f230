import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makePatch, secondaryRateLimit } from '../fakes/github/server'
import { startApp } from '../support/app'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, WEBHOOK_SECRET } from '../support/stack'

interface LogLine {
  time: string
  level: string
  tag?: string
  message: string
}

// A GitHub token in what Gemini answers: every line that repeats it must show it redacted.
const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}f6G7h8`

/** Every line of a process's output, parsed as JSON: throws, naming the line, on the first that is not. */
function parseLines(output: string): LogLine[] {
  return output.split('\n').filter(line => line !== '').map((line) => {
    try {
      const parsed = JSON.parse(line) as LogLine
      if (typeof parsed.time !== 'string' || typeof parsed.level !== 'string' || typeof parsed.message !== 'string') throw new Error('not a log line')
      return parsed
    }
    catch {
      throw new Error(`Not a JSON log line: ${line}`)
    }
  })
}

describe('production logs', () => {
  it('are JSON lines, redacted, through a start, a review, a rate-limit retry, a redelivery run and a forced shutdown', async () => {
    // Redelivery runs every half second; a shutdown waits one second for active jobs before it is forced; a Gemini
    // error fails the attempt at once, so that the job logs it.
    const stack = await startStack({ NUXT_WORKER_REDELIVERY_MS: '500', NITRO_SHUTDOWN_TIMEOUT: '1000', NUXT_GEMINI_RETRIES: '0' })
    try {
      const openPullRequest = (number: number) => {
        const headSha = number.toString(16).padStart(40, 'f')
        stack.github.addPullRequest({ owner: 'octo-org', repo: 'logs', number, headSha, files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['run()'] }) }] })
        return pullRequestPayload({ owner: 'octo-org', repo: 'logs', number, headSha })
      }

      // A review that waits out a GitHub rate limit in place, after Gemini failed once with a secret in its message.
      stack.github.inject(secondaryRateLimit(/\/pulls\/\d+\/files/, 1))
      stack.gemini.queue({ status: 503, message: `The model is overloaded (key ${TOKEN})` })
      stack.gemini.setHandler(firstAddedLineReviewer())
      const { queued } = await (await deliver(stack.app, 'pull_request', openPullRequest(1))).json() as { queued: string }
      expect((await waitForJob(stack.queue, queued)).returnvalue?.status).toBe('posted')

      // A redelivery run: GitHub could not hand a delivery over, the maintenance job asks for it again.
      stack.github.setWebhook('http://127.0.0.1:9/api/webhook', WEBHOOK_SECRET)
      expect((await stack.github.sendWebhook('pull_request', openPullRequest(2))).status).toBe(0)
      stack.github.setWebhook(`${stack.app.url}/api/webhook`, WEBHOOK_SECRET)
      await expect.poll(() => stack.github.reviews('octo-org', 'logs', 2).length, { timeout: 20_000 }).toBe(1)

      // A forced shutdown: the model never answers the last review, so the worker cannot finish it in time.
      stack.gemini.setHandler(() => ({ hang: true }))
      const asked = stack.gemini.requests.length
      const last = await (await deliver(stack.app, 'pull_request', openPullRequest(3))).json() as { queued: string }
      await expect.poll(() => stack.queue.getJobState(last.queued)).toBe('active')
      await expect.poll(() => stack.gemini.requests.length).toBeGreaterThan(asked)
      await stack.app.stop('SIGTERM')

      const output = stack.app.output()
      const lines = parseLines(output)
      const messages = lines.map(line => line.message)
      expect(messages).toContainEqual(expect.stringMatching(/^Listening on http:\/\/127\.0\.0\.1:\d+$/))
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', tag: 'github', message: expect.stringMatching(/^secondary rate limit hit on GET .*\/files.*retrying in 1s$/) }))
      expect(lines).toContainEqual(expect.objectContaining({ tag: 'redelivery', message: expect.stringMatching(/^asked GitHub to redeliver 1 missed delivery: /) }))
      expect(lines).toContainEqual(expect.objectContaining({ tag: queued, message: expect.stringContaining('[redacted]') }))
      expect(messages).toContain('Graceful shutdown timeout, force exiting...')
      expect(output).not.toContain(TOKEN)
    }
    finally {
      await stack.stop()
    }
  })

  it('is a JSON line for a fatal start-up error too', async () => {
    // Credentials stored by the setup page under another NUXT_SECRET_KEY.
    const storage = mkdtempSync(join(tmpdir(), 'revue-storage-'))
    writeFileSync(join(storage, 'github-app.json'), JSON.stringify({ version: 1, data: Buffer.from('sealed with another key').toString('base64') }))
    const failure = await startApp({
      NUXT_REDIS_URL: 'redis://127.0.0.1:1',
      NUXT_STORAGE_DIR: storage,
      NUXT_SECRET_KEY: 'a-different-key-of-at-least-32-characters',
      NUXT_GEMINI_API_KEY: 'k',
    }).then(() => undefined, (error: Error) => error)
    expect(failure?.message).toMatch(/^The app exited with code 1:\n/)
    const lines = parseLines(failure!.message.replace(/^The app exited with code 1:\n/, ''))
    expect(lines).toContainEqual(expect.objectContaining({ level: 'fatal', message: expect.stringContaining('NUXT_SECRET_KEY is not the key it was stored with') }))
  })
})
