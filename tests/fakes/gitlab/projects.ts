// GET /projects/:id, GET /projects/:id/members/all/:user_id (inherited members too) and /members/:user_id
import type { Router } from 'h3'
import { intParam, notFound } from './http'
import { projectJson, userJson } from './json'
import { requireProject, route, type RouteContext } from './route'

export function projectRoutes(router: Router, api: string): void {
  route(router, api, 'GET', '/projects/:id', ctx => ({ body: projectJson(ctx.state, requireProject(ctx)) }))
  route(router, api, 'GET', '/projects/:id/members/all/:user_id', ctx => ({ body: _member(ctx) }))
  route(router, api, 'GET', '/projects/:id/members/:user_id', ctx => ({ body: _member(ctx) }))
}

function _member(ctx: RouteContext): Record<string, unknown> {
  const project = requireProject(ctx)
  const user = ctx.state.users.byId(intParam(ctx, 'user_id'))
  const level = user && project.members.get(user.username.toLowerCase())
  if (!user || !level) throw notFound()
  return { ...userJson(ctx.state, user), access_level: level, created_at: '2026-01-01T00:00:00.000Z', expires_at: null, membership_state: 'active' }
}
