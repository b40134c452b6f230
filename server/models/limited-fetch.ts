import pLimit, { type LimitFunction } from 'p-limit'

/**
 * `fetch` for a model client: at most `concurrency` requests in flight (a number, or a limit shared with other
 * clients), each with `timeoutMs` from the moment it leaves the queue. (An SDK's own timeout starts before its
 * `fetch` is called, so it would expire requests that are still waiting their turn behind the parts of big pull
 * requests.)
 */
export function limitedFetch(concurrency: number | LimitFunction, timeoutMs: number): typeof fetch {
  const limit = typeof concurrency === 'number' ? pLimit(concurrency) : concurrency
  return (input, init) => limit(() => {
    const timeout = AbortSignal.timeout(timeoutMs)
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout })
  })
}
