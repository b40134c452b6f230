import { RequestError } from '@octokit/request-error'

// GitHub answers that no retry can fix: bad credentials, a repository or installation that is gone,
// a permission the App lacks, a request it refuses.
const PERMANENT = new Set([400, 401, 404, 410, 422])

/** What a GitHub error means for a job (permanent, with what to fix; the wait GitHub asked for); undefined for others. */
export function describeGitHubError(error: unknown): { permanent: boolean, message: string, retryAfterMs?: number } | undefined {
  if (!(error instanceof RequestError)) return undefined
  const retryAfterMs = _retryAfterMs(error)
  const rateLimited = retryAfterMs !== undefined || error.response?.headers['x-ratelimit-remaining'] === '0'
  const permanent = PERMANENT.has(error.status) || (error.status === 403 && !rateLimited && !/rate limit/i.test(error.message))
  return {
    permanent,
    message: `GitHub answered ${error.status} to ${error.request.method} ${new URL(error.request.url).pathname}: ${error.message}${_hint(error.status)}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  }
}

function _retryAfterMs(error: RequestError): number | undefined {
  const headers = error.response?.headers ?? {}
  if (headers['retry-after'] !== undefined) return Number(headers['retry-after']) * 1000
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset']) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - Date.now()) + 1000
  }
  return undefined
}

function _hint(status: number): string {
  if (status === 401) return ' (check NUXT_GITHUB_APP_ID and NUXT_GITHUB_PRIVATE_KEY)'
  if (status === 403) return ' (the App lacks a permission: it needs pull requests read & write and contents read)'
  if (status === 404) return ' (the repository, pull request or installation is gone, or the App cannot see it)'
  return ''
}

/** A failure that says the installation itself cannot be used: bad credentials, a missing permission, an uninstalled App. */
export function isInstallationFailure(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false
  if (error.status === 401) return true
  if (error.status === 404) return /\/app\/installations\/\d+\/access_tokens/.test(error.request.url)
  return error.status === 403 && _retryAfterMs(error) === undefined && !/rate limit/i.test(error.message)
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
