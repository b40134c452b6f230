// A pull request's commit graph: each head points at its parent (the previous head, or a base after a
// force-push), each base at the base the PR had before it. Every chain ends at the PR's first base.
import type { NormalizedFile, PullState } from './pull-state'

export interface Comparison {
  status: 'identical' | 'ahead' | 'behind' | 'diverged'
  aheadBy: number
  behindBy: number
  mergeBase: string
  // from the merge base (exclusive) to the head, oldest first
  commits: string[]
  files: NormalizedFile[]
}

export function knowsCommit(pull: PullState, sha: string): boolean {
  return pull.commits.has(sha) || pull.bases.includes(sha)
}

export function parentOf(pull: PullState, sha: string): string | undefined {
  const head = pull.commits.get(sha)
  if (head) return head.parent
  const index = pull.bases.indexOf(sha)
  return index > 0 ? pull.bases[index - 1] : undefined
}

// sha, its parent, its parent's parent… down to the PR's first base
export function ancestry(pull: PullState, sha: string): string[] {
  const chain: string[] = []
  for (let at: string | undefined = sha; at !== undefined && !chain.includes(at); at = parentOf(pull, at)) chain.push(at)
  return chain
}

// What the diff from `from` to `to` holds. From a base it is exactly the PR's files at `to`; from an
// earlier head, the deltas of each push merged by filename with the later push winning, which is exact
// for one push and an approximation beyond (a file changed twice shows only its last patch).
function diffFiles(pull: PullState, from: string, steps: string[]): NormalizedFile[] {
  const to = steps.at(-1)
  if (!to) return []
  if (!pull.commits.has(from)) return pull.heads.get(to) ?? []
  const merged = new Map<string, NormalizedFile>()
  for (const sha of steps) {
    for (const file of pull.commits.get(sha)?.delta ?? []) merged.set(file.filename, file)
  }
  return [...merged.values()]
}

// git's BASE...HEAD within one pull request; undefined when either commit is not in its graph.
// Going back (`behind`) lists no files: the reverse patches are not modelled.
export function compareCommits(pull: PullState, base: string, head: string): Comparison | undefined {
  if (!knowsCommit(pull, base) || !knowsCommit(pull, head)) return undefined
  const fromHead = ancestry(pull, head)
  const fromBase = ancestry(pull, base)
  const aheadBy = fromHead.findIndex(sha => fromBase.includes(sha))
  const mergeBase = fromHead[aheadBy]
  if (mergeBase === undefined) return undefined
  const behindBy = fromBase.indexOf(mergeBase)
  const commits = fromHead.slice(0, aheadBy).reverse()
  const status = aheadBy && behindBy ? 'diverged' : aheadBy ? 'ahead' : behindBy ? 'behind' : 'identical'
  return { status, aheadBy, behindBy, mergeBase, commits, files: diffFiles(pull, mergeBase, commits) }
}

// A branch name (or `owner:branch`) of one of the pull requests as the sha it points at; anything else as given.
export function resolveRef(pulls: PullState[], ref: string): string {
  if (pulls.some(pull => knowsCommit(pull, ref))) return ref
  const name = ref.replace(/^[^:]+:/, '')
  const pull = pulls.find(p => p.headRef === name || p.baseRef === name)
  if (!pull) return ref
  return pull.headRef === name ? pull.headSha : pull.baseSha
}
