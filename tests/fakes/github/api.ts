// What a test holds of a running fake: the handle startGitHubServer returns and the traffic it can watch and fault.
import type { Fault, RecordedRequest } from '../traffic'
import type { Route } from './route'
import type { FakeFile, FakeIssueCommentInput, FakePullRequestInput, FakeUserInput, OAuthAuthorization, ReceivedManifest, SetHeadOptions, StoredCheckRun, StoredIssueComment, StoredReaction, StoredReview, WebhookDelivery } from './types'

export type { Fault, RecordedRequest }

export type RequestHook = (req: { method: string, path: string }) => void | Promise<void>

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
