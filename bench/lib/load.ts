// One autocannon run of signed deliveries against a server, remembering which head commits were answered 2xx.
import autocannon from 'autocannon'
import { signedDeliveries } from './deliveries'
import { cpuSecondsOf } from './support'

export const CONNECTIONS = 50

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  /** Head commits of the deliveries answered 2xx. */
  accepted: Set<string>
  failed: number
  /** CPU time the server process spent per answered request, in ms. */
  serverCpuMs: number
}

/**
 * POSTs deliveries to `${url}/api/webhook` for `seconds` on CONNECTIONS connections, as fast as they are answered or at
 * `rate` requests/s overall (latency then counts from when a request was due: autocannon corrects for coordinated omission).
 */
export async function loadDeliveries(url: string, pid: number, seconds: number, rate?: number): Promise<LoadResult> {
  const cpuBefore = cpuSecondsOf(pid)
  const next = signedDeliveries()
  const accepted = new Set<string>()
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{
      method: 'POST',
      path: '/api/webhook',
      // The context is the connection's, and a connection has one request in flight.
      setupRequest: (request, context) => {
        const { sha, body, headers } = next()
        Object.assign(context, { sha })
        return { ...request, body, headers }
      },
      onResponse: (status, _body, context) => {
        if (status >= 200 && status < 300) accepted.add((context as { sha: string }).sha)
      },
    }],
  })
  const serverCpuMs = (cpuSecondsOf(pid) - cpuBefore) * 1000 / result.requests.total
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, accepted, failed: result.non2xx + result.errors, serverCpuMs }
}
