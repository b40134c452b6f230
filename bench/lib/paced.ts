// Deliveries at a steady rate, one every 1/rate s, timed from when each was due (open loop, no coordinated omission).
// autocannon's overallRate is not steady: each connection sends its share of the second back to back, then waits for
// the next second (node_modules/autocannon/lib/httpClient.js, `reqsMadeThisSecond`), so its latencies are those of
// bursts at full concurrency.
import { Agent, request } from 'node:http'
import { signedDeliveries } from './deliveries'
import type { LoadResult } from './load'
import { cpuSecondsOf, percentile } from './support'

/** POSTs `rate` deliveries a second to `${url}/api/webhook` for `seconds`, each on time whatever the answers before it. */
export async function pacedDeliveries(url: string, pid: number, seconds: number, rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 })
  const next = signedDeliveries()
  const total = Math.round(seconds * rate)
  const latencies: number[] = []
  const accepted = new Set<string>()
  let failed = 0
  let sent = 0
  let answered = 0
  const cpuBefore = cpuSecondsOf(pid)
  const start = performance.now()
  await new Promise<void>((resolve) => {
    const settle = () => {
      answered++
      if (answered === total) resolve()
    }
    const send = (due: number) => {
      const { sha, body, headers } = next()
      const req = request(`${url}/api/webhook`, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume()
        res.on('end', () => {
          latencies.push(performance.now() - due)
          if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) accepted.add(sha)
          else failed++
          settle()
        })
      })
      req.on('error', () => {
        failed++
        settle()
      })
      req.end(body)
    }
    // Timers fire about every millisecond: each tick sends whatever has fallen due since the last.
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) * rate / 1000) + 1)
      for (; sent < due; sent++) send(start + sent * 1000 / rate)
      if (sent < total) setTimeout(tick, 1)
    }
    tick()
  })
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  return {
    rps: answered / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    accepted,
    failed,
    serverCpuMs: (cpuSecondsOf(pid) - cpuBefore) * 1000 / answered,
  }
}
