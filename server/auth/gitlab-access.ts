import type { Repo } from '#shared/schemas/api'
import { useGitLab } from '../forges/gitlab/app'
import { createGitLabClient, type GitLabApi } from '../forges/gitlab/client'
import { REPORTER, askProjectPermission, permissionOfProject, type GitLabPermission } from '../forges/gitlab/permissions'

/** A GitLab client acting as the signed-in user, with their OAuth token. */
export function gitlabUserClient(token: string): GitLabApi {
  return createGitLabClient(useSettings().gitlab.url, { oauthToken: token })
}

/** The user's permission on a GitLab project (its key `gitlab/<full path>`), asked with their token. */
export function askGitLabPermission(token: string, repo: string): Promise<GitLabPermission | null | 'refused'> {
  return askProjectPermission(gitlabUserClient(token), repo.slice('gitlab/'.length))
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
    const permission = revue.has(project.id) ? permissionOfProject(project) : null
    const path = project.path_with_namespace
    return permission ? [{ fullName: `gitlab/${path}`, owner: 'gitlab', name: path, private: project.visibility !== 'public', permission, installationId: project.id }] : []
  })
}
