// GET /user, GET /users?username=, GET /users/:id
import type { Router } from 'h3'
import { intParam, notFound } from './http'
import { userJson } from './json'
import { route } from './route'

export function userRoutes(router: Router, api: string): void {
  route(router, api, 'GET', '/user', ctx => ({ body: { ...userJson(ctx.state, ctx.user), is_admin: false, can_create_project: true, two_factor_enabled: false, external: false } }))

  // GitLab matches the username without regard to case, and lists nobody rather than answer 404.
  route(router, api, 'GET', '/users', (ctx) => {
    const username = ctx.url.searchParams.get('username')
    const user = username ? ctx.state.users.get(username) : undefined
    return { body: user ? [userJson(ctx.state, user)] : [] }
  })

  route(router, api, 'GET', '/users/:user_id', (ctx) => {
    const user = ctx.state.users.byId(intParam(ctx, 'user_id', 'User'))
    if (!user) throw notFound('User')
    return { body: userJson(ctx.state, user) }
  })
}
