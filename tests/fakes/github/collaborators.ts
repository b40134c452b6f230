import type { Router } from 'h3'
import { orNotFound, repoParams } from './http'
import { userJson } from './json'
import { route } from './route'
import type { FakeState } from './state'
import type { FakeRepoRole } from './types'

const PERMISSION: Record<FakeRepoRole, 'admin' | 'write' | 'read'> = { admin: 'admin', push: 'write', read: 'read' }

// Logins GitHub knows: users given with addUser, pull request authors and issue commenters, as they spelled them.
function knownLogin(state: FakeState, login: string): { login: string, id?: number } | undefined {
  const user = state.users.find(login)
  if (user) return { login: user.login, id: user.id }
  const lower = login.toLowerCase()
  const author = [...state.pulls.all()].map(p => p.user).find(u => u.type === 'User' && u.login.toLowerCase() === lower)
  if (author) return { login: author.login }
  const commenter = state.issueComments.map(c => c.user).find(u => u.type === 'User' && u.login.toLowerCase() === lower)
  return commenter && { login: commenter.login, id: commenter.id }
}

export function collaboratorRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo/collaborators/:username/permission', { docs: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user' }, (ctx) => {
    const { state } = ctx
    const { owner, repo } = repoParams(ctx)
    const user = orNotFound(knownLogin(state, ctx.params.username ?? ''))
    const role = state.users.roleOf(user.login, owner, repo)
    // without a role: read on a public repository, nothing on a private one
    const permission = role ? PERMISSION[role] : state.access.isPrivate(owner, repo) ? 'none' : 'read'
    const write = permission === 'admin' || permission === 'write'
    const permissions = { admin: permission === 'admin', maintain: permission === 'admin', push: write, triage: write, pull: permission !== 'none' }
    return {
      body: {
        permission,
        role_name: permission,
        user: { ...userJson(state, { ...user, type: 'User' }), permissions, role_name: permission },
      },
    }
  })
}
