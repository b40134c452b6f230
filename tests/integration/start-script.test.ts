import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { freePort } from '../support/redis'

const ROOT = join(import.meta.dirname, '..', '..')
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts

/** Runs `npm start`'s command in `dir` (against this checkout's build): whether it answered, and what it printed. */
async function start(dir: string, port: number): Promise<{ answered: boolean, output: string }> {
  const command = scripts.start!.replace('.output/server/index.mjs', join(ROOT, '.output', 'server', 'index.mjs'))
  // exec: the signal below reaches node itself, not a shell that would leave it running.
  const child = spawn('sh', ['-c', `exec ${command}`], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NUXT_STORAGE_DIR: join(dir, '.data'), NUXT_REDIS_URL: inject('redisUrl'), NUXT_REDIS_PREFIX: 'test-start-script' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise(resolve => child.once('exit', resolve))
  try {
    for (let attempt = 0; attempt < 200 && child.exitCode === null; attempt++) {
      if (await fetch(`http://127.0.0.1:${port}/api/health`).then(response => response.ok, () => false)) return { answered: true, output }
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    return { answered: false, output }
  }
  finally {
    child.kill('SIGTERM')
    await exited
  }
}

describe('npm start', () => {
  it('builds first when the build is missing or stale, and does nothing when it is fresh', () => {
    expect(scripts.prestart).toBe('node scripts/build-if-stale.mjs')
    // The integration setup just ran it: the build is fresh.
    const output = execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT, encoding: 'utf8' })
    expect(output).toBe('')
  })

  it('starts without a .env file, and reads one when there is one', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'revue-start-'))
    const { answered, output } = await start(bare, await freePort())
    // The old `--env-file=.env` died here with "node: .env: not found".
    expect(output).not.toMatch(/node: \.env/)
    expect(answered).toBe(true)

    // A .env beside it is read.
    const withEnv = mkdtempSync(join(tmpdir(), 'revue-start-'))
    const port = await freePort()
    writeFileSync(join(withEnv, '.env'), `NUXT_SETUP_TOKEN=a-token-from-the-env-file\n`)
    const run = await start(withEnv, port)
    expect(run.answered).toBe(true)
    expect(run.output).toContain('/setup?token=<NUXT_SETUP_TOKEN>')
  })
})
