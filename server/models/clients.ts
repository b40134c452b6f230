import pLimit, { type LimitFunction } from 'p-limit'
import { anthropicClient } from './anthropic/client'
import { tagFailures } from './failures'
import { geminiClient } from './gemini/client'
import { limitedFetch } from './limited-fetch'
import { openaiClient } from './openai/client'
import type { ClientSettings, ModelClient, ProviderName } from './provider'
import { apiKeySetting, modelLimits, providerApiKey, providerBaseUrl } from './settings'

const BUILDERS: Record<ProviderName, (settings: ClientSettings) => ModelClient> = {
  gemini: geminiClient,
  openai: settings => openaiClient({ ...settings, provider: 'openai', jsonSchema: useSettings().openai.jsonSchema }),
  ollama: settings => openaiClient({ ...settings, provider: 'ollama', jsonSchema: useSettings().openai.jsonSchema }),
  anthropic: anthropicClient,
}

const _clients = new Map<ProviderName, ModelClient>()
let _limit: LimitFunction | undefined

/**
 * The client of a provider, built on first use with the key in force (the worker asks only once one exists). At most
 * NUXT_MODEL_CONCURRENCY requests are in flight in this process, whatever the providers, so one big pull request or a
 * burst of reviews cannot flood a model.
 */
export function useModelClient(provider: ProviderName): ModelClient {
  let client = _clients.get(provider)
  if (!client) {
    _limit ??= pLimit(useSettings().modelConcurrency)
    const { timeoutMs, retries } = modelLimits(provider)
    const apiKey = provider === 'ollama' ? '' : requireSetting(providerApiKey(provider), apiKeySetting(provider))
    client = tagFailures(BUILDERS[provider]({ apiKey, baseUrl: providerBaseUrl(provider), timeoutMs, retries, fetch: limitedFetch(_limit, timeoutMs) }))
    _clients.set(provider, client)
  }
  return client
}

/** A client for the setup page's check of a key it has not stored yet: one call, no retries, 15 s at most. */
export function uncheckedClient(provider: ProviderName, credentials: { apiKey: string, baseUrl?: string }): ModelClient {
  return BUILDERS[provider]({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl || providerBaseUrl(provider), timeoutMs: 15_000, retries: 0 })
}
