import { PROVIDERS, type ProviderName } from './provider'

/** A model as settings, repositories and job outcomes name it: `provider:model`, a bare name meaning Gemini. */
export interface ModelChoice {
  /** `provider:model`, e.g. `ollama:qwen2.5-coder:14b`. */
  id: string
  provider: ProviderName
  /** The provider's own name for the model. */
  name: string
}

const LABELS: Record<ProviderName, string> = { gemini: 'Gemini', openai: 'OpenAI', ollama: 'Ollama', anthropic: 'Anthropic' }

/** How messages name a provider: "Gemini answered 400", "Anthropic's answer was unusable". */
export function providerLabel(provider: ProviderName): string {
  return LABELS[provider]
}

/** Reads `provider:model` (the provider part is one of PROVIDERS; anything else is a Gemini model name). */
export function parseModelId(id: string): ModelChoice {
  const trimmed = id.trim()
  const colon = trimmed.indexOf(':')
  const prefix = colon > 0 ? trimmed.slice(0, colon) : ''
  if ((PROVIDERS as readonly string[]).includes(prefix)) {
    const name = trimmed.slice(colon + 1)
    return { id: `${prefix}:${name}`, provider: prefix as ProviderName, name }
  }
  return { id: `gemini:${trimmed}`, provider: 'gemini', name: trimmed }
}

/** Models that run on the operator's own machines cost nothing per token. */
export function isLocal(choice: Pick<ModelChoice, 'provider'>): boolean {
  return choice.provider === 'ollama'
}

/**
 * Whether a repository may choose `wanted`: it is in the server's list (NUXT_MODELS_ALLOWED), or, with no list, it is
 * a model of the server's own provider (the only one Revue surely has a key for). An error says which list applies.
 */
export function checkAllowedModel(wanted: string, allowed: string[], serverProvider: ProviderName): string | undefined {
  const choice = parseModelId(wanted)
  if (allowed.length) {
    if (allowed.some(id => parseModelId(id).id === choice.id)) return undefined
    return `model: ${wanted} is not allowed on this Revue server (allowed: ${allowed.join(', ')})`
  }
  if (choice.provider === serverProvider) return undefined
  return `model: ${wanted} is not allowed on this Revue server (it reviews with ${providerLabel(serverProvider)}; NUXT_MODELS_ALLOWED lists the models of other providers a repository may choose)`
}

/** How the review footer and the dashboard name a model: Gemini's by its name, others with their provider. */
export function modelLabel(choice: ModelChoice): string {
  if (choice.provider === 'gemini') return choice.name
  return `${choice.name} (${providerLabel(choice.provider)}${isLocal(choice) ? ', local model' : ''})`
}
