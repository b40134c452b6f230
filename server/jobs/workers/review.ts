import { DelayedError, type Job, type Worker } from 'bullmq'
import { consola } from 'consola'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { pluralize } from '#shared/utils/plural'
import { installationBreaker, pauseJob } from '../breaker'
import { createCommandWorker } from './command'
import type { JobLogger } from '../log'
import { isInstallationFailure } from '../../forges/github/errors'
import { createQueueWorker } from './queue-worker'
import { startMaintenance } from './maintenance'
import { reviewPullRequest } from '../../review/process'
import { closeReviewThreads } from '../../review/review-threads'
import { REVIEW_QUEUE } from '../queues'
import { describeModelError } from '../../models/failures'
import { isPermanent } from '../failures'
import { installationKey, repoKey } from '../ids'
import { stepDeps } from './step-deps'

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
  consola.info(`[worker] reviewing pull requests, ${useSettings().worker.concurrency} at a time`)
  return worker
}

/** The worker of the `pr-review` queue, which also feeds the metrics. */
function createReviewWorker(): Worker<ReviewJobData, ReviewOutcome> {
  _worker = createQueueWorker<ReviewJobData, ReviewOutcome>(REVIEW_QUEUE, _processJob, { concurrency: useSettings().worker.concurrency, tag: 'worker', onFinished: _observe })
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
  const outcome = job.returnvalue
  if (outcome?.tokens && outcome.model) countModelUse(metrics, { provider: outcome.provider ?? 'gemini', model: outcome.model }, outcome.tokens, outcome.costUsd)
}

async function _processJob(job: Job<ReviewJobData, ReviewOutcome>, jobLog: JobLogger, token?: string): Promise<ReviewOutcome> {
  const config = useSettings()
  const breaker = installationBreaker(useWorkerRedis(), installationKey(job.data), {
    prefix: redisPrefix(),
    threshold: config.worker.breakerThreshold,
    cooldownMs: config.worker.breakerCooldownMs,
  })
  const pausedUntil = await breaker.openUntil()
  if (pausedUntil) {
    await jobLog.warn(`Installation ${job.data.installationId} is paused until ${new Date(pausedUntil).toISOString()} after repeated authentication or permission failures: this review waits`)
    await pauseJob(job, pausedUntil, token)
    throw new DelayedError()
  }
  await jobLog.info(`Reviewing ${repoKey(job.data)}#${job.data.prNumber} at ${job.data.headSha.slice(0, 7)} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}, ${job.data.trigger})`)
  try {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
    const outcome = await reviewPullRequest(job.data, {
      ...await stepDeps(job.data, jobLog),
      willRetry: error => !finalAttempt && !isPermanent(error),
    })
    await breaker.succeeded()
    return outcome
  }
  catch (error) {
    const model = describeModelError(error)
    if (model) countModelError(useMetrics(), model.provider, model.status)
    if (isInstallationFailure(error) && await breaker.failed()) {
      useMetrics().breakerOpened.inc()
      await jobLog.warn(`Pausing installation ${job.data.installationId}'s reviews for ${config.worker.breakerCooldownMs / 1000}s: GitHub refused its last ${pluralize(config.worker.breakerThreshold, 'attempt')}`)
    }
    throw error
  }
}
