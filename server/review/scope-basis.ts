import type { ForgePullRequest } from '../forges/forge'
import type { ScopeBasis } from './scope'

/**
 * What the forge says changed since `lastSha` was reviewed (scope.ts turns it into the lines to review): the comparison
 * with the new head when it is a fast-forward, else the pull request's patch at `lastSha` (a force-push or rebase).
 * Falls back to a full review when the forge no longer knows the old commit or the comparison is too large to list.
 */
export async function fetchScopeBasis(forge: ForgePullRequest, input: { baseSha: string, lastSha: string, headSha: string }): Promise<ScopeBasis> {
  const since = await forge.compare(input.lastSha, input.headSha)
  if (since === 'too-large') return { mode: 'full' }
  if (since !== 'unknown' && (since.status === 'ahead' || since.status === 'identical')) {
    return { mode: 'fast-forward', since: input.lastSha, delta: since.files }
  }
  const before = await forge.compare(input.baseSha, input.lastSha)
  if (typeof before === 'string') return { mode: 'full' }
  return { mode: 'forced', since: input.lastSha, before: before.files }
}
