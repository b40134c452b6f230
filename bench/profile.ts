// CPU profiles of Revue under the benchmarks' load, and where the CPU went:
//   npx tsx bench/profile.ts ingestion   signed deliveries for BENCH_SECONDS at 50 connections, worker off
//   npx tsx bench/profile.ts probot      the same load on the Probot peer, for comparison
//   npx tsx bench/profile.ts worker      BENCH_PULL_REQUESTS pull requests through the worker at concurrency 1
// The .cpuprofile and a summary.md stay in bench/results/profiles/<what>/ (open the profile in Chrome DevTools or
// speedscope for the flame graph).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import buildIfStale from '../tests/setup/build'
import { startPrivateRedis } from '../tests/support/redis'
import { profileTables, summariseProfile } from './lib/cpu-profile'
import { CONNECTIONS, loadDeliveries } from './lib/load'
import { startProfiledRevue, type StartRevue } from './lib/revue'
import { DURATION_S, SECRET, startBenchServer } from './lib/support'
import { markdownTable } from './lib/table'
import { benchPipeline } from './worker'

const PROFILES: Record<string, (redisUrl: string, start: StartRevue) => Promise<string>> = {
  ingestion: async (redisUrl, start) => {
    const app = await start({ NUXT_REDIS_URL: redisUrl, NUXT_REDIS_PREFIX: 'bench-profile', NUXT_WORKER_ENABLED: 'false', NUXT_GITHUB_WEBHOOK_SECRET: SECRET, NUXT_GITHUB_APP_SLUG: 'bench' })
    await loadDeliveries(app.url, app.pid, 2)
    const load = await loadDeliveries(app.url, app.pid, DURATION_S)
    await app.stop()
    return `Revue ingestion: ${load.rps.toFixed(0)} requests/s, p99 ${load.p99} ms, ${CONNECTIONS} connections, ${DURATION_S} s (after a 2 s warm-up, also profiled)`
  },
  probot: async (redisUrl) => {
    const peer = await startBenchServer('probot-peer', { REDIS_URL: redisUrl, REDIS_PREFIX: 'bench-profile', WEBHOOK_SECRET: SECRET }, ['--cpu-prof', `--cpu-prof-dir=${dir}`])
    await loadDeliveries(peer.url, peer.process.pid!, 2)
    const load = await loadDeliveries(peer.url, peer.process.pid!, DURATION_S)
    await peer.stop()
    return `Probot peer: ${load.rps.toFixed(0)} requests/s, p99 ${load.p99} ms, ${CONNECTIONS} connections, ${DURATION_S} s (after a 2 s warm-up, also profiled)`
  },
  worker: async (redisUrl, start) => `Revue worker, concurrency 1 (the profile also holds start-up):\n\n${markdownTable(await benchPipeline(redisUrl, 1, start))}`,
}

const what = process.argv[2] ?? 'ingestion'
const profile = PROFILES[what]
if (!profile) throw new Error(`Unknown profile ${what}: use one of ${Object.keys(PROFILES).join(', ')}`)
const dir = join(import.meta.dirname, 'results', 'profiles', what)
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
buildIfStale()
const redis = await startPrivateRedis()
try {
  const heading = await profile(redis.url, startProfiledRevue(dir))
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (tsx's loader runs on another).
  const file = readdirSync(dir).find(name => /\.0\.\d+\.cpuprofile$/.test(name))
  if (!file) throw new Error(`No .cpuprofile in ${dir}: did the server exit cleanly?`)
  const report = `${heading}\n\n${profileTables(summariseProfile(join(dir, file)))}`
  writeFileSync(join(dir, 'summary.md'), `${report}\n`)
  console.log(report)
}
finally {
  await redis.stop()
}
process.exit(0)
