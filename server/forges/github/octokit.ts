import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import { consola } from 'consola'
import { writeSpacing, type WriteSpacing } from './write-spacing'

/** Retries in place for short waits; a longer wait fails the request so the job is retried later by BullMQ. */
const MAX_INLINE_WAIT_SECONDS = 60
const MAX_INLINE_RETRIES = 2

// Tagged per call, not at import: a logger made before the logging plugin runs keeps consola's default reporter.
const _log = () => consola.withTag('github')

// plugin-retry's own list plus 429, so that rate limits reach the throttling plugin, which honours retry-after.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

/**
 * The Octokit every GitHub call goes through: REST methods, pagination, retries on 5xx, rate-limit throttling.
 * Writes (reviews, comments) are spaced per installation across processes through Redis (`./write-spacing`), so the
 * throttling plugin's own write spacing, one queue for the whole process, is off.
 */
export function createOctokitClass(baseUrl: string, spacing: WriteSpacing, onRateLimit: (resource: string, remaining: number) => void) {
  const unspaced = () => new Bottleneck.Group({ maxConcurrent: null, minTime: 0 })
  const observeRateLimit = (octokit: Octokit) => {
    octokit.hook.after('request', ({ headers }) => {
      if (headers['x-ratelimit-remaining'] !== undefined) onRateLimit(String(headers['x-ratelimit-resource'] ?? 'core'), Number(headers['x-ratelimit-remaining']))
    })
  }
  return Octokit.plugin(paginateRest, restEndpointMethods, writeSpacing(spacing), retry, throttling, observeRateLimit).defaults({
    baseUrl,
    userAgent: 'revue',
    log: { debug: () => {}, info: () => {}, warn: (message: string, ...details: unknown[]) => _log().warn(message, ...details), error: (message: string, ...details: unknown[]) => _log().error(message, ...details) },
    retry: { doNotRetry: DO_NOT_RETRY },
    throttle: {
      write: unspaced(),
      notifications: unspaced(),
      onRateLimit: (retryAfter: number, options: { method: string, url: string }, _octokit: unknown, retryCount: number) =>
        _retryInline('rate limit', retryAfter, options, retryCount),
      onSecondaryRateLimit: (retryAfter: number, options: { method: string, url: string }, _octokit: unknown, retryCount: number) =>
        _retryInline('secondary rate limit', retryAfter, options, retryCount),
    },
  })
}

export type ReviewOctokit = InstanceType<ReturnType<typeof createOctokitClass>>

function _retryInline(kind: string, retryAfter: number, options: { method: string, url: string }, retryCount: number) {
  const retrying = retryCount < MAX_INLINE_RETRIES && retryAfter <= MAX_INLINE_WAIT_SECONDS
  _log().warn(`${kind} hit on ${options.method} ${options.url}; ${retrying ? `retrying in ${retryAfter}s` : 'giving the job back to the queue'}`)
  return retrying
}
