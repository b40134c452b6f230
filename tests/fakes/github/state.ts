import { createHash, randomBytes, type KeyObject } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { WebhookDeliveries } from './deliveries'
import { RepoFiles } from './files'
import { DOCS, HttpError, notFound } from './http'
import { checkAppJwt, JWT_DECODE_ERROR } from './jwt'
import { countChanges, followLines } from './patch'
import type { RouteContext } from './route'
import type { FakeFile, FakePullRequestInput, FakeRepoRole, FakeUserInput, OAuthAuthorization, ReceivedManifest, SetHeadOptions, StoredCheckRun, StoredIssueComment, StoredReaction, StoredReview, StoredReviewComment } from './types'

export const HTML_URL = 'https://github.com'
export const RATE_LIMIT = 5000
export const MAX_LISTED_FILES = 3000
export const INSTALLATION_PERMISSIONS = { pull_requests: 'write', contents: 'read', metadata: 'read', checks: 'write', issues: 'write' }
export const APP_EVENTS = ['pull_request', 'issue_comment', 'pull_request_review_comment', 'installation', 'installation_repositories']
export const USER_TOKEN_LIFETIME = 28_800
export const REFRESH_TOKEN_LIFETIME = 15_897_600
export const CODE_LIFETIME_MS = 10 * 60 * 1000
export const MANIFEST_CODE_LIFETIME_MS = 60 * 60 * 1000

export interface NormalizedFile extends FakeFile {
  sha: string
  additions: number
  deletions: number
  changes: number
}

export interface Installation {
  id: number
  account?: string
  // lower-cased `owner/repo`; undefined = all repositories
  repos?: Set<string>
  createdAt: string
}

export interface IssuedToken {
  token: string
  installationId: number
  expiresAt: number
  repos?: Set<string>
}

export interface FakeUser {
  login: string
  id: number
  name: string | null
  // lower-cased `owner/repo` → the name as given and the user's role
  repos: Map<string, { owner: string, repo: string, role: FakeRepoRole }>
  createdAt: string
}

export interface UserToken {
  token: string
  login: string
  expiresAt: number
}

export interface RefreshToken extends UserToken {
  accessToken: string
}

export interface AuthorizationCode {
  code: string
  login: string
  clientId: string
  redirectUri: string
  expiresAt: number
}

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

export function isoSeconds(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}

export function numericId(text: string, base = 1_000_000): number {
  return base + Number.parseInt(sha1(text).slice(0, 7), 16)
}

export function randomToken(prefix: string, length = 36): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return prefix + Array.from(randomBytes(length), byte => alphabet[byte % alphabet.length]).join('')
}

function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase()
}

function pullKey(owner: string, repo: string, number: number): string {
  return `${repoKey(owner, repo)}#${number}`
}

// The default delta of a push: the files whose patch or status differ from the previous head's.
function changedSince(previous: NormalizedFile[], next: NormalizedFile[]): NormalizedFile[] {
  const before = new Map(previous.map(f => [f.filename, f]))
  return next.flatMap((file) => {
    const old = before.get(file.filename)
    if (old && old.patch === file.patch && old.status === file.status) return []
    return [old && file.status === 'added' ? { ...file, status: 'modified' as const } : file]
  })
}

function normalizeFile(file: FakeFile, headSha: string): NormalizedFile {
  const counted = countChanges(file.patch)
  const additions = file.additions ?? counted.additions
  const deletions = file.deletions ?? counted.deletions
  return {
    ...file,
    sha: file.sha ?? sha1(`${headSha}:${file.filename}:${file.patch ?? ''}`),
    additions,
    deletions,
    changes: file.changes ?? additions + deletions,
  }
}

function rolePermissions(role: FakeRepoRole | undefined): RepoPermissions {
  const admin = role === 'admin'
  const push = admin || role === 'push'
  return { admin, maintain: admin, push, triage: push, pull: true }
}

function bearer(headers: IncomingHttpHeaders): { scheme: string, credential: string } | undefined {
  const match = /^(\w+)\s+(\S+)\s*$/.exec(headers.authorization ?? '')
  return match ? { scheme: (match[1] ?? '').toLowerCase(), credential: match[2] ?? '' } : undefined
}

export class FakeState {
  url = ''
  readonly installations = new Map<number, Installation>()
  readonly tokens = new Map<string, IssuedToken>()
  readonly pulls = new Map<string, PullState>()
  readonly reviewsByPull = new Map<string, StoredReview[]>()
  readonly repoIds = new Map<string, number>()
  // lower-cased login → user
  readonly users = new Map<string, FakeUser>()
  readonly userTokens = new Map<string, UserToken>()
  readonly refreshTokens = new Map<string, RefreshToken>()
  readonly codes = new Map<string, AuthorizationCode>()
  readonly privateRepos = new Set<string>()
  readonly oauth = { clientId: 'Iv1.testclientid', clientSecret: 'test-client-secret' }
  readonly authorizations: OAuthAuthorization[] = []
  readonly manifests: ReceivedManifest[] = []
  readonly manifestCodes = new Map<string, ManifestCode>()
  app: AppProfile
  publicKey: KeyObject
  // PEM of the current App's private key
  privateKey: string
  webhookSecret?: string
  readonly deliveries = new WebhookDeliveries(() => this.appId)
  readonly repoFiles = new RepoFiles()
  readonly checkRuns: StoredCheckRun[] = []
  readonly issueComments: StoredIssueComment[] = []
  readonly reactions: StoredReaction[] = []
  conversions = 0
  userTokenLifetime = USER_TOKEN_LIFETIME
  refreshCalls = 0
  private signInAs?: string
  private readonly rate = new Map<string, { used: number, reset: number }>()
  // GitHub's guidance of about one content-creating request a second per token, enforced once a test asks for it.
  writePace: { windowMs: number, maxWrites: number } | undefined
  private readonly writes = new Map<string, number[]>()
  private nextReviewId = 80_000_001
  private readonly sequences = { check_run: 30_000_000_001, comment: 1_900_000_001, reaction: 250_000_001 }

  constructor(appId: number, appSlug: string, publicKey: KeyObject, privateKey = '') {
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
    this.publicKey = publicKey
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

  repoId(owner: string, repo: string): number {
    const key = repoKey(owner, repo)
    let id = this.repoIds.get(key)
    if (id === undefined) {
      id = 500_000 + this.repoIds.size + 1
      this.repoIds.set(key, id)
    }
    return id
  }

  addInstallation(id: number, repos?: string[]): void {
    const existing = this.installations.get(id)
    const account = repos?.[0]?.split('/')[0] ?? existing?.account
    this.installations.set(id, {
      id,
      account,
      repos: repos && new Set(repos.map(r => r.toLowerCase())),
      createdAt: existing?.createdAt ?? isoSeconds(),
    })
    for (const full of repos ?? []) {
      const [owner = '', repo = ''] = full.split('/')
      this.repoId(owner, repo)
    }
  }

  addPullRequest(input: FakePullRequestInput): void {
    const installationId = input.installationId ?? 1
    const installation = this.installations.get(installationId)
    if (!installation) this.addInstallation(installationId)
    else installation.repos?.add(repoKey(input.owner, input.repo))
    const owned = this.installations.get(installationId)
    if (owned && !owned.account) owned.account = input.owner
    this.repoId(input.owner, input.repo)
    const now = isoSeconds()
    const key = pullKey(input.owner, input.repo, input.number)
    const baseSha = input.baseSha ?? sha1(`${key}:base`)
    const files = input.files.map(f => normalizeFile(f, input.headSha))
    this.pulls.set(key, {
      id: numericId(key, 2_000_000_000),
      owner: input.owner,
      repo: input.repo,
      number: input.number,
      installationId,
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

  findPull(owner: string, repo: string, number: number): PullState | undefined {
    return this.pulls.get(pullKey(owner, repo, number))
  }

  mustFindPull(owner: string, repo: string, number: number): PullState {
    const pull = this.findPull(owner, repo, number)
    if (!pull) throw new Error(`GitHub fake: no pull request ${owner}/${repo}#${number}`)
    return pull
  }

  files(pull: PullState, sha = pull.headSha): NormalizedFile[] {
    return pull.heads.get(sha) ?? []
  }

  pullsOf(owner: string, repo: string): PullState[] {
    const prefix = `${repoKey(owner, repo)}#`
    return [...this.pulls.entries()].filter(([key]) => key.startsWith(prefix)).map(([, pull]) => pull)
  }

  // A push: a fast-forward from the previous head unless forced or rebased onto options.baseSha.
  // Moving back to a commit that already was the head keeps its place in the graph.
  setHead(owner: string, repo: string, number: number, sha: string, files?: FakeFile[], options: SetHeadOptions = {}): void {
    const pull = this.mustFindPull(owner, repo, number)
    const rebased = options.force ?? options.baseSha !== undefined
    if (options.baseSha !== undefined && !rebased) throw new Error('GitHub fake: a new baseSha is a rebase; merging the base into the branch is not modelled')
    if (rebased && options.delta) throw new Error('GitHub fake: delta is the diff from the previous head, which a force-push does not descend from')
    const previous = this.files(pull)
    const next = files ? files.map(f => normalizeFile(f, sha)) : previous
    if (options.baseSha !== undefined) {
      pull.baseSha = options.baseSha
      if (!pull.bases.includes(options.baseSha)) pull.bases.push(options.baseSha)
    }
    if (!pull.commits.has(sha)) {
      const delta = rebased ? next : options.delta?.map(f => normalizeFile(f, sha)) ?? changedSince(previous, next)
      pull.commits.set(sha, { sha, parent: rebased ? pull.baseSha : pull.headSha, base: pull.baseSha, delta, createdAt: isoSeconds() })
    }
    pull.heads.set(sha, next)
    pull.headSha = sha
    pull.updatedAt = isoSeconds()
    for (const review of this.reviews(owner, repo, number)) {
      for (const comment of review.comments) this.moveComment(pull, review, comment)
    }
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

  nextId(kind: 'check_run' | 'comment' | 'reaction'): number {
    return this.sequences[kind]++
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

  storeReview(owner: string, repo: string, number: number, review: Partial<StoredReview> & { body: string, commit_id: string }): StoredReview {
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
      user: review.user ?? this.botUser,
      submitted_at: review.submitted_at ?? isoSeconds(),
    }
    this.reviews(owner, repo, number).push(stored)
    // a review of an earlier head: its comments are carried to the head at once
    const pull = this.findPull(owner, repo, number)
    if (pull) for (const comment of stored.comments) this.moveComment(pull, stored, comment)
    return stored
  }

  // Rate-limit bookkeeping per credential, like GitHub's per-installation budget.
  consumeRate(headers: IncomingHttpHeaders, count: boolean): { limit: number, used: number, remaining: number, reset: number } {
    const identity = this.identity(headers)
    const now = Math.floor(Date.now() / 1000)
    let bucket = this.rate.get(identity)
    if (!bucket || bucket.reset <= now) {
      bucket = { used: 0, reset: now + 3600 }
      this.rate.set(identity, bucket)
    }
    if (count) bucket.used = Math.min(bucket.used + 1, RATE_LIMIT)
    return { limit: RATE_LIMIT, used: bucket.used, remaining: RATE_LIMIT - bucket.used, reset: bucket.reset }
  }

  /** True when this write by an installation token goes past `writePace`: GitHub answers a secondary rate limit. */
  overWritePace(headers: IncomingHttpHeaders, method: string): boolean {
    if (!this.writePace || !['POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) return false
    const identity = this.identity(headers)
    if (!identity.startsWith('installation:')) return false
    const now = Date.now()
    const recent = (this.writes.get(identity) ?? []).filter(at => at > now - this.writePace!.windowMs)
    recent.push(now)
    this.writes.set(identity, recent)
    return recent.length > this.writePace.maxWrites
  }

  private identity(headers: IncomingHttpHeaders): string {
    const auth = bearer(headers)
    if (!auth) return 'anonymous'
    const token = this.tokens.get(auth.credential)
    if (token) return `installation:${token.installationId}`
    const userToken = this.userTokens.get(auth.credential)
    if (userToken) return `user:${userToken.login.toLowerCase()}`
    return auth.credential.startsWith('ey') ? 'app' : 'anonymous'
  }

  requireApp(ctx: RouteContext): void {
    const auth = bearer(ctx.headers)
    const problem = auth?.scheme === 'bearer'
      ? checkAppJwt(auth.credential, this.publicKey, this.appId)
      : JWT_DECODE_ERROR
    if (problem) throw new HttpError(401, problem, {}, DOCS)
  }

  requireInstallationToken(ctx: RouteContext): IssuedToken {
    const auth = bearer(ctx.headers)
    const token = auth && (auth.scheme === 'token' || auth.scheme === 'bearer') ? this.tokens.get(auth.credential) : undefined
    if (!token || token.expiresAt <= Date.now() || !this.installations.has(token.installationId)) {
      throw new HttpError(401, 'Bad credentials', {}, DOCS)
    }
    return token
  }

  canSee(token: IssuedToken, owner: string, repo: string): boolean {
    const key = repoKey(owner, repo)
    const installation = this.installations.get(token.installationId)
    if (!installation) return false
    if (installation.repos && !installation.repos.has(key)) return false
    return !token.repos || token.repos.has(key)
  }

  knowsRepo(owner: string, repo: string): boolean {
    return this.repoIds.has(repoKey(owner, repo))
  }

  // Auth as GitHub does for repository endpoints, then the repository itself.
  requireRepo(ctx: RouteContext, owner: string, repo: string): IssuedToken {
    const token = this.requireInstallationToken(ctx)
    if (!this.canSee(token, owner, repo)) throw new HttpError(401, 'Bad credentials', {}, DOCS)
    if (!this.knowsRepo(owner, repo)) throw notFound()
    return token
  }

  requirePull(ctx: RouteContext, owner: string, repo: string, number: number): { token: IssuedToken, pull: PullState } {
    const token = this.requireRepo(ctx, owner, repo)
    const pull = this.findPull(owner, repo, number)
    if (!pull) throw notFound()
    return { token, pull }
  }

  addUser(input: FakeUserInput): void {
    if (!/^[^\s/]+$/.test(input.login)) throw new Error(`GitHub fake: invalid login ${JSON.stringify(input.login)}`)
    const repos: FakeUser['repos'] = new Map()
    for (const [full, role] of Object.entries(input.repos)) {
      const [owner = '', repo = '', ...rest] = full.split('/')
      if (!owner || !repo || rest.length) throw new Error(`GitHub fake: repository ${JSON.stringify(full)} is not 'owner/repo'`)
      if (!['read', 'push', 'admin'].includes(role)) throw new Error(`GitHub fake: unknown role ${JSON.stringify(role)} for ${full}`)
      repos.set(repoKey(owner, repo), { owner, repo, role })
      this.privateRepos.add(repoKey(owner, repo))
      this.repoId(owner, repo)
      this.coverRepo(owner, repo)
    }
    const existing = this.users.get(input.login.toLowerCase())
    this.users.set(input.login.toLowerCase(), {
      login: input.login,
      id: input.id ?? numericId(input.login, 100_000),
      name: input.name ?? null,
      repos,
      createdAt: existing?.createdAt ?? isoSeconds(),
    })
  }

  // A repository a test gives files or a default branch exists, covered like one with a pull request.
  ensureRepo(owner: string, repo: string): void {
    this.repoId(owner, repo)
    this.coverRepo(owner, repo)
  }

  roleOf(login: string, owner: string, repo: string): FakeRepoRole | undefined {
    return this.findUser(login)?.repos.get(repoKey(owner, repo))?.role
  }

  // Like addPullRequest: installation 1 takes the repository unless another installation lists it.
  private coverRepo(owner: string, repo: string): void {
    const key = repoKey(owner, repo)
    if ([...this.installations.values()].some(i => i.repos?.has(key))) return
    const first = this.installations.get(1)
    if (!first) this.addInstallation(1)
    else first.repos?.add(key)
    const installation = this.installations.get(1)
    if (installation && !installation.account) installation.account = owner
  }

  // The one installation a repository belongs to: the one listing it, else one with all repositories.
  installationOf(owner: string, repo: string): Installation | undefined {
    const key = repoKey(owner, repo)
    const all = [...this.installations.values()]
    return all.find(i => i.repos?.has(key)) ?? all.find(i => !i.repos)
  }

  isPrivate(owner: string, repo: string): boolean {
    return this.privateRepos.has(repoKey(owner, repo))
  }

  findUser(login: string): FakeUser | undefined {
    return this.users.get(login.toLowerCase())
  }

  authorizeAs(login: string): void {
    const user = this.findUser(login)
    if (!user) throw new Error(`GitHub fake: no user ${login}; call addUser first`)
    this.signInAs = user.login
  }

  signingInUser(): FakeUser {
    const user = this.browserUser()
    if (!user) throw new Error('GitHub fake: nobody to sign in; call addUser first')
    return user
  }

  // the user signed in on github.com: the one set with authorizeAs, else the first added
  browserUser(): FakeUser | undefined {
    return this.signInAs ? this.findUser(this.signInAs) : this.users.values().next().value
  }

  setUserTokenLifetime(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`GitHub fake: token lifetime must be a positive number of seconds, got ${seconds}`)
    this.userTokenLifetime = seconds
  }

  issueUserTokens(login: string): { accessToken: string, refreshToken: string, expiresIn: number } {
    const now = Date.now()
    const accessToken = randomToken('ghu_')
    const refreshToken = randomToken('ghr_', 76)
    this.userTokens.set(accessToken, { token: accessToken, login, expiresAt: now + this.userTokenLifetime * 1000 })
    this.refreshTokens.set(refreshToken, { token: refreshToken, login, accessToken, expiresAt: now + REFRESH_TOKEN_LIFETIME * 1000 })
    return { accessToken, refreshToken, expiresIn: this.userTokenLifetime }
  }

  revokeUserTokens(login: string): void {
    const lower = login.toLowerCase()
    for (const map of [this.userTokens, this.refreshTokens]) {
      for (const [token, issued] of map) {
        if (issued.login.toLowerCase() === lower) map.delete(token)
      }
    }
  }

  isUserCredential(headers: IncomingHttpHeaders): boolean {
    return bearer(headers)?.credential.startsWith('ghu_') ?? false
  }

  requireUser(ctx: RouteContext): FakeUser {
    const auth = bearer(ctx.headers)
    const credential = auth && (auth.scheme === 'token' || auth.scheme === 'bearer') ? auth.credential : ''
    if (this.tokens.has(credential)) throw new HttpError(403, 'Resource not accessible by integration')
    const token = this.userTokens.get(credential)
    const user = token && token.expiresAt > Date.now() ? this.findUser(token.login) : undefined
    if (!user) throw new HttpError(401, 'Bad credentials', {}, DOCS)
    return user
  }

  // What a user-to-server token may do there: the user's role (pull only on a public repository
  // without one), within what the App is installed on; undefined when GitHub would answer 404.
  userPermissions(user: FakeUser, owner: string, repo: string): RepoPermissions | undefined {
    if (!this.knowsRepo(owner, repo) || !this.installationOf(owner, repo)) return undefined
    const role = user.repos.get(repoKey(owner, repo))?.role
    if (!role && this.isPrivate(owner, repo)) return undefined
    return rolePermissions(role)
  }
}

export function reviewState(event: string): string {
  switch (event) {
    case 'APPROVE': return 'APPROVED'
    case 'REQUEST_CHANGES': return 'CHANGES_REQUESTED'
    case 'COMMENT': return 'COMMENTED'
    default: return 'PENDING'
  }
}
