import { APIError } from '@anthropic-ai/sdk'
import type { ModelFailure } from '../provider'
import { retryAfterMs } from '../retry-after'

// Answers no retry can fix: a bad request (or an empty credit balance), a bad key, a missing permission, an unknown model.
const PERMANENT = new Set([400, 401, 403, 404])

/** What an error of the `@anthropic-ai/sdk` SDK means for a job; undefined for any other error. */
export function anthropicFailure(error: unknown): ModelFailure | undefined {
  if (!(error instanceof APIError)) return undefined
  const failure: ModelFailure = { message: error.apiMessage ?? error.message, permanent: false }
  if (error.status !== undefined) failure.status = error.status
  const wait = error.headers ? retryAfterMs(error.headers) : undefined
  if (wait !== undefined) failure.retryAfterMs = wait
  if (error.status !== undefined && PERMANENT.has(error.status)) return { ...failure, permanent: true, fix: 'NUXT_ANTHROPIC_API_KEY and NUXT_MODEL' }
  return failure
}
