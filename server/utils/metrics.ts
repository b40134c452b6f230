import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

const SECONDS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600]

function _create() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'revue_' })
  const registers = [registry]
  return {
    registry,
    webhooks: new Counter({ name: 'revue_webhook_deliveries_total', help: 'Webhook deliveries by result', labelNames: ['result'], registers }),
    queue: new Gauge({
      name: 'revue_queue_jobs',
      help: 'Jobs of the pr-review queue by state',
      labelNames: ['state'],
      registers,
      async collect() {
        // BullMQ waits for a connection that is down: report nothing rather than hang the scrape.
        if (!isRedisReady()) return
        const counts = await useReviewQueue().getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized')
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count)
      },
    }),
    jobDuration: new Histogram({ name: 'revue_job_duration_seconds', help: 'Time a worker spent on a job, by final state', labelNames: ['state'], buckets: SECONDS, registers }),
    reviewLatency: new Histogram({ name: 'revue_review_latency_seconds', help: 'Time from queueing a job to its end, by final state', labelNames: ['state'], buckets: SECONDS, registers }),
    geminiTokens: new Counter({ name: 'revue_gemini_tokens_total', help: 'Gemini tokens used by reviews', labelNames: ['direction'], registers }),
    geminiCost: new Counter({ name: 'revue_gemini_cost_usd_total', help: 'Estimated cost in USD of the Gemini tokens reviews used (list prices or NUXT_GEMINI_*_PRICE)', registers }),
    geminiErrors: new Counter({ name: 'revue_gemini_errors_total', help: 'Gemini errors that failed a job attempt, by HTTP status', labelNames: ['status'], registers }),
    breakerOpened: new Counter({ name: 'revue_circuit_breaker_opened_total', help: 'Times an installation was paused after repeated authentication or permission failures', registers }),
    breakersOpen: new Gauge({
      name: 'revue_circuit_breakers_open',
      help: 'Installations whose reviews are paused now',
      registers,
      async collect() {
        if (!isRedisReady()) return
        // Every SCAN page: one call only looks at COUNT keys of the whole database. SCAN may repeat a key.
        const open = new Set<string>()
        for await (const keys of scanKeys(`${redisPrefix()}:breaker:*:open`)) {
          for (const key of keys) open.add(key)
        }
        this.set(open.size)
      },
    }),
    githubRateLimit: new Gauge({ name: 'revue_github_rate_limit_remaining', help: 'GitHub requests left in the rate-limit window, as last seen', labelNames: ['resource'], registers }),
  }
}

let _metrics: ReturnType<typeof _create> | undefined

/** This process's Prometheus metrics (prom-client), served at /metrics. */
export function useMetrics() {
  _metrics ??= _create()
  return _metrics
}
