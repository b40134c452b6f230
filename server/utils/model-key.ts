import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The model provider's API key the setup page stored, kept encrypted beside the App's credentials. */
export interface ModelKey {
  provider: 'gemini'
  apiKey: string
}

const FILE = 'model-key.json'

let _stored: ModelKey | null = null

function _file(): string {
  return join(useRuntimeConfig().storage.dir, FILE)
}

/** The model API key in force: NUXT_GEMINI_API_KEY, else the one the setup page stored; '' when there is none. */
export function modelApiKey(): string {
  return String(useRuntimeConfig().gemini.apiKey || _stored?.apiKey || '')
}

/** True while no model API key is configured: the worker waits and the setup page asks for one. */
export function needsModelKey(): boolean {
  return !modelApiKey()
}

/** The key stored by the setup page, or null when there is none. Throws when it cannot be decrypted. */
export function readStoredModelKey(): ModelKey | null {
  if (!existsSync(_file())) return null
  const { data } = JSON.parse(readFileSync(_file(), 'utf8')) as { data: string }
  try {
    return decryptJson<ModelKey>(data, requireSecretKey())
  }
  catch (error) {
    throw new Error(`Cannot decrypt ${_file()}: ${secretKeySource()} is not the key it was stored with`, { cause: error })
  }
}

/** Stores the key once (exclusive create, readable by this user only): a second setup cannot replace it. */
export function storeModelKey(key: ModelKey): void {
  mkdirSync(useRuntimeConfig().storage.dir, { recursive: true })
  writeFileSync(_file(), JSON.stringify({ version: 1, data: encryptJson(key, requireSecretKey()) }), { flag: 'wx', mode: 0o600 })
}

/** Uses a stored key wherever NUXT_GEMINI_API_KEY is unset: the environment wins. */
export function applyModelKey(key: ModelKey): void {
  _stored = key
}
