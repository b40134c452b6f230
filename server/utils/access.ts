import type { H3Event } from 'h3'
import { z } from 'zod'

export type Permission = 'read' | 'push' | 'admin'

const CACHE_SECONDS = 60
const RANK: Record<Permission, number> = { read: 1, push: 2, admin: 3 }

/** `owner/name` as GitHub allows it: no wildcards, no paths, no empty parts. */
export const RepoNameSchema = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name')

/** An Octokit acting as the signed-in user (401 when nobody is signed in). */
export async function requireUserOctokit(event: H3Event) {
  const session = await requireUserSession(event, { message: 'Sign in with GitHub first' })
  if (!session.secure?.accessToken) throw createError({ statusCode: 401, message: 'Sign in with GitHub first' })
  const Octokit = useOctokitClass()
  return { octokit: new Octokit({ auth: session.secure.accessToken }), user: session.user }
}

/**
 * The signed-in user's permission on a repository, asked of GitHub with their own token and cached a minute;
 * null when they cannot read it (GitHub answers 404 for repositories one cannot see).
 */
export async function getRepoPermission(event: H3Event, repo: string): Promise<Permission | null> {
  const { user } = await requireUserSession(event, { message: 'Sign in with GitHub first' })
  // The shared config: useRuntimeConfig(event) makes a copy that an open stream would hold (docs/performance.md).
  const prefix = redisPrefix()
  const key = `${prefix}:access:${user.id}:${repo.toLowerCase()}`
  const cached = await useRedis().get(key).catch(() => null)
  if (cached) return cached === 'none' ? null : cached as Permission
  const { octokit } = await requireUserOctokit(event)
  const [owner, name] = repo.split('/') as [string, string]
  const permission = await octokit.rest.repos.get({ owner, repo: name }).then(
    ({ data }) => (data.permissions?.admin ? 'admin' : data.permissions?.push ? 'push' : data.permissions?.pull ? 'read' : null) as Permission | null,
    (error: { status?: number }) => {
      if (error.status === 404 || error.status === 403) return null
      throw error
    },
  )
  await useRedis().set(key, permission ?? 'none', 'EX', CACHE_SECONDS).catch(() => {})
  return permission
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
