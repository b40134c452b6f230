import type { Comparison, PullRef, RepoFile, RepoRole } from '../forge'
import { unlessNotFound } from './errors'
import type { ReviewOctokit } from './octokit'

type RepoRef = Omit<PullRef, 'prNumber'>

// GitHub lists at most 300 files in a comparison: past that it cannot say what changed.
const COMPARE_MAX_FILES = 300

/** A file on a branch, decoded; undefined for a missing file, a folder or a symlink. */
export async function readRepoFile(octokit: ReviewOctokit, ref: RepoRef, path: string, branch: string): Promise<RepoFile | undefined> {
  const found = await unlessNotFound(() => octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ref: branch }), undefined)
  const data = found?.data
  if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined
  return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha }
}

/** The comparison of two commits; 'unknown' when GitHub no longer has one of them (force-pushed away and collected). */
export async function compareCommits(octokit: ReviewOctokit, ref: RepoRef, base: string, head: string): Promise<Comparison> {
  const found = await unlessNotFound(() => octokit.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead: `${base}...${head}` }), undefined)
  if (!found) return 'unknown'
  const { data } = found
  if ((data.files?.length ?? 0) >= COMPARE_MAX_FILES) return 'too-large'
  return { status: data.status, files: data.files ?? [] }
}

/** A user's permission on the repository; GitHub answers 404 for a user who is not a collaborator at all. */
export async function collaboratorRole(octokit: ReviewOctokit, ref: RepoRef, username: string): Promise<RepoRole> {
  const found = await unlessNotFound(() => octokit.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username }), undefined)
  const permission = found?.data.permission
  return permission === 'admin' || permission === 'write' || permission === 'read' ? permission : 'none'
}
