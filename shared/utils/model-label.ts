/** The model providers a job's outcome names, as the server spells them. */
export const MODEL_PROVIDERS = ['gemini', 'openai', 'anthropic', 'ollama'] as const
export type ModelProvider = typeof MODEL_PROVIDERS[number]

const _names: Record<ModelProvider, string> = { gemini: 'Gemini', openai: 'OpenAI', anthropic: 'Anthropic', ollama: 'Ollama' }

/** How the dashboard names a provider: `Anthropic`; jobs from before providers were Gemini's. */
export function providerName(provider: string | undefined): string {
  return _names[(provider ?? 'gemini') as ModelProvider] ?? provider
}

/** Whether the provider's models run on the operator's own machines. */
export function isLocalProvider(provider: string | undefined): boolean {
  return provider === 'ollama'
}

/**
 * How the dashboard names the model of a review or summary: Gemini's by its name alone, as before providers
 * (`gemini-2.5-flash`), others with their provider (`claude-sonnet-4-6 · Anthropic`, `qwen2.5-coder:14b · Ollama (local)`).
 */
export function formatModel(model: string, provider?: string): string {
  if (!provider || provider === 'gemini') return model
  return `${model} · ${providerName(provider)}${isLocalProvider(provider) ? ' (local)' : ''}`
}
