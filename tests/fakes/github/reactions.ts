import type { Router } from 'h3'
import { intParam, invalid, missing, objectBody, oneOf, orNotFound, paginate, repoParams } from './http'
import { isoSeconds } from './ids'
import { userJson } from './json'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'
import type { ReactionContent, StoredIssueComment, StoredReaction } from './types'

const DOCS = 'https://docs.github.com/rest/reactions/reactions'
export const REACTIONS: ReactionContent[] = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']

function isReaction(value: unknown): value is ReactionContent {
  return REACTIONS.includes(value as ReactionContent)
}

export function reactionsOf(state: FakeState, commentId: number): StoredReaction[] {
  return state.reactions.filter(r => r.comment_id === commentId)
}

// The `reactions` rollup of a comment: its URL, a total and a count per content.
export function reactionRollup(url: string, reactions: StoredReaction[]): Record<string, unknown> {
  const counts = Object.fromEntries(REACTIONS.map(content => [content, reactions.filter(r => r.content === content).length]))
  return { url: `${url}/reactions`, total_count: reactions.length, ...counts }
}

export function findIssueComment(ctx: RouteContext): StoredIssueComment {
  const { owner, repo } = repoParams(ctx)
  const id = intParam(ctx, 'comment_id')
  const comment = orNotFound(ctx.state.issueComments.find(c => c.id === id && `${c.owner}/${c.repo}`.toLowerCase() === `${owner}/${repo}`.toLowerCase()))
  return comment
}

function reactionJson(state: FakeState, reaction: StoredReaction): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: `REA_lATO${reaction.id.toString(36)}`,
    user: userJson(state, reaction.user),
    content: reaction.content,
    created_at: reaction.created_at,
  }
}

const PATH = '/repos/:owner/:repo/issues/comments/:comment_id/reactions'

export function reactionRoutes(router: Router): void {
  route(router, 'GET', PATH, { docs: `${DOCS}#list-reactions-for-an-issue-comment` }, (ctx) => {
    const comment = findIssueComment(ctx)
    const content = ctx.url.searchParams.get('content')
    if (content !== null && !isReaction(content)) throw invalid('content', content, oneOf(REACTIONS))
    const page = paginate(ctx, reactionsOf(ctx.state, comment.id).filter(r => content === null || r.content === content))
    return { body: page.items.map(r => reactionJson(ctx.state, r)), headers: page.headers }
  })
  // 201 for a new reaction, 200 with the existing one when the user already reacted so
  route(router, 'POST', PATH, { docs: `${DOCS}#create-reaction-for-an-issue-comment` }, (ctx) => {
    const { state } = ctx
    const comment = findIssueComment(ctx)
    const content = objectBody(ctx).content
    if (content === undefined) throw missing('content')
    if (!isReaction(content)) throw invalid('content', content, oneOf(REACTIONS))
    const user = state.botUser
    const existing = reactionsOf(state, comment.id).find(r => r.content === content && r.user.login === user.login)
    if (existing) return { body: reactionJson(state, existing) }
    const reaction: StoredReaction = { id: state.nextId('reaction'), comment_id: comment.id, content, user, created_at: isoSeconds() }
    state.reactions.push(reaction)
    return { status: 201, body: reactionJson(state, reaction) }
  })
}
