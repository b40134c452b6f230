import { SEVERITIES, type Finding, type Severity } from '#shared/schemas/review'
import type { ReviewOctokit } from '../github/octokit'
import { atLeast, bySeverity, highestSeverity } from './noise'
import type { PullRef } from './pull-request'

export const CHECK_NAME = 'Revue'
// GitHub takes at most 50 annotations per request.
const MAX_ANNOTATIONS = 50

type Conclusion = 'success' | 'neutral' | 'failure' | 'skipped'

export interface CheckResult {
  conclusion: Conclusion
  title: string
  summary: string
  findings?: Finding[]
  /** Findings at least this severe are annotated as failures when the run fails. */
  failOn?: Severity | 'none'
}

/**
 * The check run of this head commit: reused when an earlier attempt already created it (so retries do not stack
 * runs), else created in progress.
 */
export async function startCheckRun(octokit: ReviewOctokit, ref: PullRef, headSha: string, appId: number): Promise<number> {
  const { data } = await octokit.rest.checks.listForRef({ owner: ref.owner, repo: ref.repo, ref: headSha, check_name: CHECK_NAME, app_id: appId, filter: 'latest' })
  const existing = data.check_runs.find(run => run.app?.id === appId && run.status !== 'completed')
  if (existing) return Number(existing.id)
  const { data: created } = await octokit.rest.checks.create({
    owner: ref.owner,
    repo: ref.repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing', summary: 'Revue is reviewing this commit.' },
  })
  return Number(created.id)
}

/** Completes the check run with its conclusion, a summary, and the findings as annotations on the new file's lines. */
export async function completeCheckRun(octokit: ReviewOctokit, ref: PullRef, id: number, result: CheckResult): Promise<void> {
  const annotations = (result.findings ?? [])
    .filter(finding => finding.side === 'RIGHT')
    .sort(bySeverity)
    .slice(0, MAX_ANNOTATIONS)
    .map(finding => ({
      path: finding.path,
      start_line: finding.line,
      end_line: finding.line,
      annotation_level: _level(finding.severity, result),
      title: `${finding.severity} finding`,
      message: finding.body.trim(),
    }))
  await octokit.rest.checks.update({
    owner: ref.owner,
    repo: ref.repo,
    check_run_id: id,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: result.title, summary: result.summary, ...(annotations.length ? { annotations } : {}) },
  })
}

/**
 * The conclusion follows the most severe finding: success with none, failure when it reaches `failOn`,
 * neutral otherwise (the default, `failOn: none`, never fails).
 */
export function checkConclusion(findings: Finding[], failOn: Severity | 'none'): { conclusion: Conclusion, title: string } {
  const highest = highestSeverity(findings)
  if (!highest) return { conclusion: 'success', title: 'No issues found' }
  const counts = SEVERITIES
    .map(severity => [severity, findings.filter(finding => finding.severity === severity).length] as const)
    .filter(([, count]) => count)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
  const title = `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts}`
  return { conclusion: failOn !== 'none' && atLeast(highest, failOn) ? 'failure' : 'neutral', title }
}

function _level(severity: Severity, result: CheckResult): 'failure' | 'warning' | 'notice' {
  if (result.conclusion === 'failure' && result.failOn && result.failOn !== 'none' && atLeast(severity, result.failOn)) return 'failure'
  return atLeast(severity, 'high') ? 'warning' : 'notice'
}
