// The inline comments of stored reviews, as GET /repos/{owner}/{repo}/pulls/{pull_number}/comments lists them.
import type { Router } from 'h3'
import { intParam, paginate } from './http'
import { HTML_URL } from './ids'
import { pullUrl, userJson } from './json'
import { locateLine } from './patch'
import type { PullState } from './pull-state'
import { reactionRollup } from './reactions'
import { route } from './route'
import type { FakeState } from './state'
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
  const patchAt = (sha: string): string | undefined => state.pulls.files(pull, sha).find(f => f.filename === comment.path)?.patch
  const original = comment.line === undefined ? undefined : locateLine(patchAt(review.commit_id), comment.line, side)
  const current = comment.current ?? { commit_id: review.commit_id, line: comment.line ?? null, start_line: comment.start_line }
  const located = current.line === null ? undefined : locateLine(patchAt(current.commit_id), current.line, side)
  const start = comment.start_line ?? null
  return {
    url,
    pull_request_review_id: review.id,
    id,
    node_id: `PRRC_kwDO${id.toString(36)}`,
    diff_hunk: original?.diffHunk ?? '',
    path: comment.path,
    position: located?.position ?? null,
    original_position: original?.position ?? null,
    commit_id: current.commit_id,
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
    start_line: current.line === null ? null : current.start_line ?? null,
    original_start_line: start,
    start_side: start === null ? null : comment.start_side ?? side,
    line: current.line,
    original_line: comment.line ?? null,
    side,
    subject_type: 'line',
  }
}

export function reviewCommentRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo/pulls/:pull_number/comments', { docs: 'https://docs.github.com/rest/pulls/comments#list-review-comments-on-a-pull-request' }, (ctx) => {
    const { state } = ctx
    const { pull } = state.requirePull(ctx, ctx.params.owner ?? '', ctx.params.repo ?? '', intParam(ctx, 'pull_number'))
    const comments = state.pulls.reviews(pull.owner, pull.repo, pull.number)
      .flatMap(review => review.comments.map((comment, index) => ({ review, comment, index })))
    const page = paginate(ctx, comments)
    return { body: page.items.map(c => reviewCommentJson(state, pull, c.review, c.comment, c.index)), headers: page.headers }
  })
}
