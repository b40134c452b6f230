// Ingestion: signed pull_request deliveries against the bare node:http ceiling, the Probot peer and Revue, each in a
// process of its own, at the same autocannon settings; then at 1,000 deliveries/s, with autocannon's overallRate and
// paced evenly (bench/lib/paced.ts). Accepted == enqueued is checked head by head.
import { Redis } from 'ioredis'
import { CONNECTIONS, loadDeliveries, type LoadResult } from './lib/load'
import { pacedDeliveries } from './lib/paced'
import { startRevue } from './lib/revue'
import { DURATION_S, SECRET, sleep, startBenchServer, type Row } from './lib/support'

const RATE = 1000
const WARM_UP_S = 2

interface Subject {
  url: string
  pid: number
  /** The Redis prefix it enqueues under; none for the ceiling. */
  prefix?: string
}

interface Measured {
  full: LoadResult
  bursts: LoadResult
  paced: LoadResult
  accepted: number
  enqueued?: number
  /** Accepted deliveries missing from the queue. */
  lost?: number
}

// autocannon runs, each of which may leave CONNECTIONS deliveries in flight at its deadline
const AUTOCANNON_RUNS = 3

async function _measure(subject: Subject, redis: Redis): Promise<Measured> {
  // Unmeasured: lets V8 compile the hot paths; what it enqueues is checked with the rest.
  const warmUp = await loadDeliveries(subject.url, subject.pid, WARM_UP_S)
  await sleep(500)
  const full = await loadDeliveries(subject.url, subject.pid, DURATION_S)
  await sleep(500)
  const bursts = await loadDeliveries(subject.url, subject.pid, DURATION_S, RATE)
  await sleep(500)
  const paced = await pacedDeliveries(subject.url, subject.pid, DURATION_S, RATE)
  await sleep(1000)
  const accepted = new Set([...warmUp.accepted, ...full.accepted, ...bursts.accepted, ...paced.accepted])
  if (!subject.prefix) return { full, bursts, paced, accepted: accepted.size }
  // The worker is off: every job is still waiting, or delayed by the debounce.
  const ids = [...await redis.lrange(`${subject.prefix}:pr-review:wait`, 0, -1), ...await redis.zrange(`${subject.prefix}:pr-review:delayed`, 0, -1)]
  const queued = new Set(ids.map(id => id.slice(id.indexOf('@') + 1)))
  const lost = [...accepted].filter(sha => !queued.has(sha)).length
  return { full, bursts, paced, accepted: accepted.size, enqueued: queued.size, lost }
}

function _rows(subject: string, measured: Measured, peers?: { ceilingRps: number, probotRps: number }): Row[] {
  const { full, bursts, paced } = measured
  const rate = RATE.toLocaleString('en')
  const row = (figure: string, value: number, more: Partial<Row> = {}): Row => ({ benchmark: 'ingestion', subject, figure, value, ...more })
  const rows = [
    row(`requests/s, ${CONNECTIONS} connections`, full.rps),
    ...(peers
      ? [
          row('requests/s ÷ the ceiling\'s', full.rps / peers.ceilingRps, { target: '>= 0.5', met: full.rps >= peers.ceilingRps / 2 }),
          row('requests/s ÷ Probot\'s', full.rps / peers.probotRps, { target: '> 1 (ahead of Probot)', met: full.rps > peers.probotRps }),
        ]
      : []),
    row(`p50 / p99 ms, ${CONNECTIONS} connections`, full.p50, { second: full.p99 }),
    row('server CPU ms per delivery', full.serverCpuMs),
    row(`p50 / p99 ms at ${rate}/s, autocannon overallRate (bursts)`, bursts.p50, { second: bursts.p99, ...(peers ? { target: 'p99 < 25 ms', met: bursts.p99 < 25 } : {}) }),
    row(`requests/s at a steady ${rate}/s`, paced.rps),
    row(`p50 / p99 ms at a steady ${rate}/s`, paced.p50, { second: paced.p99, ...(peers ? { target: `p99 < 25 ms, ${rate}/s sustained`, met: paced.p99 < 25 && paced.rps >= RATE * 0.95 } : {}) }),
  ]
  if (measured.enqueued !== undefined) {
    const slack = CONNECTIONS * AUTOCANNON_RUNS
    rows.push(row('accepted (2xx) / enqueued', measured.accepted, {
      second: measured.enqueued,
      target: `every accepted head queued, <= ${slack} more (in flight at the deadlines)`,
      met: measured.lost === 0 && measured.enqueued - measured.accepted <= slack,
    }))
  }
  const failed = full.failed + bursts.failed + paced.failed
  rows.push(row('errors (non-2xx, socket)', failed, { target: '0', met: failed === 0 }))
  return rows
}

export async function benchIngestion(redisUrl: string): Promise<Row[]> {
  const redis = new Redis(redisUrl)
  const stamp = Date.now()
  const ceilingServer = await startBenchServer('ceiling', {})
  const ceiling = await _measure({ url: ceilingServer.url, pid: ceilingServer.process.pid! }, redis)
  await ceilingServer.stop()

  const probotPrefix = `bench-probot-${stamp}`
  const probotServer = await startBenchServer('probot-peer', { REDIS_URL: redisUrl, REDIS_PREFIX: probotPrefix, WEBHOOK_SECRET: SECRET })
  const probot = await _measure({ url: probotServer.url, pid: probotServer.process.pid!, prefix: probotPrefix }, redis)
  await probotServer.stop()

  const revuePrefix = `bench-revue-${stamp}`
  const app = await startRevue({ NUXT_REDIS_URL: redisUrl, NUXT_REDIS_PREFIX: revuePrefix, NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: SECRET, NUXT_GITHUB_APP_SLUG: 'bench' })
  const revue = await _measure({ url: app.url, pid: app.pid, prefix: revuePrefix }, redis)
  await app.stop()
  redis.disconnect()

  return [
    ..._rows('bare node:http (ceiling)', ceiling),
    ..._rows('Probot 14 peer', probot),
    ..._rows('Revue', revue, { ceilingRps: ceiling.full.rps, probotRps: probot.full.rps }),
  ]
}
