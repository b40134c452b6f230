import { createRequesterFn, getMatchingRateLimiter, type RateLimiters } from '@gitbeaker/requester-utils'
import { GitbeakerRequestError, GitbeakerTimeoutError, Gitlab } from '@gitbeaker/rest'

export type GitLabApi = Gitlab

/** How Revue signs its calls: the bot's personal, group or project access token, or a user's OAuth token. */
export type GitLabCredentials = { token: string } | { oauthToken: string }

/**
 * A GitLab REST v4 client for an instance (`https://gitlab.com`, or a self-managed URL with its path prefix such as
 * `https://git.example.com/gitlab`). It asks once per call: @gitbeaker/rest's own requester retries 429 and 502 ten
 * times within a few milliseconds and ignores Retry-After, so the failure is thrown instead and the job waits as
 * GitLab asked (see errors.ts).
 */
export function createGitLabClient(url: string, credentials: GitLabCredentials): GitLabApi {
  return new Gitlab({ host: url.replace(/\/+$/, ''), ...credentials, requesterFn: _requesterFn })
}

const _requesterFn = createRequesterFn(async (_, options) => options, _requestOnce)

async function _requestOnce(endpoint: string, options: Record<string, unknown> = {}) {
  // Revue gives no `agent` (an undici dispatcher), so it is not passed on.
  const { rateLimiters, agent: _agent, asStream, prefixUrl, searchParams, method, ...init } = options
  const url = new URL(endpoint, String(prefixUrl).endsWith('/') ? String(prefixUrl) : `${String(prefixUrl)}/`)
  url.search = typeof searchParams === 'string' ? searchParams : ''
  await getMatchingRateLimiter(endpoint, rateLimiters as RateLimiters | undefined, String(method))()
  const request = new Request(url, { ...(init as RequestInit), method: String(method) })
  const response = await fetch(request).catch((error: unknown) => {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw new GitbeakerTimeoutError('Query timeout was reached')
    throw error
  })
  if (!response.ok) throw await _requestError(request, response)
  const headers = Object.fromEntries(response.headers.entries())
  if (asStream) return { body: response.body ?? null, headers, status: response.status }
  return { body: response.status === 204 ? null : await _body(response), headers, status: response.status }
}

async function _body(response: Response) {
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim()
  if (type === 'application/json') return (await response.json() as Record<string, unknown> | null) ?? {}
  if (type.startsWith('text/')) return response.text()
  return response.blob()
}

// The same error @gitbeaker/rest throws, so that its description (GitLab's `message` or `error`) reads the same.
async function _requestError(request: Request, response: Response): Promise<GitbeakerRequestError> {
  const content = await response.text()
  let description = content
  if (response.headers.get('content-type')?.includes('application/json')) {
    try {
      const output = JSON.parse(content) as { error?: unknown, message?: unknown } | null
      const property = output?.error ?? output?.message ?? ''
      description = typeof property === 'string' ? property : JSON.stringify(property)
    }
    catch {
      description = content
    }
  }
  return new GitbeakerRequestError(description, { cause: { description, request, response } })
}
