import type { ProviderName } from './provider'

/** The model the setup page chose and its credentials, kept encrypted beside the App's credentials. */
export interface ModelKey {
  provider: ProviderName
  /** '' for Ollama, which needs none. */
  apiKey: string
  /** Where the provider is, when it is not the default (Ollama on another machine). */
  baseUrl?: string
  /** `provider:model` chosen on the setup page; NUXT_MODEL wins. */
  model?: string
}

const FILE = 'model-key.json'

let _stored: ModelKey | null = null

/** What the setup page stored, once applied (start-up or the setup page itself); null before. */
export function storedModelKey(): ModelKey | null {
  return _stored
}

/** The key stored by the setup page, or null when there is none. Throws when it cannot be decrypted. */
export function readStoredModelKey(): ModelKey | null {
  return readEncryptedFile<ModelKey>(FILE)
}

/** Stores the key once (exclusive create, readable by this user only): a second setup cannot replace it. */
export function storeModelKey(key: ModelKey): void {
  storeEncryptedFile(FILE, key)
}

/** Uses a stored key wherever the environment sets none: the environment wins. */
export function applyModelKey(key: ModelKey): void {
  _stored = key
}
