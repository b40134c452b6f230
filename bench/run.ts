// The benchmark suite: `npm run bench`. Runs on the production build against a private Redis and local GitHub and
// Gemini servers with no latency, prints a markdown table and writes bench/results/latest.json. Not part of `npm test`.
// BENCH_SECONDS sets the length of each load run (default 10); BENCH_ONLY=ingestion,worker,octokit,stream,large,drain,time,health
// runs a subset; BENCH_PULL_REQUESTS and BENCH_SSE_CLIENTS (default 1000) size the worker and stream runs. See
// docs/performance.md.
import { cpus, loadavg, totalmem } from 'node:os'
import buildIfStale from '../tests/setup/build'
import { startPrivateRedis } from '../tests/support/redis'
import { benchDrain } from './drain'
import { benchHealthUnderLoad } from './health-under-load'
import { benchIngestion } from './ingestion'
import { benchLargePullRequest } from './large-pr'
import { benchOctokit } from './octokit-latency'
import { benchStream } from './stream'
import { benchTimeToReview } from './time-to-review'
import { DURATION_S, type Row } from './lib/support'
import { markdownTable, writeResults } from './lib/table'
import { benchWorker } from './worker'

const BENCHMARKS: Record<string, (redisUrl: string) => Promise<Row[]>> = {
  ingestion: benchIngestion,
  worker: benchWorker,
  octokit: benchOctokit,
  stream: benchStream,
  large: benchLargePullRequest,
  drain: benchDrain,
  time: benchTimeToReview,
  health: benchHealthUnderLoad,
}
const only = process.env.BENCH_ONLY?.split(',').map(name => name.trim())

const rows: Row[] = []
const loadBefore = loadavg()
const redis = await startPrivateRedis()
try {
  buildIfStale()
  for (const [name, bench] of Object.entries(BENCHMARKS)) {
    if (only && !only.includes(name)) continue
    console.log(`[bench] ${name}…`)
    rows.push(...await bench(redis.url))
  }
}
finally {
  await redis.stop()
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
const load = `load average ${loadBefore.map(value => value.toFixed(2)).join(' ')} before, ${loadavg().map(value => value.toFixed(2)).join(' ')} after`
console.log(`\nRevue benchmarks (${machine}; ${DURATION_S} s per load run; ${load})\n`)
console.log(markdownTable(rows))
console.log(`\nwritten to ${writeResults({ machine, load: { before: loadBefore, after: loadavg() }, at: new Date().toISOString(), seconds: DURATION_S, rows })}`)
process.exit(0)
