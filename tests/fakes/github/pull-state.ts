// Pull requests with every head they have had, and their reviews, whose comments follow the pushes.
import { isoSeconds, numericId, pullKey, repoKey, sha1 } from './ids'
import { countChanges, followLines } from './patch'
import type { FakeFile, FakePullRequestInput, SetHeadOptions, StoredReview, StoredReviewComment } from './types'

export const MAX_LISTED_FILES = 3000

export interface NormalizedFile extends FakeFile {
  sha: string
  additions: number
  deletions: number
  changes: number
}

// One commit that has been a pull request's head.
export interface HeadCommit {
  sha: string
  // the previous head after a push; a base for the first head, a force-push or a rebase
  parent: string
  // the base it was built on
  base: string
  // the diff from its parent: the PR's files when the parent is a base
  delta: NormalizedFile[]
  createdAt: string
}

export interface PullState {
  id: number
  owner: string
  repo: string
  number: number
  installationId: number
  title: string
  body: string | null
  draft: boolean
  state: 'open' | 'closed'
  user: { login: string, type: 'User' | 'Bot' }
  headRef: string
  baseRef: string
  baseSha: string
  headSha: string
  // every commit that has been the head, with the files the PR had at that commit
  heads: Map<string, NormalizedFile[]>
  commits: Map<string, HeadCommit>
  // every base the PR has had, oldest first; each descends from the one before
  bases: string[]
  createdAt: string
  updatedAt: string
}

export type NewReview = Partial<StoredReview> & { body: string, commit_id: string }

const REVIEW_STATES: Record<string, string> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' }

export function reviewState(event: string): string {
  return REVIEW_STATES[event] ?? 'PENDING'
}

function _normalizeFile(file: FakeFile, headSha: string): NormalizedFile {
  const counted = countChanges(file.patch)
  const additions = file.additions ?? counted.additions
  const deletions = file.deletions ?? counted.deletions
  return { ...file, sha: file.sha ?? sha1(`${headSha}:${file.filename}:${file.patch ?? ''}`), additions, deletions, changes: file.changes ?? additions + deletions }
}

// The default delta of a push: the files whose patch or status differ from the previous head's.
function _changedSince(previous: NormalizedFile[], next: NormalizedFile[]): NormalizedFile[] {
  const before = new Map(previous.map(f => [f.filename, f]))
  return next.flatMap((file) => {
    const old = before.get(file.filename)
    if (old && old.patch === file.patch && old.status === file.status) return []
    return [old && file.status === 'added' ? { ...file, status: 'modified' as const } : file]
  })
}

export class PullStore {
  private readonly byKey = new Map<string, PullState>()
  private readonly reviewsByPull = new Map<string, StoredReview[]>()
  private nextReviewId = 80_000_001

  // `author` writes the reviews that name no user: the App's bot
  constructor(private readonly author: () => StoredReview['user']) {}

  add(input: FakePullRequestInput & { installationId: number }): void {
    const now = isoSeconds()
    const key = pullKey(input.owner, input.repo, input.number)
    const baseSha = input.baseSha ?? sha1(`${key}:base`)
    const files = input.files.map(f => _normalizeFile(f, input.headSha))
    this.byKey.set(key, {
      id: numericId(key, 2_000_000_000),
      owner: input.owner,
      repo: input.repo,
      number: input.number,
      installationId: input.installationId,
      title: input.title ?? `Pull request #${input.number}`,
      body: input.body === undefined ? null : input.body,
      draft: input.draft ?? false,
      state: input.state ?? 'open',
      user: { login: input.user?.login ?? 'octocat', type: input.user?.type ?? 'User' },
      headRef: input.headRef ?? `feature-${input.number}`,
      baseRef: input.baseRef ?? 'main',
      baseSha,
      headSha: input.headSha,
      heads: new Map([[input.headSha, files]]),
      commits: new Map([[input.headSha, { sha: input.headSha, parent: baseSha, base: baseSha, delta: files, createdAt: now }]]),
      bases: [baseSha],
      createdAt: now,
      updatedAt: now,
    })
  }

  all(): PullState[] {
    return [...this.byKey.values()]
  }

  find(owner: string, repo: string, number: number): PullState | undefined {
    return this.byKey.get(pullKey(owner, repo, number))
  }

  // for the test-facing API: a missing pull request is the test's mistake
  mustFind(owner: string, repo: string, number: number): PullState {
    const pull = this.find(owner, repo, number)
    if (!pull) throw new Error(`GitHub fake: no pull request ${owner}/${repo}#${number}`)
    return pull
  }

  files(pull: PullState, sha = pull.headSha): NormalizedFile[] {
    return pull.heads.get(sha) ?? []
  }

  of(owner: string, repo: string): PullState[] {
    return this.all().filter(pull => repoKey(pull.owner, pull.repo) === repoKey(owner, repo))
  }

  // A push: a fast-forward from the previous head unless forced or rebased onto options.baseSha.
  // Moving back to a commit that already was the head keeps its place in the graph.
  setHead(owner: string, repo: string, number: number, sha: string, files?: FakeFile[], options: SetHeadOptions = {}): void {
    const pull = this.mustFind(owner, repo, number)
    const rebased = options.force ?? options.baseSha !== undefined
    if (options.baseSha !== undefined && !rebased) throw new Error('GitHub fake: a new baseSha is a rebase; merging the base into the branch is not modelled')
    if (rebased && options.delta) throw new Error('GitHub fake: delta is the diff from the previous head, which a force-push does not descend from')
    const previous = this.files(pull)
    const next = files ? files.map(f => _normalizeFile(f, sha)) : previous
    if (options.baseSha !== undefined) {
      pull.baseSha = options.baseSha
      if (!pull.bases.includes(options.baseSha)) pull.bases.push(options.baseSha)
    }
    if (!pull.commits.has(sha)) {
      const delta = rebased ? next : options.delta?.map(f => _normalizeFile(f, sha)) ?? _changedSince(previous, next)
      pull.commits.set(sha, { sha, parent: rebased ? pull.baseSha : pull.headSha, base: pull.baseSha, delta, createdAt: isoSeconds() })
    }
    pull.heads.set(sha, next)
    pull.headSha = sha
    pull.updatedAt = isoSeconds()
    for (const review of this.reviews(owner, repo, number)) {
      for (const comment of review.comments) this.moveComment(pull, review, comment)
    }
  }

  reviews(owner: string, repo: string, number: number): StoredReview[] {
    const key = pullKey(owner, repo, number)
    let list = this.reviewsByPull.get(key)
    if (!list) {
      list = []
      this.reviewsByPull.set(key, list)
    }
    return list
  }

  storeReview(owner: string, repo: string, number: number, review: NewReview): StoredReview {
    const event = review.event ?? 'COMMENT'
    const stored: StoredReview = {
      id: review.id ?? this.nextReviewId++,
      owner,
      repo,
      number,
      commit_id: review.commit_id,
      event,
      state: review.state ?? reviewState(event),
      body: review.body,
      comments: review.comments ?? [],
      user: review.user ?? this.author(),
      submitted_at: review.submitted_at ?? isoSeconds(),
    }
    this.reviews(owner, repo, number).push(stored)
    // a review of an earlier head: its comments are carried to the head at once
    const pull = this.find(owner, repo, number)
    if (pull) for (const comment of stored.comments) this.moveComment(pull, stored, comment)
    return stored
  }

  // GitHub carries a review comment to the pull request's head, or leaves it outdated where it last applied.
  private moveComment(pull: PullState, review: StoredReview, comment: StoredReviewComment): void {
    const at = comment.current ?? { commit_id: review.commit_id, line: comment.line ?? null, start_line: comment.start_line }
    if (at.line === null || at.commit_id === pull.headSha) return
    const side = comment.side ?? 'RIGHT'
    const lines = [{ line: at.line, side }]
    if (at.start_line !== undefined) lines.push({ line: at.start_line, side: comment.start_side ?? side })
    const patchAt = (sha: string): string | undefined => this.files(pull, sha).find(f => f.filename === comment.path)?.patch
    const [line, startLine] = followLines(patchAt(at.commit_id), patchAt(pull.headSha), lines) ?? []
    comment.current = line === undefined ? { commit_id: at.commit_id, line: null } : { commit_id: pull.headSha, line, start_line: startLine }
  }
}
