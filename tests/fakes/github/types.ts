export interface FakeFile {
  filename: string
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged'
  patch?: string
  additions?: number
  deletions?: number
  changes?: number
  previous_filename?: string
  sha?: string
}

export interface FakePullRequestInput {
  owner: string
  repo: string
  number: number
  installationId?: number
  title?: string
  body?: string | null
  headSha: string
  baseSha?: string
  headRef?: string
  baseRef?: string
  draft?: boolean
  state?: 'open' | 'closed'
  user?: { login: string, type?: 'User' | 'Bot' }
  files: FakeFile[]
}

export interface StoredReviewComment {
  path: string
  line?: number
  side?: 'LEFT' | 'RIGHT'
  start_line?: number
  start_side?: 'LEFT' | 'RIGHT'
  body: string
  // where GitHub shows it after a push: on the newest head whose diff still holds its lines, which move with
  // them; `line: null` once outdated, on the last head where it applied. Absent while it is where it was posted.
  current?: { commit_id: string, line: number | null, start_line?: number }
}

export interface StoredReview {
  id: number
  owner: string
  repo: string
  number: number
  commit_id: string
  event: string
  state: string
  body: string
  comments: StoredReviewComment[]
  user: { login: string, id: number, type: 'Bot' | 'User' }
  submitted_at: string
}

// How setHead moves a pull request's head.
export interface SetHeadOptions {
  // the diff from the previous head to the new one; by default the new head's files whose patch or status changed
  delta?: FakeFile[]
  // a force-push: the new head does not descend from the previous one, its parent is the PR's base
  force?: boolean
  // a rebase onto this newer base (implies force): it becomes the PR's base and the new head's parent
  baseSha?: string
}

export interface StoredCheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title?: string
  raw_details?: string
}

export interface StoredCheckRun {
  id: number
  owner: string
  repo: string
  name: string
  head_sha: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  started_at: string | null
  completed_at: string | null
  details_url: string | null
  external_id: string | null
  output: { title: string | null, summary: string | null, text: string | null, annotations: StoredCheckAnnotation[] }
  app_id: number
}

export interface StoredIssueComment {
  id: number
  owner: string
  repo: string
  // the pull request's number: pull requests are issues
  number: number
  body: string
  user: { login: string, id: number, type: 'User' | 'Bot' }
  author_association: string
  // the App's comments, made through the API
  via_app: boolean
  created_at: string
  updated_at: string
}

export interface FakeIssueCommentInput {
  body: string
  user: { login: string, type?: 'User' | 'Bot' }
  // derived from the user's role when not given: OWNER, COLLABORATOR, CONTRIBUTOR (the PR author) or NONE
  author_association?: string
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes'

export interface StoredReaction {
  id: number
  comment_id: number
  content: ReactionContent
  user: { login: string, id: number, type: 'User' | 'Bot' }
  created_at: string
}

export type FakeRepoRole = 'read' | 'push' | 'admin'

export interface FakeUserInput {
  login: string
  id?: number
  name?: string
  // 'owner/repo' → the user's role there
  repos: Record<string, FakeRepoRole>
}

// One pass through GET /login/oauth/authorize.
export interface OAuthAuthorization {
  login: string
  clientId: string
  redirectUri: string
  state: string | null
  scope: string
  code: string
}

// One App Manifest approved on /settings/apps/new or /organizations/{org}/settings/apps/new.
export interface ReceivedManifest {
  manifest: Record<string, unknown>
  org?: string
  state?: string
  // for POST /app-manifests/{code}/conversions
  code: string
}

// One POST to the App's webhook, as GET /app/hook/deliveries lists it.
export interface WebhookDeliverySummary {
  id: number
  guid: string
  delivered_at: string
  redelivery: boolean
  // seconds
  duration: number
  // 'OK', 'Invalid HTTP Response: 503', 'timed out' or 'failed to connect'
  status: string
  // 0 when there was no response
  status_code: number
  event: string
  action: string | null
  installation_id: number | null
  repository_id: number | null
  throttled_at: string | null
}

// As GET /app/hook/deliveries/{delivery_id} shows it.
export interface WebhookDelivery extends WebhookDeliverySummary {
  url: string
  request: { headers: Record<string, string>, payload: object }
  response: { headers: Record<string, string>, payload: string | null }
}
