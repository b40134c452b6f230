import type { ComparedFinding, ComparedReview, ComparisonResponse, JobSummary } from '#shared/schemas/api'
import type { ReviewOutcome } from '#shared/schemas/job'
import { isShadowJobId } from './ids'
import { listRepoJobs } from './summaries'

type Finding = NonNullable<ReviewOutcome['findings']>[number]

/**
 * A completed shadow run beside the posted review of the same head (the newest, if the head was reviewed again), and
 * their findings matched by place: the same path, side and line count as found by both, one pair for each finding.
 */
export async function compareShadowRun(shadow: JobSummary & { outcome: ReviewOutcome }): Promise<ComparisonResponse> {
  // Only the jobs of this head are read: its own review and its re-runs, not the shadow runs.
  const head = `${shadow.repo}#${shadow.prNumber}@${shadow.headSha}`.toLowerCase()
  const jobs = await listRepoJobs(shadow.repo, 200, id => id.startsWith(head) && !isShadowJobId(id))
  const posted = jobs.find(job => job.outcome?.status === 'posted')
  const findings = matchFindings(posted?.outcome?.findings ?? [], shadow.outcome.findings ?? [])
  const count = (match: ComparedFinding['match']) => findings.filter(finding => finding.match === match).length
  return {
    shadow: _side(shadow, shadow.outcome),
    posted: posted?.outcome ? _side(posted, posted.outcome) : null,
    findings,
    counts: { both: count('both'), posted: count('posted'), shadow: count('shadow') },
  }
}

/** The findings of two reviews paired by place, in path and line order. */
export function matchFindings(posted: Finding[], shadow: Finding[]): ComparedFinding[] {
  const places = new Map<string, { path: string, side: 'LEFT' | 'RIGHT', line: number, posted: Finding[], shadow: Finding[] }>()
  const at = (finding: Finding) => {
    const key = `${finding.path}\0${finding.side}\0${finding.line}`
    let place = places.get(key)
    if (!place) places.set(key, place = { path: finding.path, side: finding.side, line: finding.line, posted: [], shadow: [] })
    return place
  }
  for (const finding of posted) at(finding).posted.push(finding)
  for (const finding of shadow) at(finding).shadow.push(finding)
  const sorted = [...places.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.side.localeCompare(b.side))
  return sorted.flatMap(place => Array.from({ length: Math.max(place.posted.length, place.shadow.length) }, (_, index) => {
    const left = place.posted[index]
    const right = place.shadow[index]
    return {
      path: place.path,
      side: place.side,
      line: place.line,
      match: left && right ? 'both' as const : left ? 'posted' as const : 'shadow' as const,
      ...(left ? { posted: { severity: left.severity, body: left.body } } : {}),
      ...(right ? { shadow: { severity: right.severity, body: right.body } } : {}),
    }
  }))
}

function _side(job: JobSummary, outcome: ReviewOutcome): ComparedReview {
  return {
    jobId: job.id,
    model: outcome.model,
    provider: outcome.provider,
    tokens: outcome.tokens,
    costUsd: outcome.costUsd,
    durationMs: job.durationMs,
    reviewUrl: outcome.reviewUrl,
    findings: outcome.findings?.length ?? 0,
  }
}
