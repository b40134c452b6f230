// GET /projects (membership, min_access_level; paginated), GET /projects/:id with the caller's `permissions`,
// GET /projects/:id/members/all/:user_id (inherited members too) and /members/:user_id
import type { Router } from 'h3'
import { intParam, notFound, paginate } from './http'
import { projectJson, userJson } from './json'
import type { FakeProject } from './project-state'
import { requireProject, route, type RouteContext } from './route'

export function projectRoutes(router: Router, api: string): void {
  route(router, api, 'GET', '/projects', (ctx) => {
    const page = paginate(ctx, _visible(ctx).map(project => _withPermissions(ctx, project)))
    return { body: page.items, headers: page.headers }
  })
  route(router, api, 'GET', '/projects/:id', ctx => ({ body: _withPermissions(ctx, requireProject(ctx)) }))
  route(router, api, 'GET', '/projects/:id/members/all/:user_id', ctx => ({ body: _member(ctx) }))
  route(router, api, 'GET', '/projects/:id/members/:user_id', ctx => ({ body: _member(ctx) }))
}

// Projects here have only direct members: group_access stays null, as GitLab answers for them.
function _withPermissions(ctx: RouteContext, project: FakeProject): Record<string, unknown> {
  const level = project.members.get(ctx.user.username.toLowerCase()) ?? 0
  return { ...projectJson(ctx.state, project), permissions: { project_access: { access_level: level, notification_level: 3 }, group_access: null } }
}

// Every project is private here, so a user sees those they are a member of, with or without `membership`.
function _visible(ctx: RouteContext) {
  const minLevel = Number(ctx.input.min_access_level ?? 10)
  return ctx.state.projects.all().filter(project => (project.members.get(ctx.user.username.toLowerCase()) ?? 0) >= Math.max(10, minLevel))
}

function _member(ctx: RouteContext): Record<string, unknown> {
  const project = requireProject(ctx)
  const user = ctx.state.users.byId(intParam(ctx, 'user_id'))
  const level = user && project.members.get(user.username.toLowerCase())
  if (!user || !level) throw notFound()
  return { ...userJson(ctx.state, user), access_level: level, created_at: '2026-01-01T00:00:00.000Z', expires_at: null, membership_state: 'active' }
}
