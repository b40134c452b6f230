import { anthropicFailure } from './anthropic/failure'
import { geminiFailure } from './gemini/failure'
import { openaiFailure } from './openai/failure'
import type { ModelClient, ModelFailure, ProviderName } from './provider'

const PROVIDER = Symbol('revue.provider')

type Tagged = { [PROVIDER]?: ProviderName }

/**
 * The client, with each failure of `ask` marked with its provider: Ollama speaks through the OpenAI SDK, and its
 * failures name Ollama's settings, not OpenAI's.
 */
export function tagFailures(client: ModelClient): ModelClient {
  return {
    ...client,
    ask: request => client.ask(request).catch((error: unknown) => {
      if (error && typeof error === 'object') (error as Tagged)[PROVIDER] = client.provider
      throw error
    }),
  }
}

/** What a model SDK's error means for a job, and which provider said it; undefined for any other error. */
export function describeModelError(error: unknown): (ModelFailure & { provider: ProviderName }) | undefined {
  const gemini = geminiFailure(error)
  if (gemini) return { ...gemini, provider: 'gemini' }
  const anthropic = anthropicFailure(error)
  if (anthropic) return { ...anthropic, provider: 'anthropic' }
  const provider = (error && typeof error === 'object' && (error as Tagged)[PROVIDER] === 'ollama') ? 'ollama' : 'openai'
  const openai = openaiFailure(error, provider)
  return openai ? { ...openai, provider } : undefined
}
