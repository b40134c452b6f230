import pLimit from 'p-limit'

/**
 * `fetch` for the model client: at most `concurrency` requests in flight, each with `timeoutMs` from the moment it
 * leaves the queue. (The SDK's own timeout starts before its `fetch` is called, so it would expire requests that are
 * still waiting their turn behind the parts of big pull requests.)
 */
export function limitedFetch(concurrency: number, timeoutMs: number): typeof fetch {
  const limit = pLimit(concurrency)
  return (input, init) => limit(() => {
    const timeout = AbortSignal.timeout(timeoutMs)
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout })
  })
}
