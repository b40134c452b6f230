import { Queue, type JobsOptions } from 'bullmq'
import type { CommandJobData, CommandOutcome, ReviewJobData, ReviewOutcome } from '#shared/schemas/job'

export const REVIEW_QUEUE = 'pr-review'
export const COMMAND_QUEUE = 'pr-command'

const DAY = 24 * 3600
let _queue: Queue<ReviewJobData, ReviewOutcome> | undefined
let _commands: Queue<CommandJobData, CommandOutcome> | undefined

/** The `pr-review` queue on the shared fail-fast connection: adding a job fails at once while Redis is down. */
export function useReviewQueue(): Queue<ReviewJobData, ReviewOutcome> {
  if (!_queue) {
    _queue = new Queue(REVIEW_QUEUE, { connection: useRedis(), prefix: redisPrefix() })
    logErrorsOnce(_queue, 'queue')
    onRedisDrain(() => _queue?.close() ?? Promise.resolve())
  }
  return _queue
}

/** The `pr-command` queue of `/revue` commands, on the same fail-fast connection. */
export function useCommandQueue(): Queue<CommandJobData, CommandOutcome> {
  if (!_commands) {
    _commands = new Queue(COMMAND_QUEUE, { connection: useRedis(), prefix: redisPrefix() })
    logErrorsOnce(_commands, 'command queue')
    onRedisDrain(() => _commands?.close() ?? Promise.resolve())
  }
  return _commands
}

/** Retries with the worker's backoff strategy; completed jobs are trimmed, failed ones kept a month for inspection. */
export function reviewJobOptions(jobId: string): JobsOptions {
  const { worker } = useSettings()
  return {
    jobId,
    attempts: worker.attempts,
    backoff: { type: 'revue' },
    removeOnComplete: { age: 7 * DAY, count: 5000 },
    removeOnFail: { age: 30 * DAY },
  }
}

/** Commands are retried like reviews and kept a week either way. */
export function commandJobOptions(): JobsOptions {
  return {
    attempts: useSettings().worker.attempts,
    backoff: { type: 'revue' },
    removeOnComplete: { age: 7 * DAY },
    removeOnFail: { age: 7 * DAY },
  }
}
