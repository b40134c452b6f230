import type { Router } from 'h3'
import { ancestry } from './commits'
import { HttpError, intParam, invalid, notFound, objectBody, paginate, repoParams, unprocessable } from './http'
import { pullHtmlUrl, pullUrl, repoJson, userJson } from './json'
import { parsePatch, renderDiff, type Hunk } from './patch'
import { route, type RouteContext } from './route'
import { HTML_URL } from './ids'
import { MAX_LISTED_FILES, type NormalizedFile, type PullState } from './pull-state'
import type { FakeState } from './state'
import type { StoredReview, StoredReviewComment } from './types'
import { userRepository } from './users'

const DIFF_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.diff/i
const MAX_DIFF_FILES = 300
const MAX_DIFF_LINES = 20_000
const EVENTS = ['APPROVE', 'REQUEST_CHANGES', 'COMMENT']
const SIDES = ['LEFT', 'RIGHT']

function pullParams(ctx: RouteContext): { owner: string, repo: string, number: number } {
  return { owner: ctx.params.owner ?? '', repo: ctx.params.repo ?? '', number: intParam(ctx, 'pull_number') }
}

function loadPull(ctx: RouteContext): PullState {
  const { owner, repo, number } = pullParams(ctx)
  return ctx.state.requirePull(ctx, owner, repo, number).pull
}

function pullJson(state: FakeState, pull: PullState): Record<string, unknown> {
  const files = state.pulls.files(pull)
  const url = pullUrl(state, pull)
  const repo = repoJson(state, pull.owner, pull.repo)
  const user = userJson(state, pull.user)
  const issueUrl = `${state.url}/repos/${pull.owner}/${pull.repo}/issues/${pull.number}`
  const reviewComments = state.pulls.reviews(pull.owner, pull.repo, pull.number).reduce((n, r) => n + r.comments.length, 0)
  const json: Record<string, unknown> = {
    url,
    id: pull.id,
    node_id: `PR_kwDO${pull.id.toString(36)}`,
    html_url: pullHtmlUrl(pull),
    diff_url: `${pullHtmlUrl(pull)}.diff`,
    patch_url: `${pullHtmlUrl(pull)}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${state.url}/repos/${pull.owner}/${pull.repo}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${state.url}/repos/${pull.owner}/${pull.repo}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user,
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === 'closed' ? pull.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    draft: pull.draft,
    head: { label: `${pull.owner}:${pull.headRef}`, ref: pull.headRef, sha: pull.headSha, user: repo.owner, repo },
    base: { label: `${pull.owner}:${pull.baseRef}`, ref: pull.baseRef, sha: pull.baseSha, user: repo.owner, repo },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: reviewComments,
    maintainer_can_modify: false,
    commits: ancestry(pull, pull.headSha).filter(sha => pull.commits.has(sha)).length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  }
  const rels = { self: 'url', html: 'html_url', issue: 'issue_url', comments: 'comments_url', review_comments: 'review_comments_url', review_comment: 'review_comment_url', commits: 'commits_url', statuses: 'statuses_url' }
  return { ...json, _links: Object.fromEntries(Object.entries(rels).map(([rel, key]) => [rel, { href: json[key] }])) }
}

// as in GET .../pulls/{n}/files and GET .../compare/{basehead}, with the blob at `sha`
export function fileJson(state: FakeState, pull: PullState, file: NormalizedFile, sha = pull.headSha): Record<string, unknown> {
  const path = file.filename.split('/').map(encodeURIComponent).join('/')
  const json: Record<string, unknown> = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.changes,
    blob_url: `${HTML_URL}/${pull.owner}/${pull.repo}/blob/${sha}/${path}`,
    raw_url: `${HTML_URL}/${pull.owner}/${pull.repo}/raw/${sha}/${path}`,
    contents_url: `${state.url}/repos/${pull.owner}/${pull.repo}/contents/${path}?ref=${sha}`,
  }
  if (file.patch !== undefined) json.patch = file.patch
  if (file.previous_filename !== undefined) json.previous_filename = file.previous_filename
  return json
}

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

function locate(hunks: Hunk[], line: number, side: string): { hunk: number, position: number } | undefined {
  for (const [index, hunk] of hunks.entries()) {
    const position = (side === 'LEFT' ? hunk.left : hunk.right).get(line)
    if (position !== undefined) return { hunk: index, position }
  }
  return undefined
}

// Mirrors GitHub's checks for review comments: the path must be in the PR at that commit and
// every line must sit inside a hunk on the requested side.
function validateComment(raw: unknown, index: number, files: NormalizedFile[]): StoredReviewComment {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`comments/${index}`, raw, 'is not an object')
  const c = raw as Record<string, unknown>
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
  const hunks = file.patch ? parsePatch(file.patch) : []
  const line = c.line as number | undefined
  const end = line === undefined ? undefined : locate(hunks, line, side)
  if (line === undefined || !end) throw unprocessable(['Line could not be resolved'])
  const comment: StoredReviewComment = { path: c.path, line, side, body: c.body }
  if (c.start_line !== undefined) {
    const startSide = (c.start_side ?? side) as 'LEFT' | 'RIGHT'
    const start = locate(hunks, c.start_line as number, startSide)
    if (!start || start.hunk !== end.hunk) throw unprocessable(['Pull request review thread start line must be part of the same hunk as the line.'])
    if (start.position >= end.position) throw unprocessable(['Pull request review thread start line must precede the end line.'])
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

const PULL = '/repos/:owner/:repo/pulls/:pull_number'

export function pullRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo', { docs: 'https://docs.github.com/rest/repos/repos#get-a-repository' }, (ctx) => {
    if (ctx.state.isUserCredential(ctx.headers)) return userRepository(ctx)
    const { owner, repo } = repoParams(ctx)
    return { body: repoJson(ctx.state, owner, repo) }
  })
  route(router, 'GET', PULL, { docs: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request' }, (ctx) => {
    const pull = loadPull(ctx)
    if (!DIFF_MEDIA_TYPE.test(ctx.headers.accept ?? '')) return { body: pullJson(ctx.state, pull) }
    const files = ctx.state.pulls.files(pull)
    const tooLarge = { errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }] }
    const docs = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files'
    if (files.length > MAX_DIFF_FILES) {
      throw new HttpError(406, `Sorry, the diff exceeded the maximum number of files (${MAX_DIFF_FILES}). Consider using 'List pull requests files' API or locally cloning the repository instead.`, tooLarge, docs)
    }
    const diff = renderDiff(files)
    if (diff.split('\n').length - 1 > MAX_DIFF_LINES) {
      throw new HttpError(406, `Sorry, the diff exceeded the maximum number of lines (${MAX_DIFF_LINES}). Consider using 'List pull requests files' API or locally cloning the repository instead.`, tooLarge, docs)
    }
    return { text: { content: diff, contentType: 'text/plain; charset=utf-8' } }
  })
  route(router, 'GET', `${PULL}/files`, { docs: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files' }, (ctx) => {
    const pull = loadPull(ctx)
    const page = paginate(ctx, ctx.state.pulls.files(pull).slice(0, MAX_LISTED_FILES))
    return { body: page.items.map(f => fileJson(ctx.state, pull, f)), headers: page.headers }
  })
  route(router, 'GET', `${PULL}/reviews`, { docs: 'https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request' }, (ctx) => {
    const pull = loadPull(ctx)
    const page = paginate(ctx, ctx.state.pulls.reviews(pull.owner, pull.repo, pull.number))
    return { body: page.items.map(r => reviewJson(ctx.state, r)), headers: page.headers }
  })
  route(router, 'GET', `${PULL}/reviews/:review_id`, { docs: 'https://docs.github.com/rest/pulls/reviews#get-a-review-for-a-pull-request' }, (ctx) => {
    const pull = loadPull(ctx)
    const id = intParam(ctx, 'review_id')
    const review = ctx.state.pulls.reviews(pull.owner, pull.repo, pull.number).find(r => r.id === id)
    if (!review) throw notFound()
    return { body: reviewJson(ctx.state, review) }
  })
  route(router, 'POST', `${PULL}/reviews`, { docs: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' }, ctx => ({ body: reviewJson(ctx.state, createReview(ctx)) }))
}
