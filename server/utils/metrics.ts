import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

type QueueCounts = () => Promise<Record<string, number>>
let _queueCounts: QueueCounts | undefined

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
        if (!isRedisReady() || !_queueCounts) return
        const counts = await _queueCounts()
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count)
      },
    }),
    jobDuration: new Histogram({ name: 'revue_job_duration_seconds', help: 'Time a worker spent on a job, by final state', labelNames: ['state'], buckets: SECONDS, registers }),
    reviewLatency: new Histogram({ name: 'revue_review_latency_seconds', help: 'Time from queueing a job to its end, by final state', labelNames: ['state'], buckets: SECONDS, registers }),
    modelTokens: new Counter({ name: 'revue_model_tokens_total', help: 'Model tokens used by reviews, by provider and model', labelNames: ['provider', 'model', 'direction'], registers }),
    modelCost: new Counter({ name: 'revue_model_cost_usd_total', help: 'Estimated cost in USD of the model tokens reviews used (list prices or NUXT_MODEL_PRICES)', labelNames: ['provider', 'model'], registers }),
    modelErrors: new Counter({ name: 'revue_model_errors_total', help: 'Model errors that failed a job attempt, by provider and HTTP status', labelNames: ['provider', 'status'], registers }),
    // The Gemini-only counters of earlier versions, kept for the dashboards built on them.
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

/** Counts a review's tokens and cost under its provider and model (and in the Gemini counters for Gemini). */
export function countModelUse(metrics: ReturnType<typeof useMetrics>, labels: { provider: string, model: string }, tokens: { input: number, output: number }, costUsd?: number): void {
  metrics.modelTokens.inc({ ...labels, direction: 'input' }, tokens.input)
  metrics.modelTokens.inc({ ...labels, direction: 'output' }, tokens.output)
  if (costUsd) metrics.modelCost.inc(labels, costUsd)
  if (labels.provider !== 'gemini') return
  metrics.geminiTokens.inc({ direction: 'input' }, tokens.input)
  metrics.geminiTokens.inc({ direction: 'output' }, tokens.output)
  if (costUsd) metrics.geminiCost.inc(costUsd)
}

/** Counts a model error that failed a job attempt under its provider (and in the Gemini counter for Gemini). */
export function countModelError(metrics: ReturnType<typeof useMetrics>, provider: string, status: number | undefined): void {
  metrics.modelErrors.inc({ provider, status: String(status ?? 'none') })
  if (provider === 'gemini') metrics.geminiErrors.inc({ status: String(status) })
}

/** How the queue gauge counts jobs by state, told at start-up (plugins/metrics.ts): infrastructure knows no queue. */
export function countQueueWith(counts: QueueCounts): void {
  _queueCounts = counts
}
