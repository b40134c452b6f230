import { RequestError } from '@octokit/request-error'
import type { ChangedFile, InlineComment, OwnPost, PullRef, PullRequestState, ReviewToPost } from '../forge'
import { isOwn, type AppIdentity } from './identity'
import type { ReviewOctokit } from './octokit'

/** The pull request as it is now (head, state, title, description). */
export async function getPullRequest(octokit: ReviewOctokit, ref: PullRef): Promise<PullRequestState> {
  const { data } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber })
  return {
    owner: data.base.repo.owner.login,
    repo: data.base.repo.name,
    number: data.number,
    state: data.state,
    draft: data.draft ?? false,
    title: data.title,
    body: data.body,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    defaultBranch: data.base.repo.default_branch,
  }
}

/**
 * Every changed file with its patch, 100 a page. GitHub lists at most 3,000 files; the diff media type would
 * refuse a pull request past 300 files or 20,000 lines, so Revue never asks for it.
 */
export async function listChangedFiles(octokit: ReviewOctokit, ref: PullRef): Promise<ChangedFile[]> {
  return octokit.paginate(octokit.rest.pulls.listFiles, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
}

/** This App's reviews on the pull request, oldest first. */
export async function listOwnReviews(octokit: ReviewOctokit, ref: PullRef, app: AppIdentity): Promise<OwnPost[]> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return reviews.filter(review => isOwn(review, app)).map(review => ({ id: Number(review.id), url: review.html_url, body: review.body ?? '' }))
}

/**
 * Where the inline comments of these reviews sit now, for those GitHub still places on the diff: an outdated comment
 * (after a push that changed its lines) has `line: null`.
 */
export async function listCommentPlaces(octokit: ReviewOctokit, ref: PullRef, reviewIds: Set<number>): Promise<Array<Pick<InlineComment, 'path' | 'side' | 'line'>>> {
  if (!reviewIds.size) return []
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 })
  return comments.flatMap(comment => comment.pull_request_review_id && reviewIds.has(Number(comment.pull_request_review_id)) && comment.line
    ? [{ path: comment.path, side: comment.side ?? 'RIGHT', line: comment.line }]
    : [])
}

/**
 * Posts one review that only comments: Revue never approves or requests changes on its own. GitHub refuses the whole
 * review (422) when an inline comment's line is not in the diff: it is posted again with every comment in its body.
 */
export async function createReview(octokit: ReviewOctokit, ref: PullRef, review: ReviewToPost, warn: (message: string) => unknown): Promise<{ post: OwnPost, refused: InlineComment[] }> {
  try {
    return { post: await _create(octokit, ref, review.headSha, review.body([]), review.comments), refused: [] }
  }
  catch (error) {
    if (!(error instanceof RequestError) || error.status !== 422 || !review.comments.length) throw error
    await warn(`GitHub refused the inline comments (${error.message}); listing every finding in the review body instead`)
    return { post: await _create(octokit, ref, review.headSha, review.body(review.comments), []), refused: review.comments }
  }
}

async function _create(octokit: ReviewOctokit, ref: PullRef, headSha: string, body: string, comments: InlineComment[]): Promise<OwnPost> {
  const { data } = await octokit.rest.pulls.createReview({ owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, commit_id: headSha, event: 'COMMENT', body, comments })
  return { id: Number(data.id), url: data.html_url, body: data.body }
}
