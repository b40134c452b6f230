// A pull request as GET .../pulls/{n} shows it (JSON or diff), its files, and its repository.
import type { Router } from 'h3'
import { ancestry } from './commits'
import { HttpError, intParam, paginate, repoParams } from './http'
import { HTML_URL } from './ids'
import { pullHtmlUrl, pullUrl, repoJson, userJson } from './json'
import { renderDiff } from './patch'
import { MAX_LISTED_FILES, type NormalizedFile, type PullState } from './pull-state'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'
import { userRepository } from './users'

export const PULL = '/repos/:owner/:repo/pulls/:pull_number'
const DIFF_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.diff/i
const MAX_DIFF_FILES = 300
const MAX_DIFF_LINES = 20_000

export function pullParams(ctx: RouteContext): { owner: string, repo: string, number: number } {
  return { owner: ctx.params.owner ?? '', repo: ctx.params.repo ?? '', number: intParam(ctx, 'pull_number') }
}

export function loadPull(ctx: RouteContext): PullState {
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
}
