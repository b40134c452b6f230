import type { ReviewOctokit } from '../github/octokit'
import type { ChangedFile } from './filter'
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

/** The review a Revue bot already posted with this hidden marker (see `reviewMarker`). */
export async function findPostedReview(octokit: ReviewOctokit, ref: PullRef, marker: string) {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return reviews.find(review => review.user?.type === 'Bot' && review.body?.includes(marker))
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
