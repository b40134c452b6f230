import type { PullRequestState } from '../forge'
import { gitlabIdentity, useGitLab } from './app'
import { gitlabMergeRequest } from './merge-request'

/**
 * A merge request as a job about it needs it: the project's id (a GitLab job's installation) and the merge request
 * now. GitLab's 404s pass through (no such project or merge request, or Revue's token cannot see it).
 */
export async function lookUpMergeRequest(path: string, iid: number): Promise<{ installationId: number, pr: PullRequestState }> {
  const api = useGitLab()
  const project = await api.Projects.show(path)
  const slash = path.lastIndexOf('/')
  const ref = { projectId: project.id, iid, owner: path.slice(0, slash), repo: path.slice(slash + 1) }
  return { installationId: project.id, pr: await gitlabMergeRequest(api, ref, await gitlabIdentity(), () => {}).get() }
}
