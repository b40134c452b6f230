// The inline comments of stored reviews, as GET /repos/{owner}/{repo}/pulls/{pull_number}/comments lists them.
import { intParam, paginate, type Route } from './http'
import { pullUrl, userJson } from './json'
import { locateLine } from './patch'
import { reactionRollup } from './reactions'
import { HTML_URL, type FakeState, type PullState } from './state'
import type { StoredReview, StoredReviewComment } from './types'

// Stored comments carry no id: a review's nth comment is review id × 1000 + n.
export function reviewCommentId(review: StoredReview, index: number): number {
  return review.id * 1000 + index + 1
}

function reviewCommentJson(state: FakeState, pull: PullState, review: StoredReview, comment: StoredReviewComment, index: number): Record<string, unknown> {
  const id = reviewCommentId(review, index)
  const url = `${state.url}/repos/${pull.owner}/${pull.repo}/pulls/comments/${id}`
  const html = `${HTML_URL}/${pull.owner}/${pull.repo}/pull/${pull.number}#discussion_r${id}`
  const side = comment.side ?? 'RIGHT'
  const file = state.files(pull, review.commit_id).find(f => f.filename === comment.path)
  const located = comment.line === undefined ? undefined : locateLine(file?.patch, comment.line, side)
  const start = comment.start_line ?? null
  return {
    url,
    pull_request_review_id: review.id,
    id,
    node_id: `PRRC_kwDO${id.toString(36)}`,
    diff_hunk: located?.diffHunk ?? '',
    path: comment.path,
    position: located?.position ?? null,
    original_position: located?.position ?? null,
    commit_id: review.commit_id,
    original_commit_id: review.commit_id,
    user: userJson(state, review.user),
    body: comment.body,
    created_at: review.submitted_at,
    updated_at: review.submitted_at,
    html_url: html,
    pull_request_url: pullUrl(state, pull),
    author_association: review.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl(state, pull) } },
    reactions: reactionRollup(url, []),
    start_line: start,
    original_start_line: start,
    start_side: start === null ? null : comment.start_side ?? side,
    line: comment.line ?? null,
    original_line: comment.line ?? null,
    side,
    subject_type: 'line',
  }
}

export const reviewCommentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:pull_number/comments',
    docs: 'https://docs.github.com/rest/pulls/comments#list-review-comments-on-a-pull-request',
    handler: (ctx) => {
      const { state } = ctx
      const { pull } = state.requirePull(ctx, ctx.params.owner ?? '', ctx.params.repo ?? '', intParam(ctx, 'pull_number'))
      const comments = state.reviews(pull.owner, pull.repo, pull.number)
        .flatMap(review => review.comments.map((comment, index) => ({ review, comment, index })))
      const page = paginate(ctx, comments)
      return { body: page.items.map(c => reviewCommentJson(state, pull, c.review, c.comment, c.index)), headers: page.headers }
    },
  },
]
