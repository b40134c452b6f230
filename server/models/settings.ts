import { z } from 'zod'
import { parseModelId, type ModelChoice } from './choice'
import { storedModelKey } from './keys'
import type { PriceOverride } from './prices'
import type { ProviderName } from './provider'

export interface ModelLimits {
  contextTokens: number
  maxOutputTokens: number
  timeoutMs: number
  /** Attempts after the first, made by the provider's SDK (honouring `retry-after`). */
  retries: number
}

// Context windows and timeouts each provider's usual models allow; NUXT_MODEL_* override them for every provider.
// Ollama serves small context windows by default and answers slowly on a CPU: short chunks, long waits.
const DEFAULTS: Record<Exclude<ProviderName, 'gemini'>, ModelLimits> = {
  openai: { contextTokens: 128_000, maxOutputTokens: 8192, timeoutMs: 120_000, retries: 2 },
  anthropic: { contextTokens: 200_000, maxOutputTokens: 8192, timeoutMs: 120_000, retries: 2 },
  ollama: { contextTokens: 8192, maxOutputTokens: 2048, timeoutMs: 600_000, retries: 1 },
}

// Where a provider is when neither the environment nor the setup page says: Ollama on the same machine, through its
// OpenAI-compatible API; OpenAI itself; '' lets the SDK use its own default.
const DEFAULT_BASE_URLS: Record<ProviderName, string> = { gemini: '', openai: 'https://api.openai.com/v1', ollama: 'http://127.0.0.1:11434/v1', anthropic: '' }

/** The model that reviews when a repository names none: NUXT_MODEL, else the setup page's choice, else NUXT_GEMINI_MODEL. */
export function serverModel(): ModelChoice {
  const settings = useSettings()
  return parseModelId(settings.model || storedModelKey()?.model || `gemini:${settings.gemini.model}`)
}

/** A provider's limits: NUXT_MODEL_* when set, else its own (NUXT_GEMINI_* for Gemini). */
export function modelLimits(provider: ProviderName): ModelLimits {
  const settings = useSettings()
  const { gemini } = settings
  const own = provider === 'gemini' ? gemini : DEFAULTS[provider]
  return {
    contextTokens: settings.modelContextTokens ?? own.contextTokens,
    maxOutputTokens: settings.modelMaxOutputTokens ?? own.maxOutputTokens,
    timeoutMs: settings.modelTimeoutMs ?? own.timeoutMs,
    retries: settings.modelRetries ?? own.retries,
  }
}

/** The models a repository may choose: NUXT_MODELS_ALLOWED, else its alias NUXT_GEMINI_ALLOWED_MODELS. */
export function allowedModels(): string[] {
  const settings = useSettings()
  return (settings.modelsAllowed || settings.gemini.allowedModels).split(',').map(id => id.trim()).filter(Boolean)
}

/** The provider's API key in force: its NUXT_*_API_KEY, else the one the setup page stored for it; '' when none. */
export function providerApiKey(provider: ProviderName): string {
  if (provider === 'ollama') return ''
  const stored = storedModelKey()
  return useSettings()[provider].apiKey || (stored?.provider === provider ? stored.apiKey : '')
}

/** Where the provider is: its NUXT_*_BASE_URL, else the address the setup page stored, else the provider's own. */
export function providerBaseUrl(provider: ProviderName): string {
  const stored = storedModelKey()
  return useSettings()[provider].baseUrl || (stored?.provider === provider ? stored.baseUrl : undefined) || DEFAULT_BASE_URLS[provider]
}

/** The setting that holds a provider's key, for messages that say what to set. */
export function apiKeySetting(provider: ProviderName): string {
  return `NUXT_${provider.toUpperCase()}_API_KEY`
}

/** True while the server's model needs an API key and has none: the worker waits and the setup page asks for one. */
export function needsModelKey(): boolean {
  const { provider } = serverModel()
  return provider !== 'ollama' && !providerApiKey(provider)
}

const PricesSchema = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }))

let _prices: PriceOverride | undefined

/** The operator's prices: NUXT_GEMINI_*_PRICE and NUXT_MODEL_PRICES (JSON), read once; an invalid JSON stops the worker. */
export function priceOverride(): PriceOverride {
  if (_prices) return _prices
  const { gemini, modelPrices } = useSettings()
  let table: PriceOverride['table']
  if (modelPrices) {
    const parsed = PricesSchema.safeParse(_json(modelPrices))
    if (!parsed.success) throw new Error(`NUXT_MODEL_PRICES is not valid: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')} (expected {"provider:model": {"input": 1.25, "output": 10}}, USD per million tokens)`)
    table = Object.fromEntries(Object.entries(parsed.data).map(([id, price]) => [parseModelId(id).id, price]))
  }
  _prices = { inputPrice: gemini.inputPrice, outputPrice: gemini.outputPrice, table }
  return _prices
}

function _json(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return text
  }
}
