import type { ForgeName, ReviewJobData } from '#shared/schemas/job'
import type { PullRequestState } from '../forges/forge'
import { lookUpPullRequest } from '../forges/github/lookup'
import { lookUpMergeRequest } from '../forges/gitlab/lookup'
import { GITLAB_PREFIX, isGitLabKey, reviewJobId } from './ids'

/** The pull request (or merge request) a repository key and number name, on its forge, as it is now. */
export async function findPullRequest(repo: string, number: number): Promise<{ forge?: ForgeName, installationId: number, pr: PullRequestState }> {
  if (isGitLabKey(repo)) return { forge: 'gitlab', ...await lookUpMergeRequest(repo.slice(GITLAB_PREFIX.length), number) }
  const [owner, name] = repo.split('/') as [string, string]
  return lookUpPullRequest(owner, name, number)
}

/**
 * A review job of a pull request's current head asked from the dashboard (a re-run, a shadow run): its data and its
 * id, which carries the run so that it never merges with the head's own review.
 */
export function dashboardReviewJob(found: { forge?: ForgeName, installationId: number, pr: PullRequestState }, run: string, extra: Pick<ReviewJobData, 'trigger' | 'shadow'>): { data: ReviewJobData, jobId: string } {
  const { pr } = found
  const data: ReviewJobData = {
    ...(found.forge ? { forge: found.forge } : {}),
    installationId: found.installationId,
    owner: pr.owner,
    repo: pr.repo,
    prNumber: pr.number,
    headSha: pr.headSha,
    deliveryId: `dashboard-${run}`,
    title: pr.title,
    rerun: run,
    ...extra,
  }
  return { data, jobId: reviewJobId(data, run) }
}
