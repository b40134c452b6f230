import type { ReviewJobData } from '#shared/schemas/job'
import type { PullRequestState } from '../forges/forge'
import { reviewJobId } from './ids'

/**
 * A review job of a pull request's current head asked from the dashboard (a re-run, a shadow run): its data and its
 * id, which carries the run so that it never merges with the head's own review.
 */
export function dashboardReviewJob(installationId: number, pr: PullRequestState, run: string, extra: Pick<ReviewJobData, 'trigger' | 'shadow'>): { data: ReviewJobData, jobId: string } {
  const data: ReviewJobData = {
    installationId,
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
