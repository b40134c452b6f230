import { GitbeakerRequestError } from '@gitbeaker/rest'

// GitLab answers that no retry can fix: a refused request, bad credentials, a missing scope or role, a project gone.
const PERMANENT = new Set([400, 401, 403, 404, 405, 409, 410, 422])

/**
 * What a GitLab error means for a job (permanent, with what to fix; the wait GitLab asked for); undefined for others.
 * The message names the method and path, never the token.
 */
export function describeGitLabError(error: unknown): { permanent: boolean, message: string, retryAfterMs?: number } | undefined {
  const status = gitLabStatus(error)
  if (status === undefined || !(error instanceof GitbeakerRequestError) || !error.cause) return undefined
  const { request, response } = error.cause
  const retryAfterMs = status === 429 || status >= 500 ? _retryAfterMs(response.headers) : undefined
  return {
    permanent: PERMANENT.has(status),
    message: `GitLab answered ${status} to ${request.method} ${new URL(request.url).pathname}: ${error.message.trim() || response.statusText}${_hint(status)}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  }
}

/** The HTTP status of a GitLab error, or undefined for anything else. */
export function gitLabStatus(error: unknown): number | undefined {
  return error instanceof GitbeakerRequestError ? error.cause?.response.status : undefined
}

/** The call's answer, or `fallback` when GitLab answers 404: a file, commit or member it does not have. */
export async function unlessNotFound<T, F>(call: () => Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await call()
  }
  catch (error) {
    if (gitLabStatus(error) === 404) return fallback
    throw error
  }
}

/**
 * Runs a GitLab call the review can do without (the commit status, a note, an award emoji). When GitLab refuses it
 * (403: the token's role or scope is short of it), says so in the job's log and goes on; any other failure is thrown.
 */
export async function unlessForbidden<T>(call: () => Promise<T>, warn: (message: string) => unknown, permission: string): Promise<T | undefined> {
  try {
    return await call()
  }
  catch (error) {
    if (gitLabStatus(error) !== 403) throw error
    await warn(`GitLab refused a call that needs ${permission} (${(error as Error).message}): give the token's user Developer access and the api scope; going on without it`)
    return undefined
  }
}

// Retry-After in seconds or as an HTTP date; else RateLimit-Reset, the epoch second the quota comes back.
function _retryAfterMs(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now())
  }
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN)
  return Number.isFinite(reset) ? Math.max(0, reset * 1000 - Date.now()) + 1000 : undefined
}

function _hint(status: number): string {
  if (status === 401) return ' (check NUXT_GITLAB_TOKEN)'
  if (status === 403) return ' (the token needs the api scope and at least Developer access to the project)'
  if (status === 404) return ' (the project or merge request is gone, or the token cannot see it)'
  return ''
}
