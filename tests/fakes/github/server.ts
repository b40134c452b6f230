// A local stand-in for api.github.com that speaks the REST wire protocol closely enough for the
// real Octokit clients (auth-app, paginate, retry, throttling) to run against it unmodified.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { appRoutes } from './apps'
import { checkRoutes } from './checks'
import { collaboratorRoutes } from './collaborators'
import { commentRoutes, commentsOn, storeIssueComment } from './comments'
import { compareRoutes } from './compare'
import { contentRoutes } from './contents'
import { deliveryRoutes } from './deliveries'
import { compileRoutes, DOCS, errorBody, HttpError, matchRoute, type CompiledRoute, type Reply, type Route } from './http'
import { manifestRoutes } from './manifest'
import { metaRoutes } from './meta'
import { oauthRoutes } from './oauth'
import { pullRoutes } from './pulls'
import { reactionRoutes, reactionsOf } from './reactions'
import { reviewCommentRoutes } from './review-comments'
import { FakeState } from './state'
import type { Fault, GitHubFake, RecordedRequest, RequestHook } from './types'
import { userRoutes } from './users'

export type { FakeFile, FakePullRequestInput, StoredReviewComment, StoredReview, Fault, RecordedRequest, GitHubFake, RequestHook, FakeRepoRole, FakeUserInput, OAuthAuthorization, ReceivedManifest, WebhookDelivery, WebhookDeliverySummary } from './types'
export type { SetHeadOptions, StoredCheckAnnotation, StoredCheckRun, StoredIssueComment, FakeIssueCommentInput, ReactionContent, StoredReaction } from './types'
export type { Route, RouteContext, Reply } from './http'
export { HttpError } from './http'
export { makePatch, parsePatch } from './patch'

const ROUTES: Route[] = [
  ...appRoutes, ...pullRoutes, ...metaRoutes, ...oauthRoutes, ...userRoutes, ...manifestRoutes, ...deliveryRoutes,
  ...contentRoutes, ...compareRoutes, ...checkRoutes, ...commentRoutes, ...reactionRoutes, ...collaboratorRoutes, ...reviewCommentRoutes,
]
const compiledRoutes = compileRoutes(ROUTES)

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase()
}

function requestId(): string {
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}`
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

// pages of github.com, not api.github.com: the OAuth web flow and the App registration form
const WEB_PAGE = /^\/(?:login\/|settings\/|organizations\/[^/]+\/settings\/)/

function pathMatches(pattern: RegExp, url: URL): boolean {
  pattern.lastIndex = 0
  if (pattern.test(url.pathname)) return true
  pattern.lastIndex = 0
  return pattern.test(url.pathname + url.search)
}

export async function startGitHubServer(options: { appId?: number, appSlug?: string, oauth?: { clientId?: string, clientSecret?: string } } = {}): Promise<GitHubFake> {
  const appId = options.appId ?? 4242
  const appSlug = options.appSlug ?? 'revue-test'
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  })
  const state = new FakeState(appId, appSlug, createPublicKey(keys.publicKey), keys.privateKey)
  state.oauth.clientId = options.oauth?.clientId ?? state.oauth.clientId
  state.oauth.clientSecret = options.oauth?.clientSecret ?? state.oauth.clientSecret
  const faults: { fault: Fault, left: number }[] = []
  const hooks: RequestHook[] = []
  const requests: RecordedRequest[] = []
  let routes: CompiledRoute[] = compiledRoutes

  function takeFault(method: string, url: URL): Fault | undefined {
    const index = faults.findIndex(({ fault }) => (!fault.method || fault.method.toUpperCase() === method) && pathMatches(fault.path, url))
    const entry = faults[index]
    if (!entry) return undefined
    if (--entry.left <= 0) faults.splice(index, 1)
    return entry.fault
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', state.url)
    const path = url.pathname + url.search
    const raw = await readBody(req)
    let body: unknown
    let badJson = false
    if (raw.trim()) {
      try {
        body = JSON.parse(raw)
      }
      catch {
        body = raw
        badJson = true
      }
    }
    const record: RecordedRequest = { method, path, status: 0, headers: { ...req.headers } }
    if (raw) record.body = body
    requests.push(record)
    // the github.com pages are outside the API's rate limit
    const rate = state.consumeRate(req.headers, url.pathname !== '/rate_limit' && !WEB_PAGE.test(url.pathname))

    const send = (status: number, reply: Reply): void => {
      record.status = status
      const text = reply.text ?? (typeof reply.body === 'string' ? { content: reply.body, contentType: 'text/plain; charset=utf-8' } : undefined)
      const content = text ? text.content : reply.body === undefined ? '' : JSON.stringify(reply.body)
      // as sent: a handler may keep changing the object it answered
      if (!text && content) record.response = JSON.parse(content)
      res.writeHead(status, {
        'content-type': text?.contentType ?? 'application/json; charset=utf-8',
        'x-github-request-id': requestId(),
        'x-github-api-version-selected': '2022-11-28',
        'x-github-media-type': 'github.v3; format=json',
        'x-ratelimit-limit': String(rate.limit),
        'x-ratelimit-remaining': String(rate.remaining),
        'x-ratelimit-reset': String(rate.reset),
        'x-ratelimit-used': String(rate.used),
        'x-ratelimit-resource': 'core',
        ...reply.headers,
        'content-length': String(Buffer.byteLength(content)),
      })
      res.end(method === 'HEAD' ? undefined : content)
    }

    let docs = DOCS
    try {
      for (const hook of hooks) await hook({ method, path })
      const fault = takeFault(method, url) ?? (state.overWritePace(req.headers, method) ? secondaryRateLimit(/./) : undefined)
      if (fault) {
        send(fault.status, { headers: fault.headers, body: fault.body ?? errorBody(fault.status, STATUS_CODES[fault.status] ?? 'Error') })
        return
      }
      const match = matchRoute(routes, method, url.pathname)
      if (!match) throw new HttpError(404, 'Not Found')
      docs = match.route.docs ?? DOCS
      if (match.route.form && /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
        body = Object.fromEntries(new URLSearchParams(raw))
        badJson = false
        if (raw) record.body = body
      }
      if (badJson) throw new HttpError(400, 'Problems parsing JSON')
      const reply = await match.route.handler({ state, method, url, params: match.params, headers: req.headers, body, docs })
      send(reply.status ?? 200, reply)
    }
    catch (error) {
      if (error instanceof HttpError) {
        send(error.status, { body: errorBody(error.status, error.message, error.docs ?? docs, error.extra) })
      }
      else {
        send(500, { body: errorBody(500, `GitHub fake failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`) })
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let closing: Promise<void> | undefined

  return {
    url: state.url,
    // getters: a manifest conversion replaces the App
    get appId() {
      return state.appId
    },
    get appSlug() {
      return state.appSlug
    },
    get privateKey() {
      return state.privateKey
    },
    get botUser() {
      return state.botUser
    },
    requests,
    addInstallation: (id, repos) => state.addInstallation(id, repos),
    addPullRequest: pr => state.addPullRequest(pr),
    setHead: (owner, repo, number, sha, files, options) => state.setHead(owner, repo, number, sha, files, options),
    reviews: (owner, repo, number) => [...state.reviews(owner, repo, number)],
    addReview: (owner, repo, number, review) => {
      state.mustFindPull(owner, repo, number)
      return state.storeReview(owner, repo, number, review)
    },
    inject: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 })
    },
    enforceWritePace: (pace) => {
      state.writePace = pace
    },
    onRequest: (hook) => {
      hooks.push(hook)
    },
    addRoute: (route) => {
      // prepended so a test can shadow a built-in endpoint
      routes = [...compileRoutes([route]), ...routes]
    },
    oauth: state.oauth,
    addUser: user => state.addUser(user),
    authorizeAs: login => state.authorizeAs(login),
    setUserTokenLifetime: seconds => state.setUserTokenLifetime(seconds),
    revokeUserTokens: login => state.revokeUserTokens(login),
    get refreshCalls() {
      return state.refreshCalls
    },
    authorizations: state.authorizations,
    manifests: state.manifests,
    get webhookSecret() {
      return state.webhookSecret
    },
    get conversions() {
      return state.conversions
    },
    setWebhook: (url, secret) => state.deliveries.configure(url, secret),
    sendWebhook: async (event, payload) => {
      const { id, guid, status_code: status } = await state.deliveries.send(event, payload)
      return { id, guid, status }
    },
    deliveries: state.deliveries.list,
    idle: () => state.deliveries.idle(),
    setRepoFile: (owner, repo, path, content, options) => {
      state.ensureRepo(owner, repo)
      state.repoFiles.set(owner, repo, path, content, options?.ref)
    },
    setDefaultBranch: (owner, repo, branch) => {
      state.ensureRepo(owner, repo)
      state.repoFiles.setDefaultBranch(owner, repo, branch)
    },
    checkRuns: (owner, repo, headSha) => state.checkRuns.filter(run =>
      `${run.owner}/${run.repo}`.toLowerCase() === `${owner}/${repo}`.toLowerCase() && (headSha === undefined || run.head_sha === headSha)),
    addIssueComment: (owner, repo, number, comment) => {
      state.mustFindPull(owner, repo, number)
      return storeIssueComment(state, owner, repo, number, comment)
    },
    issueComments: (owner, repo, number) => commentsOn(state, owner, repo, number),
    reactions: (_owner, _repo, commentId) => reactionsOf(state, commentId),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    },
  }
}

// Builders for the exact faults GitHub sends.

export function primaryRateLimit(path: RegExp, resetInSeconds = 60): Fault {
  return {
    path,
    status: 403,
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
    },
  }
}

export function secondaryRateLimit(path: RegExp, retryAfterSeconds = 60, status: 403 | 429 = 403): Fault {
  const id = requestId()
  return {
    path,
    status,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-github-request-id': id },
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
      documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    },
  }
}

export function serverError(path: RegExp, status: 500 | 502 | 503 = 502, times = 1): Fault {
  return { path, status, times, body: { message: status === 500 ? 'Server Error' : STATUS_CODES[status] } }
}
