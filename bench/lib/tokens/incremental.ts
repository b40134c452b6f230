import type { DiffFile } from '../../../server/review/chunk'
import { parsePatch } from '../../../server/review/diff'
import { partitionFiles } from '../../../server/review/filter'
import { changedSince, interdiff, restrictToFresh, type FreshLines } from '../../../server/review/scope'
import { revueCost, type Cost } from './measure'
import type { ReleaseDiff } from './release-diff'

export interface Review extends Cost {
  /** Files shown to the model. */
  files: number
}

export interface IncrementalMeasurement {
  /** git's additions + deletions of the push B → C. */
  pushedLines: number
  /** C reviewed from scratch: the pull request's whole diff A → C. */
  full: Review
  /** After a fast-forward push: the hunks of A → C that hold a line the compare B...C adds. */
  fastForward: Review
  /** After a force-push: the hunks of A → C that hold a line A → B did not add already (interdiff). */
  forcePush: Review
}

// scope.ts reviews everything when a comparison lists GitHub's maximum of 300 files (its COMPARE_MAX_FILES).
const COMPARE_MAX_FILES = 300

/**
 * What Revue sends to review head C of the pull request A → C after it reviewed head B, against reviewing C afresh.
 * `first` is A → B, `push` is B → C, `pull` is A → C, all as diffReleases gives them.
 */
export async function measureIncremental(diffs: { first: ReleaseDiff, push: ReleaseDiff, pull: ReleaseDiff }, pr: { title: string, body: string }): Promise<IncrementalMeasurement> {
  const diff: DiffFile[] = partitionFiles(diffs.pull.files).reviewable
    .map(file => ({ path: file.filename, status: file.status, hunks: parsePatch(file.patch) }))
  const review = async (fresh: FreshLines | 'full'): Promise<Review> => {
    const shown = fresh === 'full' ? diff : restrictToFresh(diff, fresh)
    return { files: shown.length, ...await revueCost(shown, pr) }
  }
  return {
    pushedLines: diffs.push.files.reduce((sum, file) => sum + file.additions + file.deletions, 0),
    full: await review('full'),
    fastForward: await review(diffs.push.files.length >= COMPARE_MAX_FILES ? 'full' : changedSince(diffs.push.files, diffs.pull.files)),
    forcePush: await review(diffs.first.files.length >= COMPARE_MAX_FILES ? 'full' : interdiff(diffs.first.files, diffs.pull.files)),
  }
}
