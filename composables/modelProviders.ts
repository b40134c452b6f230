import type { ModelProvider } from '#shared/utils/model-label'

/** One provider as the setup page offers it. */
export interface ProviderChoice {
  value: ModelProvider
  label: string
  /** What leaves the network when this provider reviews. */
  description: string
  /** The model offered first; the server's own model when it is this provider's. */
  model: string
  /** Where an operator gets an API key; absent for Ollama, which needs none. */
  keys?: { url: string, where: string }
}

/** The providers the setup page offers, Gemini (the server's default) first. */
export const PROVIDER_CHOICES: ProviderChoice[] = [
  { value: 'gemini', label: 'Gemini', description: 'Your diffs go to Google', model: 'gemini-2.5-flash', keys: { url: 'https://aistudio.google.com/apikey', where: 'Google AI Studio' } },
  { value: 'openai', label: 'OpenAI', description: 'Your diffs go to OpenAI', model: 'gpt-4.1-mini', keys: { url: 'https://platform.openai.com/api-keys', where: 'the OpenAI platform' } },
  { value: 'anthropic', label: 'Anthropic', description: 'Your diffs go to Anthropic', model: 'claude-sonnet-4-6', keys: { url: 'https://console.anthropic.com/settings/keys', where: 'the Claude Console' } },
  { value: 'ollama', label: 'Ollama', description: 'Reviews stay on your machines: Ollama on this server or another of yours', model: 'qwen2.5-coder:14b' },
]
