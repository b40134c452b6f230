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

let _generatedKey: string | undefined

/**
 * The secret key that encrypts what the setup page stores and, without NUXT_SESSION_PASSWORD, seals sessions:
 * NUXT_SECRET_KEY when set, else the key kept in NUXT_STORAGE_DIR/secret-key, made there on first use. Never logged.
 */
export function requireSecretKey(): string {
  const { secretKey, storage } = useSettings()
  if (secretKey) return checkSecretKey(String(secretKey), 'NUXT_SECRET_KEY')
  _generatedKey ??= loadSecretKey(storage.dir)
  return _generatedKey
}

/** Where the secret key in force comes from, for messages that say what to fix. */
export function secretKeySource(): string {
  const { secretKey, storage } = useSettings()
  return secretKey ? 'NUXT_SECRET_KEY' : join(storage.dir, SECRET_KEY_FILE)
}
