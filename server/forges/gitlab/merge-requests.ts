import type { ChangedFile, PullRef, PullRequestState } from '../forge'
import type { GitLabApi } from './client'
import { toChangedFile, type GitLabDiff } from './diff'

/** Which merge request: the project (its numeric id or full path), the merge request's iid, and how Revue names them. */
export interface GitLabMergeRequestRef {
  projectId: number | string
  iid: number
  owner: string
  repo: string
}

/** What the adapter keeps of the project: where its pages live and its default branch. */
export interface GitLabProject {
  webUrl: string
  pathWithNamespace: string
  defaultBranch: string
}

/** The base, start and head commits a diff position is anchored to. */
export interface DiffRefs {
  base_sha: string
  start_sha: string
  head_sha: string
}

export function toPullRef(ref: GitLabMergeRequestRef): PullRef {
  return { owner: ref.owner, repo: ref.repo, prNumber: ref.iid }
}

export async function getProject(api: GitLabApi, ref: GitLabMergeRequestRef): Promise<GitLabProject> {
  const project = await api.Projects.show(ref.projectId)
  return { webUrl: project.web_url, pathWithNamespace: project.path_with_namespace, defaultBranch: project.default_branch ?? 'main' }
}

/** The merge request as it is now; `owner` is the project's namespace and `repo` its last path segment. */
export async function getMergeRequest(api: GitLabApi, ref: GitLabMergeRequestRef, project: GitLabProject): Promise<PullRequestState> {
  const mr = await api.MergeRequests.show(ref.projectId, ref.iid)
  const refs = _diffRefs(mr.diff_refs, mr.sha)
  const slash = project.pathWithNamespace.lastIndexOf('/')
  return {
    owner: project.pathWithNamespace.slice(0, slash),
    repo: project.pathWithNamespace.slice(slash + 1),
    number: mr.iid,
    state: mr.state === 'opened' ? 'open' : 'closed',
    draft: Boolean(mr.draft ?? mr.work_in_progress),
    title: mr.title,
    body: mr.description ?? null,
    headSha: refs.head_sha,
    baseSha: refs.base_sha,
    defaultBranch: project.defaultBranch,
  }
}

/** Every changed file with its patch, 100 a page (the diffs API; the older changes API stops at a limit). */
export async function listChangedFiles(api: GitLabApi, ref: GitLabMergeRequestRef): Promise<ChangedFile[]> {
  const diffs = await api.MergeRequests.allDiffs(ref.projectId, ref.iid, { perPage: 100 })
  return diffs.map(toChangedFile)
}

/**
 * The diff refs and diffs of the merge request version whose head is `headSha` (a review is anchored to the head it
 * reviewed, even after a newer push), else the merge request's current ones.
 */
export async function reviewedVersion(api: GitLabApi, ref: GitLabMergeRequestRef, headSha: string): Promise<{ refs: DiffRefs, diffs: GitLabDiff[] }> {
  const versions = await api.MergeRequests.allDiffVersions(ref.projectId, ref.iid)
  const version = versions.find(v => v.head_commit_sha === headSha)
  if (version) {
    const shown = await api.MergeRequests.showDiffVersion(ref.projectId, ref.iid, version.id)
    return {
      refs: { base_sha: version.base_commit_sha, start_sha: version.start_commit_sha, head_sha: version.head_commit_sha },
      diffs: (shown.diffs ?? []) as GitLabDiff[],
    }
  }
  const mr = await api.MergeRequests.show(ref.projectId, ref.iid)
  const diffs = await api.MergeRequests.allDiffs(ref.projectId, ref.iid, { perPage: 100 })
  return { refs: _diffRefs(mr.diff_refs, mr.sha), diffs }
}

function _diffRefs(refs: unknown, sha: string): DiffRefs {
  const value = (refs ?? {}) as Partial<DiffRefs>
  return { base_sha: value.base_sha ?? '', start_sha: value.start_sha ?? value.base_sha ?? '', head_sha: value.head_sha ?? sha }
}
