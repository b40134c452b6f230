import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './redis'

const SERVER = join(import.meta.dirname, '..', '..', '.output', 'server', 'index.mjs')

export interface RunningApp {
  url: string
  process: ChildProcess
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts the production build (`node .output/server/index.mjs`) with the given environment and waits until it answers. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, [SERVER], {
    // A storage dir of its own: never the credentials a developer's setup left in .data/.
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NUXT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'revue-storage-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const app: RunningApp = {
    url,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode}:\n${output}`)
    if (await fetch(`${url}/api/health`).then(response => response.ok, () => false)) return app
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  await app.stop('SIGKILL')
  throw new Error(`The app did not answer on ${url}:\n${output}`)
}
