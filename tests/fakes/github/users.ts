// Endpoints answered to a user-to-server token (`ghu_…`) from the OAuth web flow.
import type { Router } from 'h3'
import type { Installation } from './access-state'
import { installationJson } from './apps'
import { intParam, notFound, orNotFound, paginate } from './http'
import { repoJson, userJson } from './json'
import { route, type Reply, type RouteContext } from './route'
import type { FakeState } from './state'
import type { FakeUser } from './user-state'

function privateUserJson(state: FakeState, user: FakeUser): Record<string, unknown> {
  return {
    ...userJson(state, { login: user.login, id: user.id, type: 'User' }),
    user_view_type: 'private',
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  }
}

// The repositories the user has a role on that the installation covers, in the order given to addUser.
function accessibleRepos(state: FakeState, user: FakeUser, installation: Installation): { owner: string, repo: string }[] {
  return [...user.repos.values()].filter(({ owner, repo }) => state.access.installationOf(owner, repo)?.id === installation.id)
}

// GET /repos/{owner}/{repo} for a user token: private repositories the user cannot see do not exist.
export function userRepository(ctx: RouteContext): Reply {
  const { state } = ctx
  const owner = ctx.params.owner ?? ''
  const repo = ctx.params.repo ?? ''
  const user = state.requireUser(ctx)
  const permissions = orNotFound(state.userPermissions(user, owner, repo))
  return { body: repoJson(state, owner, repo, permissions) }
}

export function userRoutes(router: Router): void {
  route(router, 'GET', '/user', { docs: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' }, ctx => ({ body: privateUserJson(ctx.state, ctx.state.requireUser(ctx)) }))
  route(router, 'GET', '/user/installations', { docs: 'https://docs.github.com/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token' }, (ctx) => {
    const { state } = ctx
    const user = state.requireUser(ctx)
    const installations = [...state.access.installations.values()].filter(i => accessibleRepos(state, user, i).length > 0)
    const page = paginate(ctx, installations)
    return {
      body: { total_count: installations.length, installations: page.items.map(i => installationJson(state, i)) },
      headers: page.headers,
    }
  })
  route(router, 'GET', '/user/installations/:installation_id/repositories', { docs: 'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-user-access-token' }, (ctx) => {
    const { state } = ctx
    const user = state.requireUser(ctx)
    const installation = state.access.installations.get(intParam(ctx, 'installation_id'))
    const repos = installation ? accessibleRepos(state, user, installation) : []
    if (!installation || !repos.length) throw notFound()
    const page = paginate(ctx, repos)
    return {
      body: {
        total_count: repos.length,
        repository_selection: installation.repos ? 'selected' : 'all',
        repositories: page.items.map(({ owner, repo }) => repoJson(state, owner, repo, state.userPermissions(user, owner, repo))),
      },
      headers: page.headers,
    }
  })
}
