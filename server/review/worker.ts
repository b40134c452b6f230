import { ApiError } from '@google/genai'
import { DelayedError, type Job, type Worker } from 'bullmq'
import { consola } from 'consola'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { pluralize } from '#shared/utils/plural'
import { installationBreaker, pauseJob } from './breaker'
import { createCommandWorker } from './command-worker'
import type { JobLogger } from '../utils/job-log'
import { isInstallationFailure } from './errors'
import { createQueueWorker } from './queue-worker'
import { startMaintenance } from '../github/maintenance'
import { reviewPullRequest } from './process'
import { closeReviewThreads } from './review-threads'

let _worker: Worker<ReviewJobData, ReviewOutcome> | undefined

/**
 * Starts this process's workers once (the plugin at start-up, or the setup page when the App is created): the review
 * worker, and the scheduled redelivery of webhooks GitHub failed to deliver.
 */
export function startReviewWorker(): Worker<ReviewJobData, ReviewOutcome> {
  if (_worker) return _worker
  startMaintenance().catch(error => consola.error(`[redelivery] cannot schedule: ${(error as Error).message}`))
  const worker = createReviewWorker()
  const commands = createCommandWorker()
  // Active jobs finish (or go back to the queue) before the Redis connections and the review threads close.
  onRedisDrain(() => Promise.all([worker.close(), commands.close()]).then(closeReviewThreads))
  consola.info(`[worker] reviewing pull requests, ${useRuntimeConfig().worker.concurrency} at a time`)
  return worker
}

/** The worker of the `pr-review` queue, which also feeds the metrics. */
function createReviewWorker(): Worker<ReviewJobData, ReviewOutcome> {
  _worker = createQueueWorker<ReviewJobData, ReviewOutcome>(REVIEW_QUEUE, _processJob, { concurrency: Number(useRuntimeConfig().worker.concurrency), tag: 'worker', onFinished: _observe })
  return _worker
}

/** Whether this process's review worker is running (for readiness). */
export function isReviewWorkerRunning(): boolean {
  return _worker?.isRunning() ?? false
}

function _observe(job: Job<ReviewJobData, ReviewOutcome>, state: 'completed' | 'failed') {
  const metrics = useMetrics()
  const finished = job.finishedOn ?? Date.now()
  if (job.processedOn) metrics.jobDuration.observe({ state }, (finished - job.processedOn) / 1000)
  metrics.reviewLatency.observe({ state }, (finished - job.timestamp) / 1000)
  const tokens = job.returnvalue?.tokens
  if (tokens) {
    metrics.geminiTokens.inc({ direction: 'input' }, tokens.input)
    metrics.geminiTokens.inc({ direction: 'output' }, tokens.output)
  }
  if (job.returnvalue?.costUsd) metrics.geminiCost.inc(job.returnvalue.costUsd)
}

async function _processJob(job: Job<ReviewJobData, ReviewOutcome>, jobLog: JobLogger, token?: string): Promise<ReviewOutcome> {
  const config = useRuntimeConfig()
  const breaker = installationBreaker(useWorkerRedis(), job.data.installationId, {
    prefix: redisPrefix(),
    threshold: Number(config.worker.breakerThreshold),
    cooldownMs: Number(config.worker.breakerCooldownMs),
  })
  const pausedUntil = await breaker.openUntil()
  if (pausedUntil) {
    await jobLog.warn(`Installation ${job.data.installationId} is paused until ${new Date(pausedUntil).toISOString()} after repeated authentication or permission failures: this review waits`)
    await pauseJob(job, pausedUntil, token)
    throw new DelayedError()
  }
  await jobLog.info(`Reviewing ${job.data.owner}/${job.data.repo}#${job.data.prNumber} at ${job.data.headSha.slice(0, 7)} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}, ${job.data.trigger})`)
  try {
    const outcome = await reviewPullRequest(job.data, {
      octokit: await getInstallationOctokit(job.data.installationId),
      gemini: useGemini(),
      log: jobLog,
      ...geminiSettings(),
      app: await getAppIdentity(),
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    })
    await breaker.succeeded()
    return outcome
  }
  catch (error) {
    if (error instanceof ApiError) useMetrics().geminiErrors.inc({ status: String(error.status) })
    if (isInstallationFailure(error) && await breaker.failed()) {
      useMetrics().breakerOpened.inc()
      await jobLog.warn(`Pausing installation ${job.data.installationId}'s reviews for ${Number(config.worker.breakerCooldownMs) / 1000}s: GitHub refused its last ${pluralize(Number(config.worker.breakerThreshold), 'attempt')}`)
    }
    throw error
  }
}
