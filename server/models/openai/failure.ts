import { APIError } from 'openai'
import type { ModelFailure } from '../provider'
import { retryAfterMs } from '../retry-after'

// Answers no retry can fix: a bad request or key, a model the server does not have, a request it cannot process.
const PERMANENT = new Set([400, 401, 403, 404, 422])

const FIX = {
  openai: 'NUXT_OPENAI_API_KEY, NUXT_OPENAI_BASE_URL and NUXT_MODEL',
  ollama: 'NUXT_OLLAMA_BASE_URL and NUXT_MODEL',
} as const

/** What an error of the `openai` SDK means for a job; undefined for any other error. */
export function openaiFailure(error: unknown, provider: 'openai' | 'ollama' = 'openai'): ModelFailure | undefined {
  if (!(error instanceof APIError)) return undefined
  const failure: ModelFailure = { message: _message(error), permanent: false }
  if (error.status !== undefined) failure.status = error.status
  const wait = error.headers ? retryAfterMs(error.headers) : undefined
  if (wait !== undefined) failure.retryAfterMs = wait
  // OpenAI answers 429 both for a rate limit (wait) and for an exhausted balance, which no wait fixes.
  if (error.status === 429 && error.code === 'insufficient_quota') {
    return { ...failure, permanent: true, fix: 'the billing of the OpenAI account behind NUXT_OPENAI_API_KEY' }
  }
  if (error.status !== undefined && PERMANENT.has(error.status)) return { ...failure, permanent: true, fix: FIX[provider] }
  return failure
}

/** The server refused `response_format` json_schema: it speaks JSON mode at most. */
export function refusesJsonSchema(error: unknown): boolean {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return false
  return /response_format|json_schema/i.test(`${error.param ?? ''} ${error.message}`)
}

// The provider's own words, without the status the SDK puts in front of them.
function _message(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined
  return typeof body?.message === 'string' ? body.message : error.message
}
