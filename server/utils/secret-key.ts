import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The file in NUXT_STORAGE_DIR that keeps the secret key generated at first start, when NUXT_SECRET_KEY is unset. */
export const SECRET_KEY_FILE = 'secret-key'

/**
 * Reads the key kept in `dir`, or makes one (32 random bytes, hex) readable by this user only. Processes sharing the
 * directory agree on one key: the file appears whole or not at all (a private temporary file hard-linked into place),
 * and a process that finds it already there reads it instead.
 */
export function loadSecretKey(dir: string): string {
  const file = join(dir, SECRET_KEY_FILE)
  try {
    return checkSecretKey(readFileSync(file, 'utf8').trim(), file)
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
  }
  const temporary = join(dir, `.${SECRET_KEY_FILE}-${process.pid}-${randomBytes(4).toString('hex')}`)
  let written = false
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 })
    written = true
    linkSync(temporary, file)
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`Cannot keep a generated secret key in ${file} (${(error as Error).message}): make NUXT_STORAGE_DIR writable, or set NUXT_SECRET_KEY`, { cause: error })
    }
  }
  finally {
    if (written) rmSync(temporary, { force: true })
  }
  return checkSecretKey(readFileSync(file, 'utf8').trim(), file)
}

/** Returns `key` if it is long enough for a secret key, else throws naming `source`, where it came from. */
export function checkSecretKey(key: string, source: string): string {
  if (key.length < 32) throw new Error(`${source} must be at least 32 characters: generate one with \`openssl rand -hex 32\``)
  return key
}
