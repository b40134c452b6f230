import type { Job } from 'bullmq'
import type { Cluster, Redis } from 'ioredis'
import { pauseRecord } from './delay'

export interface BreakerSettings {
  prefix: string
  /** Failures within the cooldown that open the breaker. */
  threshold: number
  cooldownMs: number
}

/**
 * A per-installation circuit breaker: after `threshold` authentication or permission failures within `cooldownMs`,
 * the installation's jobs wait `cooldownMs` instead of failing one after the other; it closes again on its own.
 */
export function installationBreaker(redis: Redis | Cluster, installation: string, settings: BreakerSettings) {
  const failures = `${settings.prefix}:breaker:${installation}:failures`
  const open = `${settings.prefix}:breaker:${installation}:open`
  return {
    /** When the breaker closes again (epoch ms), or null when it is closed. */
    async openUntil(): Promise<number | null> {
      const until = Number(await redis.get(open))
      return until > Date.now() ? until : null
    },
    /** Counts a failure; true when this one opened the breaker. */
    async failed(): Promise<boolean> {
      const [[, count]] = await redis.multi().incr(failures).pexpire(failures, settings.cooldownMs).exec() as [[null, number], unknown]
      if (count < settings.threshold) return false
      await redis.multi().set(open, String(Date.now() + settings.cooldownMs), 'PX', settings.cooldownMs).del(failures).exec()
      return true
    },
    async succeeded(): Promise<void> {
      await redis.del(failures)
    },
  }
}

/**
 * Puts a job aside until the breaker closes, without spending an attempt; the job's progress records the pause, so
 * the dashboard can tell it from a retry or the push debounce. The caller then throws BullMQ's DelayedError.
 */
export async function pauseJob(job: Job, until: number, token?: string): Promise<void> {
  await job.updateProgress(pauseRecord(until, job.attemptsMade))
  await job.moveToDelayed(until, token)
}
