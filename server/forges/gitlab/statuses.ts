import type { CheckOutcome } from '../forge'
import type { GitLabApi } from './client'
import { gitLabStatus } from './errors'

export const STATUS_NAME = 'revue'
// GitLab keeps at most 255 characters of a status description.
const MAX_DESCRIPTION = 255

/**
 * Sets the head commit's `revue` status running, unless an earlier attempt already did (GitLab refuses a transition
 * from running to running).
 */
export async function startCommitStatus(api: GitLabApi, projectId: number | string, sha: string): Promise<void> {
  const statuses = await api.Commits.allStatuses(projectId, sha, { name: STATUS_NAME }) as unknown as Array<{ name: string, status: string }>
  if (statuses.some(status => status.name === STATUS_NAME && status.status === 'running')) return
  await api.Commits.editStatus(projectId, sha, 'running', { name: STATUS_NAME, description: 'Revue is reviewing this commit.' })
}

/** Ends the status: failed for a failure, success otherwise, with the outcome's title as its description. */
export async function completeCommitStatus(api: GitLabApi, projectId: number | string, sha: string, outcome: CheckOutcome): Promise<void> {
  const state = outcome.conclusion === 'failure' ? 'failed' : 'success'
  try {
    await api.Commits.editStatus(projectId, sha, state, { name: STATUS_NAME, description: outcome.title.slice(0, MAX_DESCRIPTION) })
  }
  catch (error) {
    // A retry of a job that already ended the status: GitLab refuses the same transition twice.
    if (gitLabStatus(error) !== 400) throw error
  }
}
