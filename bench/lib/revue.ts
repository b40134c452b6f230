// Revue's production build wired to a private Redis prefix and the local GitHub and Gemini (no added latency).
import { spawn } from 'node:child_process'
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeminiFake } from '../../tests/fakes/gemini/server'
import type { GitHubFake } from '../../tests/fakes/github/server'
import { startApp } from '../../tests/support/app'
import { freePort } from '../../tests/support/redis'
import { SECRET, sleep } from './support'

export interface Revue {
  url: string
  pid: number
  /** Everything the process printed so far. */
  output: () => string
  stop(): Promise<unknown>
}

/** How a benchmark starts Revue: plainly, or under the CPU profiler (bench/profile.ts). */
export type StartRevue = (env: Record<string, string>) => Promise<Revue>

/** The production build, as the tests start it. */
export const startRevue: StartRevue = async (env) => {
  const app = await startApp(env)
  return { url: app.url, pid: app.process.pid!, output: app.output, stop: () => app.stop() }
}

/** The production build under `node --cpu-prof` (which NODE_OPTIONS does not take): the profile lands in `dir` on exit. */
export function startProfiledRevue(dir: string): StartRevue {
  return async (env) => {
    const port = await freePort()
    let output = ''
    const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(import.meta.dirname, '..', '..', '.output', 'server', 'index.mjs')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NUXT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'revue-storage-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise(resolve => child.once('exit', resolve))
    const url = `http://127.0.0.1:${port}`
    while (!await fetch(`${url}/api/health`).then(response => response.ok, () => false)) {
      if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode}:\n${output}`)
      await sleep(50)
    }
    // Nitro exits on SIGTERM, which writes the profile.
    return {
      url, pid: child.pid!, output: () => output,
      stop: async () => {
        child.kill('SIGTERM')
        await exited
      },
    }
  }
}

export const SESSION_PASSWORD = 'bench-session-password-of-at-least-32-characters'

/** The NUXT_* settings of a Revue process on `prefix`, talking to the fakes; `env` adds or overrides. */
export function revueEnv(redisUrl: string, prefix: string, github: GitHubFake, gemini: GeminiFake, env: Record<string, string> = {}): Record<string, string> {
  return {
    NUXT_REDIS_URL: redisUrl,
    NUXT_REDIS_PREFIX: prefix,
    NUXT_GITHUB_APP_ID: String(github.appId),
    NUXT_GITHUB_PRIVATE_KEY: github.privateKey.replace(/\n/g, '\\n'),
    NUXT_GITHUB_WEBHOOK_SECRET: SECRET,
    NUXT_GITHUB_API_URL: github.url,
    NUXT_GITHUB_URL: github.url,
    NUXT_GITHUB_APP_SLUG: github.appSlug,
    NUXT_GITHUB_WRITE_INTERVAL_MS: '0',
    NUXT_GEMINI_API_KEY: gemini.apiKey,
    NUXT_GEMINI_BASE_URL: gemini.url,
    NUXT_OAUTH_GITHUB_CLIENT_ID: github.oauth.clientId,
    NUXT_OAUTH_GITHUB_CLIENT_SECRET: github.oauth.clientSecret,
    NUXT_SESSION_PASSWORD: SESSION_PASSWORD,
    ...env,
  }
}

/** POSTs one signed delivery to the app; throws unless it is accepted. */
export async function deliver(app: { url: string }, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload)
  const response = await fetch(`${app.url}/api/webhook`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
  })
  if (response.status !== 202) throw new Error(`Delivery refused: ${response.status} ${await response.text()}`)
}
