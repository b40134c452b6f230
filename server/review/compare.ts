import type { ReviewOctokit } from '../github/octokit'
import { unlessNotFound } from './errors'
import type { PullRef } from './pull-request'
import type { ScopeBasis } from './scope'

const COMPARE_MAX_FILES = 300

/**
 * What GitHub says changed since `lastSha` was reviewed (scope.ts turns it into the lines to review): the comparison
 * with the new head when it is a fast-forward, else the pull request's patch at `lastSha` (a force-push or rebase).
 * Falls back to a full review when GitHub no longer knows the old commit or the comparison is past the 300 files it
 * lists.
 */
export async function fetchScopeBasis(octokit: ReviewOctokit, ref: PullRef, input: { baseSha: string, lastSha: string, headSha: string }): Promise<ScopeBasis> {
  const since = await _compare(octokit, ref, input.lastSha, input.headSha)
  if (since === 'too-large') return { mode: 'full' }
  if (since !== 'unknown' && (since.status === 'ahead' || since.status === 'identical')) {
    return { mode: 'fast-forward', since: input.lastSha, delta: since.files }
  }
  const before = await _compare(octokit, ref, input.baseSha, input.lastSha)
  if (typeof before === 'string') return { mode: 'full' }
  return { mode: 'forced', since: input.lastSha, before: before.files }
}

async function _compare(octokit: ReviewOctokit, ref: PullRef, base: string, head: string) {
  // 404: a commit GitHub no longer has (force-pushed away and collected) or no common history.
  const found = await unlessNotFound(() => octokit.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead: `${base}...${head}` }), undefined)
  if (!found) return 'unknown' as const
  const { data } = found
  // GitHub lists at most 300 files in a comparison: past that it cannot say what changed, so review everything.
  if ((data.files?.length ?? 0) >= COMPARE_MAX_FILES) return 'too-large' as const
  return { status: data.status, files: data.files ?? [] }
}
