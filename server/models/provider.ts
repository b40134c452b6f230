import type { Tokens } from '#shared/schemas/job'

/** The model providers Revue speaks to: `NUXT_MODEL` is `<provider>:<model>`. */
export const PROVIDERS = ['gemini', 'openai', 'ollama', 'anthropic'] as const
export type ProviderName = typeof PROVIDERS[number]

/** One request for an answer in JSON that follows a schema. */
export interface ModelRequest {
  /** The provider's own model name, without the `provider:` prefix. */
  model: string
  system: string
  prompt: string
  maxOutputTokens: number
  /** The answer's JSON Schema (from the zod schema that validates it, without `$schema`). */
  schema: Record<string, unknown>
  /** Stops the call and its retries. */
  signal?: AbortSignal
}

/** What the model answered; the caller reads the JSON out of `text` and salvages what it can. */
export interface ModelAnswer {
  /** The answer as text (JSON, perhaps in prose or a code fence); undefined when the model gave none. */
  text: string | undefined
  /** Why the model stopped, in the provider's own words, for messages. */
  finishReason?: string
  tokens: Tokens
}

/** One provider's client: asks, and checks its credentials and model with one cheap call. */
export interface ModelClient {
  readonly provider: ProviderName
  ask: (request: ModelRequest) => Promise<ModelAnswer>
  /** Resolves when the provider accepts the credentials and knows `model`; throws the SDK's error otherwise. */
  check: (model: string) => Promise<void>
}

/** What a provider's SDK error means for a job. */
export interface ModelFailure {
  /** The HTTP status, when there was an answer. */
  status?: number
  /** The provider's own message, without the request's body. */
  message: string
  /** No retry can fix it (bad key, unknown model, bad request): the job fails with `message` and `fix`. */
  permanent: boolean
  /** The setting to check, named in the job's failure, e.g. `NUXT_OPENAI_API_KEY and NUXT_MODEL`. */
  fix?: string
  /** The wait the provider asked for (`retry-after`, Gemini's RetryInfo), in ms. */
  retryAfterMs?: number
}

/** Settings a provider's client is built from, read once from runtimeConfig. */
export interface ClientSettings {
  /** '' where the provider needs none (Ollama). */
  apiKey: string
  /** '' means the provider's default. */
  baseUrl: string
  timeoutMs: number
  /** Attempts after the first, made by the SDK itself (honouring `retry-after`). */
  retries: number
  /** Counts the requests in flight (NUXT_MODEL_CONCURRENCY) and the timeout; given to the SDK as its fetch. */
  fetch?: typeof fetch
}
