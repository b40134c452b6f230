import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A file of NUXT_STORAGE_DIR. */
export function storedFilePath(name: string): string {
  return join(useSettings().storage.dir, name)
}

/** What the setup page stored in `name`, decrypted with the secret key; null when there is none. */
export function readEncryptedFile<T>(name: string): T | null {
  const file = storedFilePath(name)
  if (!existsSync(file)) return null
  const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: string }
  try {
    return decryptJson<T>(data, requireSecretKey())
  }
  catch (error) {
    throw new Error(`Cannot decrypt ${file}: ${secretKeySource()} is not the key it was stored with`, { cause: error })
  }
}

/** Stores `value` encrypted in `name`, once: created exclusively and readable by this user only, it is never replaced. */
export function storeEncryptedFile(name: string, value: unknown): void {
  mkdirSync(useSettings().storage.dir, { recursive: true })
  writeFileSync(storedFilePath(name), JSON.stringify({ version: 1, data: encryptJson(value, requireSecretKey()) }), { flag: 'wx', mode: 0o600 })
}
