import { ApiError } from '@google/genai'
import type { ModelFailure } from '../provider'

// Answers no retry can fix: a bad request or key, a model that does not exist.
const PERMANENT = new Set([400, 401, 403, 404])

/** What a Gemini SDK error means for a job; undefined for any other error. */
export function geminiFailure(error: unknown): ModelFailure | undefined {
  if (!(error instanceof ApiError)) return undefined
  const delay = /"retryDelay":\s*"([\d.]+)s"/.exec(error.message)
  return {
    status: error.status,
    message: _message(error),
    permanent: PERMANENT.has(error.status),
    ...(_fix(error.status) ? { fix: _fix(error.status) } : {}),
    ...(delay ? { retryAfterMs: Number(delay[1]) * 1000 } : {}),
  }
}

function _fix(status: number): string | undefined {
  if (status === 400) return 'NUXT_GEMINI_API_KEY and NUXT_GEMINI_MODEL'
  if (status === 401 || status === 403) return 'NUXT_GEMINI_API_KEY'
  if (status === 404) return 'NUXT_MODEL or NUXT_GEMINI_MODEL'
  return undefined
}

// Gemini's error body is JSON in the message: its own words are in error.message.
function _message(error: ApiError): string {
  try {
    return (JSON.parse(error.message) as { error?: { message?: string } }).error?.message ?? error.message
  }
  catch {
    return error.message
  }
}
