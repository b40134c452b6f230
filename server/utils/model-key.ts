/** The model provider's API key the setup page stored, kept encrypted beside the App's credentials. */
export interface ModelKey {
  provider: 'gemini'
  apiKey: string
}

const FILE = 'model-key.json'

let _stored: ModelKey | null = null

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
  return readEncryptedFile<ModelKey>(FILE)
}

/** Stores the key once (exclusive create, readable by this user only): a second setup cannot replace it. */
export function storeModelKey(key: ModelKey): void {
  storeEncryptedFile(FILE, key)
}

/** Uses a stored key wherever NUXT_GEMINI_API_KEY is unset: the environment wins. */
export function applyModelKey(key: ModelKey): void {
  _stored = key
}
