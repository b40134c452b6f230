import type { Comparison, RepoFile, RepoRole } from '../forge'
import type { GitLabApi } from './client'
import { toChangedFile, type GitLabDiff } from './diff'
import { gitLabStatus, unlessNotFound } from './errors'

type ProjectId = number | string

/** A file on a branch, decoded; undefined when GitLab has none there. */
export async function readRepositoryFile(api: GitLabApi, projectId: ProjectId, path: string, branch: string): Promise<RepoFile | undefined> {
  const file = await unlessNotFound(() => api.RepositoryFiles.show(projectId, path, branch), undefined)
  if (!file) return undefined
  return { text: Buffer.from(file.content, 'base64').toString('utf8'), sha: file.blob_id }
}

/**
 * What changed from `base` to `head`, from their merge base as a pull request shows it: 'unknown' when GitLab no
 * longer has one of them (force-pushed away), 'too-large' when it gave up computing the diff.
 */
export async function compareCommits(api: GitLabApi, projectId: ProjectId, base: string, head: string): Promise<Comparison> {
  if (base === head) return { status: 'identical', files: [] }
  const mergeBase = await _mergeBase(api, projectId, base, head)
  if (!mergeBase) return 'unknown'
  const compare = await unlessNotFound(() => api.Repositories.compare(projectId, base, head), undefined)
  if (!compare) return 'unknown'
  if (compare.compare_timeout) return 'too-large'
  const status = mergeBase === base ? 'ahead' : mergeBase === head ? 'behind' : 'diverged'
  return { status, files: ((compare.diffs ?? []) as GitLabDiff[]).map(toChangedFile) }
}

// GitLab answers 400 "Could not find ref" for a commit it does not have, and 404 when the two share no history.
async function _mergeBase(api: GitLabApi, projectId: ProjectId, base: string, head: string): Promise<string | undefined> {
  try {
    const commit = await api.Repositories.mergeBase(projectId, [base, head])
    return commit.id
  }
  catch (error) {
    const status = gitLabStatus(error)
    if (status === 400 || status === 404) return undefined
    throw error
  }
}

/**
 * A user's role on the project by their access level, inherited from groups included: Maintainer and Owner are
 * 'admin', Developer 'write', Reporter 'read'; Guest, a stranger or an unknown name 'none'.
 */
export async function memberRole(api: GitLabApi, projectId: ProjectId, username: string): Promise<RepoRole> {
  const users = await api.Users.all({ username }) as unknown as Array<{ id: number, username: string }>
  const user = users.find(u => u.username.toLowerCase() === username.toLowerCase())
  if (!user) return 'none'
  const member = await unlessNotFound(() => api.ProjectMembers.show(projectId, user.id, { includeInherited: true }), undefined)
  const level = member?.access_level ?? 0
  if (level >= 40) return 'admin'
  if (level >= 30) return 'write'
  if (level >= 20) return 'read'
  return 'none'
}
