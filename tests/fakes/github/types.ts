import type { Route } from './route'

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

export interface Fault {
  method?: string
  path: RegExp
  status: number
  headers?: Record<string, string>
  body?: unknown
  times?: number
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  // the JSON body of the answer
  response?: unknown
}

export type RequestHook = (req: { method: string, path: string }) => void | Promise<void>

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

export interface GitHubFake {
  url: string
  appId: number
  appSlug: string
  privateKey: string
  botUser: { login: string, id: number, type: 'Bot' }
  addInstallation(id: number, repos?: string[]): void
  addPullRequest(pr: FakePullRequestInput): void
  // A push to the pull request; `files` are the PR's files at the new head (the previous head's when omitted).
  setHead(owner: string, repo: string, number: number, sha: string, files?: FakeFile[], options?: SetHeadOptions): void
  reviews(owner: string, repo: string, number: number): StoredReview[]
  addReview(owner: string, repo: string, number: number, review: Partial<StoredReview> & { body: string, commit_id: string }): StoredReview
  inject(fault: Fault): void
  // From now on, more than maxWrites content-creating requests of one installation token within windowMs get GitHub's
  // secondary rate limit (403, retry-after 60), as GitHub's guidance of about one a second per token warns.
  enforceWritePace(pace: { windowMs: number, maxWrites: number }): void
  onRequest(hook: RequestHook): void
  // adds an endpoint ahead of the built-in ones (they are in tests/fakes/github/*.ts)
  addRoute(route: Route): void
  requests: RecordedRequest[]
  close(): Promise<void>
  // The App's OAuth client, for the web flow on /login/oauth/*; change it to test wrong credentials.
  oauth: { clientId: string, clientSecret: string }
  // Its repositories are created private and covered by installation 1 unless another installation lists them.
  addUser(user: FakeUserInput): void
  // the user who approves the next GET /login/oauth/authorize; the first user added by default
  authorizeAs(login: string): void
  // expires_in, in seconds, of user access tokens issued from now on (28800 by default)
  setUserTokenLifetime(seconds: number): void
  revokeUserTokens(login: string): void
  readonly refreshCalls: number
  readonly authorizations: OAuthAuthorization[]
  // After a manifest conversion appId, appSlug, privateKey, botUser, oauth and webhookSecret are the new App's
  // and JWTs of the App before it are refused.
  readonly manifests: ReceivedManifest[]
  // undefined until a conversion
  readonly webhookSecret: string | undefined
  readonly conversions: number
  // Where the App's webhook deliveries go, and the secret they are signed with (x-hub-signature-256).
  setWebhook(url: string, secret: string): void
  // POSTs one delivery as GitHub does and records it; a receiver that cannot be reached gives status_code 0.
  sendWebhook(event: string, payload: object): Promise<{ id: number, guid: string, status: number }>
  // every delivery and redelivery, oldest first
  readonly deliveries: readonly WebhookDelivery[]
  // resolves when no delivery is in flight (POST /app/hook/deliveries/{id}/attempts sends in the background)
  idle(): Promise<void>
  // A file for GET /repos/{owner}/{repo}/contents/{path} on `ref` (the default branch by default); null deletes it.
  // A pull request's head or base sha reads its head or base branch.
  setRepoFile(owner: string, repo: string, path: string, content: string | null, options?: { ref?: string }): void
  // 'main' unless set
  setDefaultBranch(owner: string, repo: string, branch: string): void
  // check runs created through the API, oldest first, with every annotation they were given
  checkRuns(owner: string, repo: string, headSha?: string): StoredCheckRun[]
  // a comment on the pull request's conversation, as if the user had written it (for issue_comment webhooks)
  addIssueComment(owner: string, repo: string, number: number, comment: FakeIssueCommentInput): StoredIssueComment
  issueComments(owner: string, repo: string, number: number): StoredIssueComment[]
  reactions(owner: string, repo: string, commentId: number): StoredReaction[]
}
