import type { Repo } from '#shared/schemas/api'
import { useGitLab } from '../forges/gitlab/app'
import { createGitLabClient, type GitLabApi } from '../forges/gitlab/client'
import { gitLabStatus } from '../forges/gitlab/errors'
import type { Permission } from './access'

/** GitLab's roles as numbers: Reporter reads, Developer pushes, Maintainer administers. */
const REPORTER = 20
const DEVELOPER = 30
const MAINTAINER = 40

/** Repository keys of GitLab projects: `gitlab/` and the full path, which has a namespace and a name at least. */
export const GITLAB_KEY = /^gitlab\/[\w.-]+(?:\/[\w.-]+)+$/

/** Whether a repository key names a GitLab project (`gitlab/group/project`) rather than a GitHub repository. */
export function isGitLabKey(repo: string): boolean {
  return GITLAB_KEY.test(repo)
}

/** A GitLab client acting as the signed-in user, with their OAuth token. */
export function gitlabUserClient(token: string): GitLabApi {
  return createGitLabClient(useSettings().gitlab.url, { oauthToken: token })
}

/** What a GitLab access level allows on the dashboard: Reporter reads, Developer re-runs, Maintainer administers. */
export function permissionOfLevel(level: number): Permission | null {
  if (level >= MAINTAINER) return 'admin'
  if (level >= DEVELOPER) return 'push'
  return level >= REPORTER ? 'read' : null
}

/**
 * The user's permission on a GitLab project (its key `gitlab/<full path>`), asked with their token: the higher of
 * the project's and the group's access level. GitLab answers 404 for a project one cannot see; 401 is returned as
 * 'refused' for the caller to throw its own error.
 */
export async function askGitLabPermission(token: string, repo: string): Promise<Permission | null | 'refused'> {
  try {
    const project = await gitlabUserClient(token).Projects.show(repo.slice('gitlab/'.length))
    return permissionOfLevel(_level(project.permissions as ProjectPermissions | undefined))
  }
  catch (error) {
    const status = gitLabStatus(error)
    if (status === 404 || status === 403) return null
    if (status === 401) return 'refused'
    throw error
  }
}

interface ProjectPermissions {
  project_access?: { access_level?: number } | null
  group_access?: { access_level?: number } | null
}

/**
 * The GitLab projects Revue reviews (those its bot is a member of) that the user can read (Reporter or more, asked
 * with their token, every page), as the dashboard lists repositories: `gitlab/<full path>`, owner `gitlab`.
 */
export async function listReadableProjects(token: string): Promise<Repo[]> {
  const [mine, reviewed] = await Promise.all([
    gitlabUserClient(token).Projects.all({ membership: true, minAccessLevel: REPORTER, perPage: 100 }),
    useGitLab().Projects.all({ membership: true, simple: true, perPage: 100 }),
  ])
  const revue = new Set(reviewed.map(project => project.id))
  return mine.flatMap((project) => {
    const permission = revue.has(project.id) ? permissionOfLevel(_level(project.permissions as ProjectPermissions | undefined)) : null
    const path = project.path_with_namespace
    return permission ? [{ fullName: `gitlab/${path}`, owner: 'gitlab', name: path, private: project.visibility !== 'public', permission, installationId: project.id }] : []
  })
}

function _level(permissions: ProjectPermissions | undefined): number {
  return Math.max(permissions?.project_access?.access_level ?? 0, permissions?.group_access?.access_level ?? 0)
}
