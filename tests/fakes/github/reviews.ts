// Reviews of a pull request: listed, read, and created with GitHub's checks of every inline comment.
import type { Router } from 'h3'
import { intParam, invalid, objectBody, orNotFound, paginate, requireObject, unprocessable } from './http'
import { HTML_URL } from './ids'
import { pullUrl, userJson } from './json'
import { findLine, parsePatch } from './patch'
import type { NormalizedFile } from './pull-state'
import { PULL, loadPull, pullParams } from './pulls'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'
import type { StoredReview, StoredReviewComment } from './types'

const EVENTS = ['APPROVE', 'REQUEST_CHANGES', 'COMMENT']
const SIDES = ['LEFT', 'RIGHT']

export function reviewJson(state: FakeState, review: StoredReview): Record<string, unknown> {
  const pull = state.pulls.find(review.owner, review.repo, review.number)
  const pullRequestUrl = pull ? pullUrl(state, pull) : `${state.url}/repos/${review.owner}/${review.repo}/pulls/${review.number}`
  const htmlUrl = `${HTML_URL}/${review.owner}/${review.repo}/pull/${review.number}#pullrequestreview-${review.id}`
  const json: Record<string, unknown> = {
    id: review.id,
    node_id: `PRR_kwDO${review.id.toString(36)}`,
    user: userJson(state, review.user),
    body: review.body,
    state: review.state,
    html_url: htmlUrl,
    pull_request_url: pullRequestUrl,
    author_association: review.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    _links: { html: { href: htmlUrl }, pull_request: { href: pullRequestUrl } },
    commit_id: review.commit_id,
  }
  if (review.state !== 'PENDING') json.submitted_at = review.submitted_at
  return json
}

// Mirrors GitHub's checks for review comments: the path must be in the PR at that commit and
// every line must sit inside a hunk on the requested side.
function validateComment(raw: unknown, index: number, files: NormalizedFile[]): StoredReviewComment {
  const c = requireObject(raw, `comments/${index}`)
  if (typeof c.path !== 'string') throw invalid(`comments/${index}/path`, c.path, 'is not a string')
  if (typeof c.body !== 'string') throw invalid(`comments/${index}/body`, c.body, 'is not a string')
  for (const key of ['side', 'start_side']) {
    if (c[key] !== undefined && !SIDES.includes(c[key] as string)) throw invalid(`comments/${index}/${key}`, c[key], 'is not one of ["LEFT", "RIGHT"]')
  }
  for (const key of ['line', 'start_line']) {
    if (c[key] !== undefined && !Number.isInteger(c[key])) throw invalid(`comments/${index}/${key}`, c[key], 'is not an integer')
  }
  const side = (c.side ?? 'RIGHT') as 'LEFT' | 'RIGHT'
  const file = files.find(f => f.filename === c.path)
  if (!file) throw unprocessable(['Path could not be resolved'])
  const hunks = parsePatch(file.patch)
  const line = c.line as number | undefined
  const end = line === undefined ? undefined : findLine(hunks, line, side)
  if (line === undefined || !end) throw unprocessable(['Line could not be resolved'])
  const comment: StoredReviewComment = { path: c.path, line, side, body: c.body }
  if (c.start_line !== undefined) {
    const startSide = (c.start_side ?? side) as 'LEFT' | 'RIGHT'
    const start = findLine(hunks, c.start_line as number, startSide)
    if (!start || start.hunk !== end.hunk) throw unprocessable(['Pull request review thread start line must be part of the same hunk as the line.'])
    if (start.line.index >= end.line.index) throw unprocessable(['Pull request review thread start line must precede the end line.'])
    comment.start_line = c.start_line as number
    comment.start_side = startSide
  }
  return comment
}

function createReview(ctx: RouteContext): StoredReview {
  const { owner, repo, number } = pullParams(ctx)
  const { pull } = ctx.state.requirePull(ctx, owner, repo, number)
  const body = objectBody(ctx)
  const event = body.event
  if (event !== undefined && !EVENTS.includes(event as string)) throw invalid('event', event, 'is not one of ["APPROVE", "REQUEST_CHANGES", "COMMENT"]')
  if (body.body !== undefined && body.body !== null && typeof body.body !== 'string') throw invalid('body', body.body, 'is not a string')
  if (body.comments !== undefined && !Array.isArray(body.comments)) throw invalid('comments', body.comments, 'is not an array')
  const commitId = body.commit_id === undefined ? pull.headSha : body.commit_id
  if (typeof commitId !== 'string' || !pull.heads.has(commitId)) throw unprocessable([`No commit found for SHA: ${String(commitId)}`])
  const comments = ((body.comments ?? []) as unknown[]).map((c, i) => validateComment(c, i, ctx.state.pulls.files(pull, commitId)))
  const bot = ctx.state.botUser
  if (pull.user.login === bot.login && (event === 'APPROVE' || event === 'REQUEST_CHANGES')) {
    throw unprocessable([event === 'APPROVE' ? 'Can not approve your own pull request' : 'Can not request changes on your own pull request'])
  }
  return ctx.state.pulls.storeReview(owner, repo, number, {
    commit_id: commitId,
    body: typeof body.body === 'string' ? body.body : '',
    event: typeof event === 'string' ? event : 'PENDING',
    comments,
    user: bot,
  })
}

export function reviewRoutes(router: Router): void {
  route(router, 'GET', `${PULL}/reviews`, { docs: 'https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request' }, (ctx) => {
    const pull = loadPull(ctx)
    const page = paginate(ctx, ctx.state.pulls.reviews(pull.owner, pull.repo, pull.number))
    return { body: page.items.map(r => reviewJson(ctx.state, r)), headers: page.headers }
  })
  route(router, 'GET', `${PULL}/reviews/:review_id`, { docs: 'https://docs.github.com/rest/pulls/reviews#get-a-review-for-a-pull-request' }, (ctx) => {
    const pull = loadPull(ctx)
    const id = intParam(ctx, 'review_id')
    const review = orNotFound(ctx.state.pulls.reviews(pull.owner, pull.repo, pull.number).find(r => r.id === id))
    return { body: reviewJson(ctx.state, review) }
  })
  route(router, 'POST', `${PULL}/reviews`, { docs: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' }, ctx => ({ body: reviewJson(ctx.state, createReview(ctx)) }))
}
