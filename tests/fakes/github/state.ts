// Everything one fake server knows, composed of one part per area, and GitHub's credential checks across them.
import type { KeyObject } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { RepoAccess, type IssuedToken } from './access-state'
import { WebhookDeliveries } from './deliveries'
import { RepoFiles } from './files'
import { DOCS, HttpError, notFound, orNotFound } from './http'
import { bearer } from './ids'
import { checkAppJwt, JWT_DECODE_ERROR } from './jwt'
import { PullStore, type PullState } from './pull-state'
import { RateLimits } from './rate-state'
import type { RouteContext } from './route'
import type { FakePullRequestInput, ReceivedManifest, StoredCheckRun, StoredIssueComment, StoredReaction } from './types'
import { UserStore, type FakeUser } from './user-state'

export const INSTALLATION_PERMISSIONS = { pull_requests: 'write', contents: 'read', metadata: 'read', checks: 'write', issues: 'write' }
export const APP_EVENTS = ['pull_request', 'issue_comment', 'pull_request_review_comment', 'installation', 'installation_repositories']
export const MANIFEST_CODE_LIFETIME_MS = 60 * 60 * 1000

// The App this fake answers as; a manifest conversion replaces it.
export interface AppProfile {
  id: number
  slug: string
  name: string
  description: string | null
  owner: { login: string, id?: number, type: 'User' | 'Organization' }
  externalUrl: string
  clientId: string
  permissions: Record<string, string>
  events: string[]
  createdAt: string
  updatedAt: string
}

export interface ManifestCode {
  code: string
  manifest: Record<string, unknown>
  owner: AppProfile['owner']
  expiresAt: number
}

export interface RepoPermissions {
  admin: boolean
  maintain: boolean
  push: boolean
  triage: boolean
  pull: boolean
}

export class FakeState {
  url = ''
  app: AppProfile
  // PEM of the current App's private key
  privateKey: string
  webhookSecret?: string
  readonly oauth = { clientId: 'Iv1.testclientid', clientSecret: 'test-client-secret' }
  readonly manifests: ReceivedManifest[] = []
  readonly manifestCodes = new Map<string, ManifestCode>()
  conversions = 0
  readonly access = new RepoAccess()
  readonly users = new UserStore()
  readonly rate = new RateLimits()
  readonly pulls = new PullStore(() => this.botUser)
  readonly repoFiles = new RepoFiles()
  readonly deliveries = new WebhookDeliveries(() => this.appId)
  readonly checkRuns: StoredCheckRun[] = []
  readonly issueComments: StoredIssueComment[] = []
  readonly reactions: StoredReaction[] = []
  private readonly sequences = { check_run: 30_000_000_001, comment: 1_900_000_001, reaction: 250_000_001 }

  constructor(appId: number, appSlug: string, public publicKey: KeyObject, privateKey = '') {
    this.app = {
      id: appId,
      slug: appSlug,
      name: 'Revue Test',
      description: 'Fake GitHub App used by the test suite',
      owner: { login: 'revue-org', type: 'Organization' },
      externalUrl: 'https://revue.test',
      clientId: `Iv1.${appId.toString(16).padStart(16, '0')}`,
      permissions: { ...INSTALLATION_PERMISSIONS },
      events: [...APP_EVENTS],
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    }
    this.privateKey = privateKey
  }

  get appId(): number {
    return this.app.id
  }

  get appSlug(): string {
    return this.app.slug
  }

  get botUser(): { login: string, id: number, type: 'Bot' } {
    return { login: `${this.appSlug}[bot]`, id: 9000 + this.appId, type: 'Bot' }
  }

  nextId(kind: 'check_run' | 'comment' | 'reaction'): number {
    return this.sequences[kind]++
  }

  addPullRequest(input: FakePullRequestInput): void {
    const installationId = input.installationId ?? 1
    this.access.join(installationId, input.owner, input.repo)
    this.pulls.add({ ...input, installationId })
  }

  // Their repositories are private and covered like those with a pull request.
  addUser(input: Parameters<UserStore['add']>[0]): void {
    this.users.add(input, (owner, repo) => {
      this.access.makePrivate(owner, repo)
      this.access.ensureRepo(owner, repo)
    })
  }

  consumeRate(headers: IncomingHttpHeaders, count: boolean): ReturnType<RateLimits['consume']> {
    return this.rate.consume(this.identity(headers), count)
  }

  overWritePace(headers: IncomingHttpHeaders, method: string): boolean {
    return this.rate.overWritePace(this.identity(headers), method)
  }

  private identity(headers: IncomingHttpHeaders): string {
    const auth = bearer(headers)
    if (!auth) return 'anonymous'
    const token = this.access.tokens.get(auth.credential)
    if (token) return `installation:${token.installationId}`
    const userToken = this.users.userTokens.get(auth.credential)
    if (userToken) return `user:${userToken.login.toLowerCase()}`
    return auth.credential.startsWith('ey') ? 'app' : 'anonymous'
  }

  requireApp(ctx: RouteContext): void {
    const auth = bearer(ctx.headers)
    const problem = auth?.scheme === 'bearer' ? checkAppJwt(auth.credential, this.publicKey, this.appId) : JWT_DECODE_ERROR
    if (problem) throw new HttpError(401, problem, {}, DOCS)
  }

  requireInstallationToken(ctx: RouteContext): IssuedToken {
    const token = this.access.tokens.get(_tokenCredential(ctx.headers))
    if (!token || token.expiresAt <= Date.now() || !this.access.installations.has(token.installationId)) {
      throw new HttpError(401, 'Bad credentials', {}, DOCS)
    }
    return token
  }

  // Auth as GitHub does for repository endpoints, then the repository itself.
  requireRepo(ctx: RouteContext, owner: string, repo: string): IssuedToken {
    const token = this.requireInstallationToken(ctx)
    if (!this.access.canSee(token, owner, repo)) throw new HttpError(401, 'Bad credentials', {}, DOCS)
    if (!this.access.knowsRepo(owner, repo)) throw notFound()
    return token
  }

  requirePull(ctx: RouteContext, owner: string, repo: string, number: number): { token: IssuedToken, pull: PullState } {
    const token = this.requireRepo(ctx, owner, repo)
    const pull = orNotFound(this.pulls.find(owner, repo, number))
    return { token, pull }
  }

  isUserCredential(headers: IncomingHttpHeaders): boolean {
    return bearer(headers)?.credential.startsWith('ghu_') ?? false
  }

  requireUser(ctx: RouteContext): FakeUser {
    const credential = _tokenCredential(ctx.headers)
    if (this.access.tokens.has(credential)) throw new HttpError(403, 'Resource not accessible by integration')
    const user = this.users.holderOf(credential)
    if (!user) throw new HttpError(401, 'Bad credentials', {}, DOCS)
    return user
  }

  // What a user-to-server token may do there: the user's role (pull only on a public repository
  // without one), within what the App is installed on; undefined when GitHub would answer 404.
  userPermissions(user: FakeUser, owner: string, repo: string): RepoPermissions | undefined {
    if (!this.access.knowsRepo(owner, repo) || !this.access.installationOf(owner, repo)) return undefined
    const role = this.users.roleOf(user.login, owner, repo)
    if (!role && this.access.isPrivate(owner, repo)) return undefined
    const admin = role === 'admin'
    const push = admin || role === 'push'
    return { admin, maintain: admin, push, triage: push, pull: true }
  }
}

// the credential of an `Authorization: token …` or `Bearer …` header
function _tokenCredential(headers: IncomingHttpHeaders): string {
  const auth = bearer(headers)
  return auth && (auth.scheme === 'token' || auth.scheme === 'bearer') ? auth.credential : ''
}
