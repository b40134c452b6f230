import type { PullRequestState } from '../forge'
import { useGitHubApp } from './app'
import { getPullRequest } from './pulls'

/**
 * A pull request as a job about it needs it: the installation that covers the repository and the pull request now.
 * GitHub's 404s pass through (no installation, no such pull request).
 */
export async function lookUpPullRequest(owner: string, repo: string, prNumber: number): Promise<{ installationId: number, pr: PullRequestState }> {
  const app = useGitHubApp()
  const { data: installation } = await app.octokit.rest.apps.getRepoInstallation({ owner, repo })
  const octokit = await app.getInstallationOctokit(installation.id)
  return { installationId: installation.id, pr: await getPullRequest(octokit, { owner, repo, prNumber }) }
}
