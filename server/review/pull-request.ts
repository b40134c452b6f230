import type { ReviewOctokit } from '../github/octokit'
import type { ChangedFile } from './filter'
import { isOwn, readReviewMarker, type AppIdentity } from './markers'
import type { InlineComment } from './placement'

export interface PullRef {
  owner: string
  repo: string
  prNumber: number
}

export type PullRequest = Awaited<ReturnType<ReviewOctokit['rest']['pulls']['get']>>['data']

/** The pull request as it is now (head, state, title, description). */
export async function getPullRequest(octokit: ReviewOctokit, ref: PullRef): Promise<PullRequest> {
  const { data } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber })
  return data
}

/**
 * Every changed file with its patch, 100 a page. GitHub lists at most 3,000 files; the diff media type would
 * refuse a pull request past 300 files or 20,000 lines, so Revue never asks for it.
 */
export async function listChangedFiles(octokit: ReviewOctokit, ref: PullRef): Promise<ChangedFile[]> {
  return octokit.paginate(octokit.rest.pulls.listFiles, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
}

/**
 * The reviews Revue posted on the pull request, oldest first: this App's own, ending with its marker. Another bot's
 * review, or a marker anywhere but on the last line, does not count.
 */
export async function listRevueReviews(octokit: ReviewOctokit, ref: PullRef, app: AppIdentity) {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return reviews.flatMap((review) => {
    const marker = isOwn(review, app) ? readReviewMarker(review.body) : undefined
    return marker ? [{ ...review, marker }] : []
  })
}

/**
 * Where Revue's inline comments sit now, for those GitHub still places on the diff: an outdated comment (after a
 * push that changed its lines) has `line: null`. Reviews posted before findings were recorded are covered this way.
 */
export async function revueCommentPlaces(octokit: ReviewOctokit, ref: PullRef, reviewIds: Set<number>): Promise<Array<{ path: string, side: 'LEFT' | 'RIGHT', line: number }>> {
  if (!reviewIds.size) return []
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return comments.flatMap(comment => comment.pull_request_review_id && reviewIds.has(Number(comment.pull_request_review_id)) && comment.line
    ? [{ path: comment.path, side: comment.side ?? 'RIGHT', line: comment.line }]
    : [])
}

/** Posts one review that only comments: Revue never approves or requests changes on its own. */
export async function createReview(octokit: ReviewOctokit, ref: PullRef, review: { headSha: string, body: string, comments: InlineComment[] }) {
  const { data } = await octokit.rest.pulls.createReview({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.prNumber,
    commit_id: review.headSha,
    event: 'COMMENT',
    body: review.body,
    comments: review.comments,
  })
  return data
}
