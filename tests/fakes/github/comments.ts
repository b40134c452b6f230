// Issue comments: the conversation of a pull request (every pull request is an issue).
import type { Router } from 'h3'
import { appJson } from './apps'
import { intParam, invalid, missing, objectBody, paginate, validationFailed } from './http'
import { HTML_URL, isoSeconds, numericId } from './ids'
import { userJson } from './json'
import { findIssueComment, reactionRollup, reactionsOf } from './reactions'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'
import type { FakeIssueCommentInput, StoredIssueComment } from './types'

const DOCS = 'https://docs.github.com/rest/issues/comments'
const MAX_BODY = 65_536

// OWNER, COLLABORATOR (a role given with addUser), CONTRIBUTOR (a pull request's author) or NONE; bots are NONE.
export function authorAssociation(state: FakeState, owner: string, repo: string, user: { login: string, type: 'User' | 'Bot' }): string {
  const login = user.login.toLowerCase()
  if (user.type === 'Bot') return 'NONE'
  if (login === owner.toLowerCase()) return 'OWNER'
  if (state.users.roleOf(user.login, owner, repo)) return 'COLLABORATOR'
  return state.pulls.of(owner, repo).some(p => p.user.login.toLowerCase() === login) ? 'CONTRIBUTOR' : 'NONE'
}

export function storeIssueComment(state: FakeState, owner: string, repo: string, number: number, input: FakeIssueCommentInput, viaApp = false): StoredIssueComment {
  const type = input.user.type ?? 'User'
  const id = state.users.find(input.user.login)?.id ?? numericId(input.user.login, 100_000)
  const now = isoSeconds()
  const comment: StoredIssueComment = {
    id: state.nextId('comment'),
    owner,
    repo,
    number,
    body: input.body,
    user: type === 'Bot' && input.user.login === state.botUser.login ? { ...state.botUser } : { login: input.user.login, id, type },
    author_association: input.author_association ?? authorAssociation(state, owner, repo, { login: input.user.login, type }),
    via_app: viaApp,
    created_at: now,
    updated_at: now,
  }
  state.issueComments.push(comment)
  return comment
}

function issueCommentJson(state: FakeState, comment: StoredIssueComment): Record<string, unknown> {
  const api = `${state.url}/repos/${comment.owner}/${comment.repo}`
  const url = `${api}/issues/comments/${comment.id}`
  return {
    url,
    html_url: `${HTML_URL}/${comment.owner}/${comment.repo}/pull/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.number}`,
    id: comment.id,
    node_id: `IC_kwDO${comment.id.toString(36)}`,
    user: userJson(state, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: comment.author_association,
    body: comment.body,
    reactions: reactionRollup(url, reactionsOf(state, comment.id)),
    performed_via_github_app: comment.via_app ? appJson(state) : null,
  }
}

function readBody(ctx: RouteContext): string {
  const body = objectBody(ctx).body
  if (body === undefined) throw missing('body')
  if (typeof body !== 'string') throw invalid('body', body, 'is not a string')
  if (body.length > MAX_BODY) {
    throw validationFailed({ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${MAX_BODY} characters)` })
  }
  return body
}

function issueParams(ctx: RouteContext): { owner: string, repo: string, number: number } {
  const owner = ctx.params.owner ?? ''
  const repo = ctx.params.repo ?? ''
  const number = intParam(ctx, 'issue_number')
  ctx.state.requirePull(ctx, owner, repo, number)
  return { owner, repo, number }
}

export function commentsOn(state: FakeState, owner: string, repo: string, number: number): StoredIssueComment[] {
  const key = `${owner}/${repo}`.toLowerCase()
  return state.issueComments.filter(c => c.number === number && `${c.owner}/${c.repo}`.toLowerCase() === key)
}

export function commentRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo/issues/:issue_number/comments', { docs: `${DOCS}#list-issue-comments` }, (ctx) => {
    const { owner, repo, number } = issueParams(ctx)
    const since = Date.parse(ctx.url.searchParams.get('since') ?? '')
    const comments = commentsOn(ctx.state, owner, repo, number).filter(c => Number.isNaN(since) || Date.parse(c.updated_at) >= since)
    const page = paginate(ctx, comments)
    return { body: page.items.map(c => issueCommentJson(ctx.state, c)), headers: page.headers }
  })
  route(router, 'POST', '/repos/:owner/:repo/issues/:issue_number/comments', { docs: `${DOCS}#create-an-issue-comment` }, (ctx) => {
    const { owner, repo, number } = issueParams(ctx)
    const comment = storeIssueComment(ctx.state, owner, repo, number, { body: readBody(ctx), user: ctx.state.botUser }, true)
    return { status: 201, body: issueCommentJson(ctx.state, comment) }
  })
  route(router, 'GET', '/repos/:owner/:repo/issues/comments/:comment_id', { docs: `${DOCS}#get-an-issue-comment` }, ctx => ({ body: issueCommentJson(ctx.state, findIssueComment(ctx)) }))
  route(router, 'PATCH', '/repos/:owner/:repo/issues/comments/:comment_id', { docs: `${DOCS}#update-an-issue-comment` }, (ctx) => {
    const comment = findIssueComment(ctx)
    comment.body = readBody(ctx)
    comment.updated_at = isoSeconds()
    return { body: issueCommentJson(ctx.state, comment) }
  })
}
