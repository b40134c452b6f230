import type { GitLabApi } from './client'
import { gitLabStatus } from './errors'

/** What a GitLab role allows on the dashboard, in the dashboard's words (server/auth/access.ts `Permission`). */
export type GitLabPermission = 'read' | 'push' | 'admin'

/** GitLab's roles as numbers: Reporter reads, Developer pushes, Maintainer administers. */
export const REPORTER = 20
const DEVELOPER = 30
const MAINTAINER = 40

interface ProjectPermissions {
  project_access?: { access_level?: number } | null
  group_access?: { access_level?: number } | null
}

/** What a GitLab access level allows: Reporter reads, Developer re-runs, Maintainer and Owner administer. */
export function permissionOfLevel(level: number): GitLabPermission | null {
  if (level >= MAINTAINER) return 'admin'
  if (level >= DEVELOPER) return 'push'
  return level >= REPORTER ? 'read' : null
}

/** The caller's permission from a project's `permissions`: the higher of the project's and the group's level. */
export function permissionOfProject(project: { permissions?: unknown }): GitLabPermission | null {
  const permissions = project.permissions as ProjectPermissions | undefined
  return permissionOfLevel(Math.max(permissions?.project_access?.access_level ?? 0, permissions?.group_access?.access_level ?? 0))
}

/**
 * The permission of the client's user on a project (its full path). GitLab answers 404 for a project one cannot see;
 * 401 (the token refused) is returned as 'refused' for the caller to throw its own error.
 */
export async function askProjectPermission(api: GitLabApi, path: string): Promise<GitLabPermission | null | 'refused'> {
  try {
    return permissionOfProject(await api.Projects.show(path))
  }
  catch (error) {
    const status = gitLabStatus(error)
    if (status === 404 || status === 403) return null
    if (status === 401) return 'refused'
    throw error
  }
}
