import type { Repo, ReposResponse } from '#shared/schemas/api'
import { requireUserOctokit, requireUserTokens } from '../../auth/access'
import { listReadableProjects } from '../../auth/gitlab-access'
import { needsModelKey } from '../../models/settings'
import { getInstallUrl } from '../../forges/github/app'

/**
 * The repositories the signed-in user can read among the App's installations, from their own token; for a GitLab
 * sign-in, the GitLab projects Revue reviews that they can read.
 */
export default defineEventHandler(async (event): Promise<ReposResponse> => {
  const { secure } = await requireUserTokens(event)
  if (secure.forge === 'gitlab') return _gitlabRepos(secure.accessToken)
  const { octokit } = await requireUserOctokit(event)
  const installations = await octokit.paginate('GET /user/installations', { per_page: 100 })
  const repos: Repo[] = []
  for (const installation of installations) {
    const listed = await octokit.paginate('GET /user/installations/{installation_id}/repositories', { installation_id: installation.id, per_page: 100 })
    for (const repo of listed) {
      const permissions = repo.permissions
      repos.push({
        fullName: repo.full_name,
        owner: repo.owner.login,
        name: repo.name,
        private: repo.private,
        permission: permissions?.admin ? 'admin' : permissions?.push ? 'push' : 'read',
        installationId: installation.id,
      })
    }
  }
  repos.sort((a, b) => a.fullName.localeCompare(b.fullName))
  const modelKeyMissing = needsModelKey() && repos.some(repo => repo.permission === 'admin')
  return { repos, installUrl: await getInstallUrl(), modelKeyMissing }
})

async function _gitlabRepos(token: string): Promise<ReposResponse> {
  const repos = await listReadableProjects(token)
  repos.sort((a, b) => a.fullName.localeCompare(b.fullName))
  const modelKeyMissing = needsModelKey() && repos.some(repo => repo.permission === 'admin')
  // Revue reviews a GitLab project once its bot is a member and the project's webhook is set (docs/gitlab.md).
  return { repos, installUrl: useSettings().gitlab.url, modelKeyMissing }
}
