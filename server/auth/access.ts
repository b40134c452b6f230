import type { H3Event } from 'h3'
import { z } from 'zod'
import { useOctokitClass } from '../forges/github/app'
import { GITLAB_KEY, isGitLabKey } from '../jobs/ids'
import { askGitLabPermission } from './gitlab-access'

export type Permission = 'read' | 'push' | 'admin'

/** Who asks: a user and the token that acts for them, GitHub's unless `forge` says 'gitlab'. */
export interface RepoReader {
  userId: number
  token: string
  forge?: 'gitlab'
}

const RANK: Record<Permission, number> = { read: 1, push: 2, admin: 3 }
const _inFlight = new Map<string, Promise<Permission | null>>()

/** Thrown when GitHub (or GitLab, for a GitLab sign-in) refuses the user's token (401): revoked, or expired. */
export class TokenRefusedError extends Error {}

/**
 * `owner/name` as GitHub allows it, or `gitlab/<group>/<...>/<project>` for a GitLab project: no wildcards, no
 * empty parts. (The message names GitHub's form, which most readers know.)
 */
export const RepoNameSchema = z.string().refine(name => /^[\w.-]+\/[\w.-]+$/.test(name) || GITLAB_KEY.test(name), 'must be owner/name')

/** How long a permission is cached, and how often an open stream re-checks it (NUXT_ACCESS_CACHE_MS). */
export function accessCacheMs(): number {
  return useSettings().access.cacheMs || 60_000
}

/** The signed-in user and their session's server-only part: tokens and session id (401 when nobody is signed in). */
export async function requireUserTokens(event: H3Event) {
  const session = await requireUserSession(event, { message: 'Sign in with GitHub first' })
  if (!session.secure?.accessToken) throw createError({ statusCode: 401, message: 'Sign in with GitHub first' })
  return { user: session.user, secure: session.secure }
}

/** An Octokit acting as the signed-in user (401 when nobody is signed in). */
export async function requireUserOctokit(event: H3Event) {
  const { user, secure } = await requireUserTokens(event)
  const Octokit = useOctokitClass()
  return { octokit: new Octokit({ auth: secure.accessToken }), user }
}

/**
 * A user's permission on a repository, asked of GitHub with their token; null when they cannot read it (GitHub answers
 * 404 for repositories one cannot see). Cached in Redis for NUXT_ACCESS_CACHE_MS, for every process; `fresh` asks
 * GitHub anyway (an open stream's re-check) and renews the cache. Concurrent asks with one token share one call.
 */
export async function checkRepoPermission(reader: RepoReader, repo: string, options: { fresh?: boolean } = {}): Promise<Permission | null> {
  // A GitHub sign-in sees no GitLab project, and a GitLab sign-in no GitHub repository.
  if (isGitLabKey(repo) !== (reader.forge === 'gitlab')) return null
  // The shared config: useSettings() makes a copy that an open stream would hold (docs/performance.md).
  const key = `${redisPrefix()}:access:${reader.userId}:${repo.toLowerCase()}`
  if (!options.fresh) {
    const cached = await useRedis().get(key).catch(() => null)
    if (cached) return cached === 'none' ? null : cached as Permission
  }
  const flight = `${key}\n${reader.token}`
  let pending = _inFlight.get(flight)
  if (!pending) {
    pending = (reader.forge === 'gitlab' ? _askGitLab(reader.token, repo) : _askGitHub(reader.token, repo))
      .then(async (permission) => {
        await useRedis().set(key, permission ?? 'none', 'PX', accessCacheMs()).catch(() => {})
        return permission
      })
      .finally(() => _inFlight.delete(flight))
    _inFlight.set(flight, pending)
  }
  return pending
}

/** The signed-in user's permission on a repository (see `checkRepoPermission`); 401 when GitHub refuses their token. */
export async function getRepoPermission(event: H3Event, repo: string): Promise<Permission | null> {
  const { user, secure } = await requireUserTokens(event)
  const reader: RepoReader = { userId: user.id, token: secure.accessToken, ...(secure.forge ? { forge: secure.forge } : {}) }
  return checkRepoPermission(reader, repo).catch((error: unknown) => {
    if (error instanceof TokenRefusedError) throw createError({ statusCode: 401, message: `${secure.forge === 'gitlab' ? 'GitLab' : 'GitHub'} refused your sign-in: sign in again` })
    throw error
  })
}

/** Throws 403 unless the signed-in user has at least `level` on the repository. */
export async function requireRepoAccess(event: H3Event, repo: string, level: Permission = 'read'): Promise<Permission> {
  const permission = await getRepoPermission(event, repo)
  if (!permission || RANK[permission] < RANK[level]) {
    throw createError({ statusCode: 403, message: level === 'read' ? `You cannot read ${repo}` : `You need push access to ${repo} to do this` })
  }
  return permission
}

/** Whether a permission allows retrying and re-running reviews. */
export function canWrite(permission: Permission): boolean {
  return RANK[permission] >= RANK.push
}

async function _askGitLab(token: string, repo: string): Promise<Permission | null> {
  const permission = await askGitLabPermission(token, repo)
  if (permission === 'refused') throw new TokenRefusedError('GitLab refused the user\'s token')
  return permission
}

function _askGitHub(token: string, repo: string): Promise<Permission | null> {
  const Octokit = useOctokitClass()
  const [owner, name] = repo.split('/') as [string, string]
  return new Octokit({ auth: token }).rest.repos.get({ owner, repo: name }).then(
    ({ data }) => (data.permissions?.admin ? 'admin' : data.permissions?.push ? 'push' : data.permissions?.pull ? 'read' : null) as Permission | null,
    (error: { status?: number }) => {
      if (error.status === 404 || error.status === 403) return null
      if (error.status === 401) throw new TokenRefusedError('GitHub refused the user\'s token')
      throw error
    },
  )
}
