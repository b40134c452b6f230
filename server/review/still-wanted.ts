import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import type { OwnPost, PullRequestState } from '../forges/forge'
import type { StepDeps } from './deps'
import { readReviewMarker } from './markers'

/** A review Revue posted, with the head commit (and re-run) its marker names. */
export type RevueReview = OwnPost & { marker: { sha: string, run?: string } }

export const NOTHING = { inlineComments: 0, summaryFindings: 0, skippedFiles: [], tokens: { input: 0, output: 0 } }

/**
 * The reviews Revue posted on the pull request, oldest first: this App's own, ending with its marker. Another bot's
 * review, or a marker anywhere but on the last line, does not count.
 */
export async function listRevueReviews(deps: Pick<StepDeps, 'forge'>): Promise<RevueReview[]> {
  return (await deps.forge.ownReviews()).flatMap((review) => {
    const marker = readReviewMarker(review.body)
    return marker ? [{ ...review, marker }] : []
  })
}

/** The pull request and Revue's reviews of it, or the outcome that ends the job: closed, head moved on, or done. */
export async function stillWanted(deps: Pick<StepDeps, 'forge' | 'log'>, job: ReviewJobData): Promise<{ pr: PullRequestState, reviews: RevueReview[] } | { outcome: ReviewOutcome }> {
  const { headSha } = job
  const pr = await deps.forge.get()
  if (pr.state !== 'open' || pr.headSha !== headSha) {
    const reason = pr.state !== 'open' ? `the pull request is ${pr.state}` : `the head moved on to ${pr.headSha.slice(0, 7)}; a newer job reviews it`
    await deps.log.info(`Not reviewing: ${reason}`)
    return { outcome: { ...NOTHING, status: pr.state !== 'open' ? 'skipped' : 'stale', reason } }
  }
  const reviews = await listRevueReviews(deps)
  const posted = reviews.find(review => review.marker.sha === headSha && review.marker.run === job.rerun)
  if (posted) {
    await deps.log.info(`Already reviewed: ${posted.url}`)
    return { outcome: { ...NOTHING, status: 'already-posted', reviewId: posted.id, reviewUrl: posted.url } }
  }
  return { pr, reviews }
}
