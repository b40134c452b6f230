import type { JobState, JobSummary } from '#shared/schemas/api'

const QUEUED: ReadonlySet<JobState> = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children'])

/** The job has not started, or waits for its next attempt. */
export function isQueued(state: JobState | undefined): boolean {
  return state !== undefined && QUEUED.has(state)
}

export interface WaitingNotice {
  color: 'neutral' | 'warning'
  icon: string
  title: string
  description: string
}

/** Why a queued job waits, as the job page says it: the push debounce, a retry after a failure, or a breaker pause. */
export function waitingNotice(job: JobSummary, noun: string): WaitingNotice {
  switch (job.delay?.reason) {
    case 'debounce':
      return {
        color: 'neutral',
        icon: 'i-lucide-hourglass',
        title: 'Waiting for more pushes',
        description: `The ${noun} starts a few seconds after the last push, so a burst of pushes gets one ${noun} of the newest commit.`,
      }
    case 'retry':
      return {
        color: 'warning',
        icon: 'i-lucide-rotate-ccw',
        title: 'Waiting to try again after a failure',
        description: `Attempt ${job.attemptsMade} of ${job.maxAttempts} failed: ${job.delay.failure.replace(/\.$/, '')}. Attempt ${job.attemptsMade + 1} starts after a short delay.`,
      }
    case 'paused':
      return {
        color: 'warning',
        icon: 'i-lucide-circle-pause',
        title: `Paused until ${formatTime(job.delay.until)}`,
        description: `GitHub refused this installation's recent attempts (authentication or permissions), so the circuit breaker paused its ${noun}s. This one starts when the pause ends, without spending an attempt.`,
      }
    default:
      return {
        color: 'neutral',
        icon: 'i-lucide-clock',
        title: 'Waiting for a worker',
        description: `The ${noun} starts as soon as a worker is free.`,
      }
  }
}
