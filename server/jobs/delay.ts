import type { JobDelay } from '#shared/schemas/api'

/**
 * What a circuit-breaker pause records in its job's progress, since BullMQ keeps no reason for a delay: until when,
 * and how many attempts the job had made then, so that the record explains only the delay it was written for.
 */
export interface PauseRecord {
  pausedUntil: number
  pausedAfter: number
}

export function pauseRecord(until: number, attemptsMade: number): PauseRecord {
  return { pausedUntil: until, pausedAfter: attemptsMade }
}

/**
 * Why a `delayed` job waits, from what BullMQ keeps of it. A pause recorded at the job's current attempt count is the
 * circuit breaker's (a pause spends no attempt); otherwise a job that has made attempts waits to retry after its last
 * failure, and one that has made none waits out the push debounce, the only delay a job is queued with.
 */
export function jobDelay(job: { attemptsMade: number, failedReason?: string, progress: unknown }): JobDelay {
  const pause = _pauseOf(job.progress)
  if (pause && pause.pausedAfter === job.attemptsMade) return { reason: 'paused', until: pause.pausedUntil }
  if (job.attemptsMade > 0) return { reason: 'retry', failure: job.failedReason || 'The last attempt failed without a reason' }
  return { reason: 'debounce' }
}

function _pauseOf(progress: unknown): PauseRecord | undefined {
  if (typeof progress !== 'object' || progress === null) return undefined
  const { pausedUntil, pausedAfter } = progress as Partial<PauseRecord>
  return typeof pausedUntil === 'number' && typeof pausedAfter === 'number' ? { pausedUntil, pausedAfter } : undefined
}
