import { UnrecoverableError } from 'bullmq'
import { describeGitHubError } from '../forges/github/errors'
import { describeGitLabError } from '../forges/gitlab/errors'
import { providerLabel } from '../models/choice'
import { describeModelError } from '../models/failures'
import { MissingSettingError } from '../utils/missing-setting'

/** Turns a permanent failure into BullMQ's UnrecoverableError with a message that says what to fix; others pass through. */
export function classifyError(error: unknown): Error {
  if (error instanceof UnrecoverableError) return error
  if (error instanceof MissingSettingError) return new UnrecoverableError(error.message)
  const forge = describeGitHubError(error) ?? describeGitLabError(error)
  if (forge) return forge.permanent ? new UnrecoverableError(forge.message) : error as Error
  const model = describeModelError(error)
  if (model?.permanent) {
    return new UnrecoverableError(`${providerLabel(model.provider)} answered ${model.status}: ${model.message}${model.fix ? ` (check ${model.fix})` : ''}`)
  }
  return error instanceof Error ? error : new Error(String(error))
}

/** Whether no retry can fix this failure. */
export function isPermanent(error: unknown): boolean {
  return classifyError(error) instanceof UnrecoverableError
}

/** The wait the failing service asked for (a forge's `retry-after` or rate-limit reset, a model's `retry-after` or RetryInfo), in ms. */
export function requestedRetryDelay(error: unknown): number | undefined {
  return (describeGitHubError(error) ?? describeGitLabError(error) ?? describeModelError(error))?.retryAfterMs
}

/** BullMQ's backoff: as long as the service asked (retry-after, rate-limit reset, RetryInfo), else exponential with jitter. */
export function retryBackoff(backoffMs: number) {
  return (attemptsMade: number, _type?: string, error?: Error): number =>
    requestedRetryDelay(error) ?? Math.round(backoffMs * 2 ** (attemptsMade - 1) * (0.8 + Math.random() * 0.4))
}
