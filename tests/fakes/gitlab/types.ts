// The shapes a test hands the GitLab fake and reads back from it.

export type { Fault, RecordedRequest } from '../traffic'

export interface FakeGitLabUser {
  id: number
  username: string
  name: string
  bot: boolean
}

/** GitLab's access levels: Guest 10, Reporter 20, Developer 30, Maintainer 40, Owner 50. */
export type AccessLevel = 10 | 20 | 30 | 40 | 50

/** A file's change as GitLab's diffs APIs list it; `diff` holds the hunks, from the first `@@`. */
export interface FakeDiff {
  old_path: string
  new_path: string
  diff: string
  new_file?: boolean
  renamed_file?: boolean
  deleted_file?: boolean
  generated_file?: boolean
  a_mode?: string
  b_mode?: string
}

/** A commit of a project's graph: its parent (none for a root) and the files it changed. */
export interface FakeCommit {
  sha: string
  parent?: string
  diffs: FakeDiff[]
  message?: string
}

export interface FakeMergeRequestInput {
  project: string
  iid: number
  title?: string
  description?: string
  state?: 'opened' | 'closed' | 'merged'
  draft?: boolean
  author: string
  reviewers?: string[]
  sourceBranch?: string
  targetBranch?: string
  baseSha: string
  startSha?: string
  headSha: string
  diffs: FakeDiff[]
}

export interface MergeRequestVersion {
  id: number
  head_commit_sha: string
  base_commit_sha: string
  start_commit_sha: string
  created_at: string
  diffs: FakeDiff[]
}

export interface StoredMergeRequest extends Required<Omit<FakeMergeRequestInput, 'baseSha' | 'startSha' | 'headSha' | 'diffs'>> {
  id: number
  // newest first, as GitLab lists them
  versions: MergeRequestVersion[]
}

export interface TextPosition {
  position_type: 'text'
  base_sha: string
  start_sha: string
  head_sha: string
  old_path: string
  new_path: string
  old_line: number | null
  new_line: number | null
}

export interface StoredNote {
  id: number
  project: string
  iid: number
  discussionId: string
  type: 'DiscussionNote' | 'DiffNote' | null
  body: string
  author: string
  system: boolean
  createdAt: string
  position?: TextPosition
}

export interface StoredDiscussion {
  id: string
  project: string
  iid: number
  individualNote: boolean
  noteIds: number[]
}

export interface StoredStatus {
  id: number
  project: string
  sha: string
  name: string
  status: 'pending' | 'running' | 'success' | 'failed' | 'canceled'
  description: string | null
  targetUrl: string | null
  author: string
  createdAt: string
}

export interface StoredAward {
  id: number
  name: string
  user: string
  noteId: number
}
