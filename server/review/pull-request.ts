import type { ReviewOctokit } from '../github/octokit'
import type { ChangedFile } from './filter'
import { markedSha } from './compose'
import { commentKey } from './noise'
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

/** The reviews Revue posted on the pull request (a bot's, carrying the marker), oldest first. */
export async function listRevueReviews(octokit: ReviewOctokit, ref: PullRef) {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return reviews.filter(review => review.user?.type === 'Bot' && markedSha(review.body))
}

/** Where Revue's inline comments sit now (`path:side:line`), for those GitHub still places on the diff. */
export async function revueCommentPlaces(octokit: ReviewOctokit, ref: PullRef, reviewIds: Set<number>): Promise<Set<string>> {
  if (!reviewIds.size) return new Set()
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return new Set(comments
    .filter(comment => comment.pull_request_review_id && reviewIds.has(Number(comment.pull_request_review_id)) && comment.line)
    .map(comment => commentKey({ path: comment.path, side: comment.side, line: comment.line })))
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
