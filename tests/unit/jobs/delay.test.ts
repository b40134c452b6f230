import { describe, expect, it } from 'vitest'
import { jobDelay, pauseRecord } from '../../../server/jobs/delay'

const UNTIL = Date.parse('2026-05-01T12:00:00Z')

describe('jobDelay', () => {
  it('reads a job queued with a delay that has made no attempt as waiting out the push debounce', () => {
    expect(jobDelay({ attemptsMade: 0, progress: 0 })).toEqual({ reason: 'debounce' })
    expect(jobDelay({ attemptsMade: 0, failedReason: '', progress: 0 })).toEqual({ reason: 'debounce' })
  })

  it('reads a job that has made attempts as waiting to retry, with its last failure', () => {
    expect(jobDelay({ attemptsMade: 1, failedReason: 'GitHub answered 502', progress: 0 })).toEqual({ reason: 'retry', failure: 'GitHub answered 502' })
    expect(jobDelay({ attemptsMade: 2, progress: 0 })).toEqual({ reason: 'retry', failure: 'The last attempt failed without a reason' })
  })

  it('reads a pause recorded at the current attempt count as the circuit breaker\'s, until when it ends', () => {
    expect(jobDelay({ attemptsMade: 0, progress: pauseRecord(UNTIL, 0) })).toEqual({ reason: 'paused', until: UNTIL })
    // Paused on its retry: the earlier failure does not make it a retry.
    expect(jobDelay({ attemptsMade: 1, failedReason: 'Bad credentials', progress: pauseRecord(UNTIL, 1) })).toEqual({ reason: 'paused', until: UNTIL })
  })

  it('ignores a pause that ended before the job failed again', () => {
    expect(jobDelay({ attemptsMade: 1, failedReason: 'GitHub answered 502', progress: pauseRecord(UNTIL, 0) })).toEqual({ reason: 'retry', failure: 'GitHub answered 502' })
  })

  it('ignores progress of another shape', () => {
    for (const progress of [0, 50, 'half', true, null, { pausedUntil: 'soon', pausedAfter: 0 }, { pausedUntil: UNTIL }]) {
      expect(jobDelay({ attemptsMade: 0, progress })).toEqual({ reason: 'debounce' })
    }
  })
})
