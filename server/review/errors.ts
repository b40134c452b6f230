import { ApiError } from '@google/genai'
import { RequestError } from '@octokit/request-error'
import { UnrecoverableError } from 'bullmq'

// GitHub answers that no retry can fix: bad credentials, a repository or installation that is gone,
// a permission the App lacks, a request it refuses.
const GITHUB_PERMANENT = new Set([400, 401, 404, 410, 422])
// Gemini answers that no retry can fix: a bad request or key, a model that does not exist.
const GEMINI_PERMANENT = new Set([400, 401, 403, 404])

/** Turns a permanent failure into BullMQ's UnrecoverableError with a message that says what to fix; others pass through. */
export function classifyError(error: unknown): Error {
  if (error instanceof UnrecoverableError) return error
  if (error instanceof RequestError) {
    const rateLimited = error.response?.headers['x-ratelimit-remaining'] === '0' || error.response?.headers['retry-after'] !== undefined
    const permanent = GITHUB_PERMANENT.has(error.status) || (error.status === 403 && !rateLimited && !/rate limit/i.test(error.message))
    if (permanent) return new UnrecoverableError(`GitHub answered ${error.status} to ${error.request.method} ${new URL(error.request.url).pathname}: ${error.message}${_githubHint(error.status)}`)
    return error
  }
  if (error instanceof ApiError && GEMINI_PERMANENT.has(error.status)) {
    return new UnrecoverableError(`Gemini answered ${error.status}: ${_geminiMessage(error)}${error.status === 400 ? ' (check NUXT_GEMINI_API_KEY and NUXT_GEMINI_MODEL)' : ''}`)
  }
  return error instanceof Error ? error : new Error(String(error))
}

/** The wait the failing service asked for (GitHub `retry-after` or rate-limit reset, Gemini RetryInfo), in ms. */
export function requestedRetryDelay(error: unknown): number | undefined {
  if (error instanceof RequestError) {
    const headers = error.response?.headers ?? {}
    if (headers['retry-after'] !== undefined) return Number(headers['retry-after']) * 1000
    if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset']) {
      return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - Date.now()) + 1000
    }
  }
  if (error instanceof ApiError) {
    const delay = /"retryDelay":\s*"([\d.]+)s"/.exec(error.message)
    if (delay) return Number(delay[1]) * 1000
  }
  return undefined
}

function _githubHint(status: number): string {
  if (status === 401) return ' (check NUXT_GITHUB_APP_ID and NUXT_GITHUB_PRIVATE_KEY)'
  if (status === 403) return ' (the App lacks a permission: it needs pull requests read & write and contents read)'
  if (status === 404) return ' (the repository, pull request or installation is gone, or the App cannot see it)'
  return ''
}

function _geminiMessage(error: ApiError): string {
  try {
    return (JSON.parse(error.message) as { error?: { message?: string } }).error?.message ?? error.message
  }
  catch {
    return error.message
  }
}

/** A failure that says the installation itself cannot be used: bad credentials, a missing permission, an uninstalled App. */
export function isInstallationFailure(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false
  if (error.status === 401) return true
  if (error.status === 404) return /\/app\/installations\/\d+\/access_tokens/.test(error.request.url)
  return error.status === 403 && requestedRetryDelay(error) === undefined && !/rate limit/i.test(error.message)
}

/** BullMQ's backoff: as long as GitHub or Gemini asked (retry-after, rate-limit reset, RetryInfo), else exponential with jitter. */
export function retryBackoff(backoffMs: number) {
  return (attemptsMade: number, _type?: string, error?: Error): number =>
    requestedRetryDelay(error) ?? Math.round(backoffMs * 2 ** (attemptsMade - 1) * (0.8 + Math.random() * 0.4))
}

/** The call's answer, or `fallback` when GitHub answers 404: a file, commit or collaborator it does not have. */
export async function unlessNotFound<T, F>(call: () => Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await call()
  }
  catch (error) {
    if (error instanceof RequestError && error.status === 404) return fallback
    throw error
  }
}

/**
 * Runs a GitHub call the review can do without (the check run, a conversation comment, a reaction). When the App was
 * not granted the permission it needs (403 "Resource not accessible by integration"), says so in the job's log and
 * goes on; any other failure is thrown.
 */
export async function unlessForbidden<T>(call: () => Promise<T>, warn: (message: string) => unknown, permission: string): Promise<T | undefined> {
  try {
    return await call()
  }
  catch (error) {
    if (!(error instanceof RequestError) || error.status !== 403 || !/not accessible by integration/i.test(error.message)) throw error
    await warn(`GitHub refused a call that needs the ${permission} permission (${error.message}): grant the App "${permission}: Read and write" and accept it on the installation; going on without it`)
    return undefined
  }
}
