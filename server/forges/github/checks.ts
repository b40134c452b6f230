import type { CheckOutcome, PullRef } from '../forge'
import type { ReviewOctokit } from './octokit'

export const CHECK_NAME = 'Revue'
// GitHub takes at most 50 annotations per request.
const MAX_ANNOTATIONS = 50

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

/** Completes the check run with its conclusion, a summary, and annotations on the new file's lines. */
export async function completeCheckRun(octokit: ReviewOctokit, ref: PullRef, id: number, outcome: CheckOutcome): Promise<void> {
  const annotations = (outcome.annotations ?? []).slice(0, MAX_ANNOTATIONS).map(annotation => ({
    path: annotation.path,
    start_line: annotation.line,
    end_line: annotation.line,
    annotation_level: annotation.level,
    title: annotation.title,
    message: annotation.message,
  }))
  await octokit.rest.checks.update({
    owner: ref.owner,
    repo: ref.repo,
    check_run_id: id,
    status: 'completed',
    conclusion: outcome.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: outcome.title, summary: outcome.summary, ...(annotations.length ? { annotations } : {}) },
  })
}
