import type { Route } from './http'

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
}

export type RequestHook = (req: { method: string, path: string }) => void | Promise<void>

export interface GitHubFake {
  url: string
  appId: number
  appSlug: string
  privateKey: string
  botUser: { login: string, id: number, type: 'Bot' }
  addInstallation(id: number, repos?: string[]): void
  addPullRequest(pr: FakePullRequestInput): void
  setHead(owner: string, repo: string, number: number, sha: string, files?: FakeFile[]): void
  reviews(owner: string, repo: string, number: number): StoredReview[]
  addReview(owner: string, repo: string, number: number, review: Partial<StoredReview> & { body: string, commit_id: string }): StoredReview
  inject(fault: Fault): void
  onRequest(hook: RequestHook): void
  // adds an endpoint ahead of the built-in ones (they are in tests/servers/github/*.ts)
  addRoute(route: Route): void
  requests: RecordedRequest[]
  close(): Promise<void>
}
