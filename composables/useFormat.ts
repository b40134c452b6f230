/**
 * Where the dashboard shows a repository and one of its jobs: `/repos/owner/name`, and for a GitLab project
 * (`gitlab/group/sub/project`) `/repos/gitlab/group%2Fsub%2Fproject`, its full path as one segment.
 */
export function repoPath(fullName: string): string {
  const slash = fullName.indexOf('/')
  return `/repos/${encodeURIComponent(fullName.slice(0, slash))}/${encodeURIComponent(fullName.slice(slash + 1))}`
}

export function jobPath(fullName: string, jobId: string): string {
  return `${repoPath(fullName)}/jobs/${encodeURIComponent(jobId)}`
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7)
}

/** 850 ms, 12.4 s, 3 min 05 s, 1 h 02 min */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`
  const totalSeconds = Math.round(seconds)
  const minutes = Math.floor(totalSeconds / 60)
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** 1.2K */
export function formatCount(value: number): string {
  return compact.format(value)
}

/** HH:MM:SS in the browser's time zone. */
export function formatClock(time: string): string {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) return time
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':')
}

/** HH:MM:SS of an epoch time (ms) in the browser's time zone. */
export function formatTime(ms: number): string {
  return formatClock(new Date(ms).toISOString())
}

/** A route parameter as one string. */
export function routeParam(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('/') : (value ?? '')
}
