import type { Cluster, Redis } from 'ioredis'
import { consola } from 'consola'
import type { JobEvent, JobLogLine } from '#shared/schemas/api'
import type { LogLine } from '#shared/schemas/job'
import { logFields } from '#shared/utils/log-fields'

// Appends the line to the job's capped stream and publishes it, with its stream id, on the repository's channel,
// in one round trip: a live subscriber and a replay after reconnect see the same ids.
const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'line', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], '{"id":"' .. id .. '",' .. string.sub(ARGV[2], 2))
return id
`
const STREAM_TTL_SECONDS = 30 * 24 * 3600

export type JobLogger = Record<LogLine['level'], (message: string, data?: Record<string, unknown>) => Promise<void>>

/** The Redis stream that keeps a job's log lines for replay. */
export function jobLogStreamKey(prefix: string, jobId: string): string {
  return `${prefix}:log:${jobId}`
}

/** The pub/sub channel carrying the live log lines of every job of one repository. */
export function repoLogChannel(prefix: string, repo: string): string {
  return `${prefix}:live:${repo.toLowerCase()}`
}

/** A logger whose every line goes to the job's stream, the repository's channel and the process log. */
export function createJobLogger(redis: Redis | Cluster, options: { prefix: string, jobId: string, repo: string, maxLines: number }): JobLogger {
  const log = consola.withTag(options.jobId)
  const write = async (level: LogLine['level'], message: string, fields?: Record<string, unknown>) => {
    const data = fields && logFields(fields)
    const line: LogLine = { jobId: options.jobId, repo: options.repo, level, message, time: new Date().toISOString(), ...(data ? { data } : {}) }
    log[level](message, ...(data ? [data] : []))
    await redis.eval(APPEND_AND_PUBLISH, 1, jobLogStreamKey(options.prefix, options.jobId),
      options.maxLines, JSON.stringify(line), STREAM_TTL_SECONDS, repoLogChannel(options.prefix, options.repo))
  }
  return {
    debug: (message, data) => write('debug', message, data),
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  }
}

/** The channel and message that tell a repository's live subscribers a job changed state (for PUBLISH). */
export function jobEventMessage(prefix: string, repo: string, event: JobEvent): [string, string] {
  return [repoLogChannel(prefix, repo), JSON.stringify(event)]
}

/** Tells the repository's live subscribers that a job changed state. */
export async function publishJobEvent(redis: Redis | Cluster, prefix: string, repo: string, event: JobEvent): Promise<void> {
  await redis.publish(...jobEventMessage(prefix, repo, event))
}

/** The log lines kept for a job, oldest first, after `afterId` when given (exclusive). */
export async function readJobLog(redis: Redis | Cluster, prefix: string, jobId: string, afterId?: string): Promise<JobLogLine[]> {
  const entries = await redis.xrange(jobLogStreamKey(prefix, jobId), afterId ? `(${afterId}` : '-', '+')
  return entries.map(([id, fields]) => ({ id, ...JSON.parse(fields[1] ?? '{}') as LogLine }))
}
