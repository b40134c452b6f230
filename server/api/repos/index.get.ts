import type { Repo, ReposResponse } from '#shared/schemas/api'
import { requireUserOctokit } from '../../auth/access'
import { needsModelKey } from '../../models/settings'
import { getInstallUrl } from '../../forges/github/app'

/** The repositories the signed-in user can read among the App's installations, from their own token. */
export default defineEventHandler(async (event): Promise<ReposResponse> => {
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
