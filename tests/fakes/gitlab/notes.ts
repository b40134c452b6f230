// Notes and discussions on a merge request, and award emoji on its notes:
// GET/POST /projects/:id/merge_requests/:iid/notes, GET/POST .../discussions, POST .../notes/:note_id/award_emoji
import type { Router } from 'h3'
import { intParam, invalidParam, notFound, paginate } from './http'
import { namedUserJson, noteJson } from './json'
import { requireMergeRequest } from './merge-requests'
import { readPosition, requireOnDiff } from './positions'
import { route, type RouteContext } from './route'
import type { StoredDiscussion } from './types'

export function noteRoutes(router: Router, api: string): void {
  const base = '/projects/:id/merge_requests/:iid'

  // Newest first unless `sort=asc`, system notes included, as GitLab lists them.
  route(router, api, 'GET', `${base}/notes`, (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const notes = ctx.state.notes.of(mr.project, mr.iid).sort((a, b) => a.id - b.id)
    if (ctx.url.searchParams.get('sort') !== 'asc') notes.reverse()
    const page = paginate(ctx, notes.map(note => noteJson(ctx.state, note, mr.id)))
    return { body: page.items, headers: page.headers }
  })

  route(router, api, 'POST', `${base}/notes`, (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const note = ctx.state.notes.add({ project: mr.project, iid: mr.iid, body: _body(ctx), author: ctx.user.username })
    return { status: 201, body: noteJson(ctx.state, note, mr.id) }
  })

  route(router, api, 'GET', `${base}/discussions`, (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const page = paginate(ctx, ctx.state.notes.discussionsOf(mr.project, mr.iid).map(d => _discussionJson(ctx, d, mr.id)))
    return { body: page.items, headers: page.headers }
  })

  route(router, api, 'POST', `${base}/discussions`, (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const body = _body(ctx)
    const position = ctx.input.position === undefined ? undefined : readPosition(ctx.input.position)
    if (position) requireOnDiff(mr, position)
    const note = ctx.state.notes.add({ project: mr.project, iid: mr.iid, body, author: ctx.user.username, thread: true, ...(position ? { position } : {}) })
    const discussion = ctx.state.notes.discussions.find(d => d.id === note.discussionId)!
    return { status: 201, body: _discussionJson(ctx, discussion, mr.id) }
  })

  // GitLab answers a second award of the same emoji by the same user with this odd 404.
  route(router, api, 'POST', `${base}/notes/:note_id/award_emoji`, (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const noteId = intParam(ctx, 'note_id', 'Note')
    if (!ctx.state.notes.of(mr.project, mr.iid).some(n => n.id === noteId)) throw notFound('Note')
    const name = typeof ctx.input.name === 'string' ? ctx.input.name : ''
    if (!name) throw invalidParam('name is missing')
    const award = ctx.state.notes.award(noteId, name, ctx.user.username)
    if (!award) throw notFound('Award Emoji Name has already been taken')
    const now = new Date().toISOString()
    return { status: 201, body: { id: award.id, name, user: namedUserJson(ctx.state, award.user), created_at: now, updated_at: now, awardable_id: noteId, awardable_type: 'Note' } }
  })
}

function _body(ctx: RouteContext): string {
  const body = ctx.input.body
  if (typeof body !== 'string' || !body) throw invalidParam('body is missing')
  return body
}

function _discussionJson(ctx: RouteContext, discussion: StoredDiscussion, mrId: number): Record<string, unknown> {
  const notes = ctx.state.notes.notes.filter(n => discussion.noteIds.includes(n.id))
  return { id: discussion.id, individual_note: discussion.individualNote, notes: notes.map(n => noteJson(ctx.state, n, mrId)) }
}
