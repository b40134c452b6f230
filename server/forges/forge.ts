/**
 * What the review steps ask of a forge (GitHub today, GitLab beside it), about one pull request. An adapter answers
 * in these terms and never imports a review step; the steps never see a forge's client or its types.
 */

/** Which pull request: the repository and its number. */
export interface PullRef {
  owner: string
  repo: string
  prNumber: number
}

/** A changed file with its unified-diff patch (GitHub's pull request files shape, which other forges are mapped to). */
export interface ChangedFile {
  filename: string
  status: string
  patch?: string
  additions: number
  deletions: number
  previous_filename?: string
  sha?: string | null
}

/** The pull request as it is now. */
export interface PullRequestState {
  /** The repository as the forge spells it. */
  owner: string
  repo: string
  number: number
  state: string
  draft: boolean
  title: string
  body: string | null
  headSha: string
  baseSha: string
  defaultBranch: string
}

/** A review or comment this App posted, with the body it wrote (where Revue's hidden markers are). */
export interface OwnPost {
  id: number
  url: string
  body: string
}

/** A finding to anchor on a line of the diff: `side` LEFT is the old file, RIGHT the new one. */
export interface InlineComment {
  path: string
  line: number
  side: 'LEFT' | 'RIGHT'
  body: string
}

/** A file of the repository at a branch, with the blob it came from. */
export interface RepoFile {
  text: string
  sha: string
}

/** What changed between two commits, as far as the forge can tell. */
export type Comparison
  = | { status: 'ahead' | 'identical' | 'behind' | 'diverged', files: ChangedFile[] }
    | 'unknown'
    | 'too-large'

export interface CheckAnnotation {
  path: string
  line: number
  level: 'failure' | 'warning' | 'notice'
  title: string
  message: string
}

export interface CheckOutcome {
  conclusion: 'success' | 'neutral' | 'failure' | 'skipped'
  title: string
  summary: string
  annotations?: CheckAnnotation[]
}

/** A user's access to the repository, by the forge's own scale mapped to these. */
export type RepoRole = 'admin' | 'write' | 'read' | 'none'

/** A review to post: its inline comments, and its body once the forge has said which of them it refused. */
export interface ReviewToPost {
  headSha: string
  comments: InlineComment[]
  /** The body, listing the inline comments the forge refused to anchor, so that none is lost. */
  body: (refused: InlineComment[]) => string
}

export interface ForgePullRequest {
  readonly ref: PullRef
  /** Where the repository keeps Revue's rules, in the order they are looked for (`.github/revue.yml` on GitHub). */
  readonly configPaths: string[]
  get: () => Promise<PullRequestState>
  /** Every changed file with its patch, all pages. */
  changedFiles: () => Promise<ChangedFile[]>
  /** This App's reviews, oldest first. */
  ownReviews: () => Promise<OwnPost[]>
  /** Where this App's inline comments of these reviews sit now, for those the forge still places on the diff. */
  ownCommentPlaces: (reviewIds: Set<number>) => Promise<Array<Pick<InlineComment, 'path' | 'side' | 'line'>>>
  /** This App's comments on the conversation. */
  ownComments: () => Promise<OwnPost[]>
  comment: (body: string) => Promise<OwnPost>
  /**
   * Posts one review that only comments, once per head (the body ends with Revue's marker). Inline comments whose
   * position the forge refuses go into the body instead, and are named in `refused`.
   */
  postReview: (review: ReviewToPost) => Promise<{ post: OwnPost, refused: InlineComment[] }>
  compare: (base: string, head: string) => Promise<Comparison>
  /** A file on a branch; undefined when there is none. */
  readFile: (path: string, branch: string) => Promise<RepoFile | undefined>
  /** The head commit's check (a check run, a commit status), in progress from now; its `complete` ends it. */
  startCheck: (headSha: string) => Promise<{ complete: (outcome: CheckOutcome) => Promise<void> }>
  roleOf: (username: string) => Promise<RepoRole>
  /** Acknowledges a command's comment. */
  acknowledge: (commentId: number) => Promise<void>
  /**
   * Runs a call the review can do without (a comment, a reaction): when the forge refuses it for a permission the
   * App lacks, says so in the job's log and answers undefined; any other failure is thrown.
   */
  optional: <T>(call: () => Promise<T>, permission: string) => Promise<T | undefined>
}
