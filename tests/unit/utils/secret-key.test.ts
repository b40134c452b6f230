import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { loadSecretKey, SECRET_KEY_FILE } from '../../../server/utils/secret-key'

const MODULE = join(import.meta.dirname, '..', '..', '..', 'server', 'utils', 'secret-key.ts')
const fresh = () => mkdtempSync(join(tmpdir(), 'revue-secret-'))

describe('the secret key', () => {
  it('is made on first use: 32 random bytes in hex, in a file only its owner can read', () => {
    const dir = fresh()
    const key = loadSecretKey(dir)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    const file = join(dir, SECRET_KEY_FILE)
    expect(readFileSync(file, 'utf8').trim()).toBe(key)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual([SECRET_KEY_FILE])
  })

  it('is reused on every later start, and another directory gets another key', () => {
    const dir = fresh()
    const key = loadSecretKey(dir)
    expect(loadSecretKey(dir)).toBe(key)
    expect(loadSecretKey(fresh())).not.toBe(key)
  })

  it('is one key for processes that start together on one data directory', async () => {
    const dir = fresh()
    const script = `import { loadSecretKey } from ${JSON.stringify(MODULE)}; console.log(loadSecretKey(${JSON.stringify(dir)}))`
    const runs = await Promise.all(Array.from({ length: 4 }, () => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script])))
    const keys = new Set(runs.map(run => run.stdout.trim()))
    expect(keys.size).toBe(1)
    expect([...keys][0]).toBe(readFileSync(join(dir, SECRET_KEY_FILE), 'utf8').trim())
  })

  it('refuses a kept key that is too short, naming the file', () => {
    const dir = fresh()
    writeFileSync(join(dir, SECRET_KEY_FILE), 'short\n')
    expect(() => loadSecretKey(dir)).toThrow(`${join(dir, SECRET_KEY_FILE)} must be at least 32 characters`)
  })

  it('says what to do when the data directory cannot be made', () => {
    // A file where the directory should be (permissions would not stop a test running as root).
    const file = join(fresh(), 'not-a-directory')
    writeFileSync(file, '')
    expect(() => loadSecretKey(join(file, 'data'))).toThrow(/Cannot keep a generated secret key in .*secret-key \(.*ENOTDIR.*\): make NUXT_STORAGE_DIR writable, or set NUXT_SECRET_KEY/)
  })
})
