import { ApiError } from '@google/genai'
import { RequestError } from '@octokit/request-error'
import { UnrecoverableError } from 'bullmq'
import { describe, expect, it } from 'vitest'
import { isInstallationFailure } from '../../../server/forges/github/errors'
import { classifyError, requestedRetryDelay } from '../../../server/jobs/failures'

const githubError = (status: number, headers: Record<string, string> = {}, message = 'Boom') =>
  new RequestError(message, status, {
    request: { method: 'GET', url: 'https://api.github.com/repos/o/r/pulls/1', headers: {} },
    response: { status, url: 'https://api.github.com/repos/o/r/pulls/1', headers, data: { message } },
  })
const tokenError = (status: number) => new RequestError('Not Found', status, {
  request: { method: 'POST', url: 'https://api.github.com/app/installations/7/access_tokens', headers: {} },
  response: { status, url: 'https://api.github.com/app/installations/7/access_tokens', headers: {}, data: {} },
})
const geminiError = (status: number, body: unknown) => new ApiError({ status, message: JSON.stringify(body) })

describe('classifyError', () => {
  it.each([401, 404, 422])('makes GitHub %i permanent, with what to fix', (status) => {
    const error = classifyError(githubError(status))
    expect(error).toBeInstanceOf(UnrecoverableError)
    expect(error.message).toContain(`GitHub answered ${status} to GET /repos/o/r/pulls/1`)
  })

  it('makes a 403 without rate limiting permanent (missing permission) and a rate-limited 403 retryable', () => {
    expect(classifyError(githubError(403, {}, 'Resource not accessible by integration'))).toBeInstanceOf(UnrecoverableError)
    expect(classifyError(githubError(403, { 'x-ratelimit-remaining': '0' }))).not.toBeInstanceOf(UnrecoverableError)
    expect(classifyError(githubError(403, { 'retry-after': '3' }, 'You have exceeded a secondary rate limit'))).not.toBeInstanceOf(UnrecoverableError)
  })

  it('retries GitHub 5xx and Gemini 429/5xx, fails Gemini 400 and 404 for good', () => {
    expect(classifyError(githubError(502))).not.toBeInstanceOf(UnrecoverableError)
    expect(classifyError(geminiError(429, {}))).not.toBeInstanceOf(UnrecoverableError)
    expect(classifyError(geminiError(503, {}))).not.toBeInstanceOf(UnrecoverableError)
    const bad = classifyError(geminiError(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.' } }))
    expect(bad).toBeInstanceOf(UnrecoverableError)
    expect(bad.message).toBe('Gemini answered 400: API key not valid. Please pass a valid API key. (check NUXT_GEMINI_API_KEY and NUXT_GEMINI_MODEL)')
    expect(classifyError(geminiError(404, {}))).toBeInstanceOf(UnrecoverableError)
  })

  it('retries network errors', () => {
    expect(classifyError(new TypeError('fetch failed'))).not.toBeInstanceOf(UnrecoverableError)
  })
})

describe('requestedRetryDelay', () => {
  it('honours GitHub retry-after and the rate-limit reset', () => {
    expect(requestedRetryDelay(githubError(429, { 'retry-after': '7' }))).toBe(7000)
    const reset = Math.floor(Date.now() / 1000) + 30
    const delay = requestedRetryDelay(githubError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }))!
    expect(delay).toBeGreaterThan(25_000)
    expect(delay).toBeLessThanOrEqual(32_000)
  })

  it('honours Gemini RetryInfo', () => {
    const error = geminiError(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': '2.5s' }] } })
    expect(requestedRetryDelay(error)).toBe(2500)
  })

  it('has no opinion on other errors', () => {
    expect(requestedRetryDelay(githubError(500))).toBeUndefined()
    expect(requestedRetryDelay(new Error('x'))).toBeUndefined()
  })
})

describe('isInstallationFailure', () => {
  it('counts bad credentials, missing permissions and a gone installation against the installation', () => {
    expect(isInstallationFailure(githubError(401))).toBe(true)
    expect(isInstallationFailure(githubError(403, {}, 'Resource not accessible by integration'))).toBe(true)
    expect(isInstallationFailure(tokenError(404))).toBe(true)
  })

  it('does not count rate limits, a missing pull request, server errors or other services', () => {
    expect(isInstallationFailure(githubError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }))).toBe(false)
    expect(isInstallationFailure(githubError(404))).toBe(false)
    expect(isInstallationFailure(githubError(502))).toBe(false)
    expect(isInstallationFailure(geminiError(401, {}))).toBe(false)
  })
})
