import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { H3Event } from 'h3'
import { consola } from 'consola'
import { needsSetup } from './app-credentials'
import { apiKeySetting, serverModel } from '../models/settings'

/** The cookie that carries the setup token from `/setup?token=…` to the setup API and to GitHub's redirect back. */
export const SETUP_TOKEN_COOKIE = 'revue-setup-token'

const FILE = 'setup-token.json'
const REFUSED = 'Setup needs its one-time token: open the /setup?token=… link the server printed in its log at first start '
  + '(its hash is kept in NUXT_STORAGE_DIR/setup-token.json: delete that file and restart for a new link), or set NUXT_SETUP_TOKEN'

function _file(): string {
  return storedFilePath(FILE)
}

function _hash(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}

/** The SHA-256 of the token in force: NUXT_SETUP_TOKEN, else the one kept in the data directory. */
function _expected(): Buffer | undefined {
  const { token } = useSettings().setup
  if (token) return _hash(String(token))
  if (!existsSync(_file())) return undefined
  const { sha256 } = JSON.parse(readFileSync(_file(), 'utf8')) as { sha256?: string }
  const hash = Buffer.from(sha256 ?? '', 'hex')
  return hash.length === 32 ? hash : undefined
}

/** True when `candidate` is the setup token; compared in constant time (as SHA-256 digests of equal length). */
export function isSetupToken(candidate: unknown): boolean {
  const expected = _expected()
  return typeof candidate === 'string' && candidate.length > 0 && expected !== undefined && timingSafeEqual(_hash(candidate), expected)
}

/** Throws 403, saying where the token is, unless `candidate` (by default the request's setup cookie) is the setup token. */
export function requireSetupToken(event: H3Event, candidate: unknown = getCookie(event, SETUP_TOKEN_COOKIE)): void {
  if (!isSetupToken(candidate)) throw createError({ statusCode: 403, statusMessage: 'Setup token required', message: REFUSED })
}

/** Forgets the setup token once the setup is complete (App and model key): the link in the log stops working. */
export function discardSetupToken(): void {
  rmSync(_file(), { force: true })
}

/**
 * At start-up while the setup is incomplete (no App, or no model key): makes the setup token (unless NUXT_SETUP_TOKEN sets one, or another start already made
 * it) and prints the link that opens the setup. Only the process that makes a token can print it: its hash is kept.
 */
export function announceSetup(): void {
  if (useSettings().setup.token) {
    consola.warn(`[setup] ${_missing()}: open /setup?token=<NUXT_SETUP_TOKEN> in a browser to finish the setup`)
    return
  }
  const token = _createToken()
  if (!token) {
    consola.warn(`[setup] ${_missing()}: open the /setup?token=… link printed when ${_file()} was made; delete that file and restart for a new one`)
    return
  }
  _printUnredacted(`[setup] ${_missing()}: open ${_setupUrl(token)} in a browser to finish the setup (use this server's public address if it is not this one)`)
}

function _missing(): string {
  return needsSetup() && !useSettings().gitlab.token ? 'no GitHub App is configured' : `no model API key is configured (${apiKeySetting(serverModel().provider)})`
}

function _createToken(): string | undefined {
  const token = randomBytes(32).toString('base64url')
  try {
    mkdirSync(useSettings().storage.dir, { recursive: true })
    // Exclusive: processes sharing the data directory keep the first token.
    writeFileSync(_file(), JSON.stringify({ version: 1, sha256: _hash(token).toString('hex'), createdAt: new Date().toISOString() }), { flag: 'wx', mode: 0o600 })
    return token
  }
  catch (error) {
    // A worker may have the data directory read-only: the setup is then opened by the process that can write it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') consola.warn(`[setup] cannot keep a setup token in ${_file()}: ${(error as Error).message}`)
    return undefined
  }
}

function _setupUrl(token: string): string {
  const host = process.env.NITRO_HOST || process.env.HOST || ''
  const port = process.env.NITRO_PORT || process.env.PORT || '3000'
  const shown = ['', '0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}/setup?token=${token}`
}

/**
 * Written past consola, whose reporters redact secrets: this is the one line that must show the token, to the operator.
 * Same shape as the other lines (server/plugins/logging.ts).
 */
function _printUnredacted(message: string): void {
  process.stdout.write(logsAsJson() ? `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', message })}\n` : `${message}\n`)
}
