// A local stand-in for api.github.com that speaks the REST wire protocol closely enough for the
// real Octokit clients (auth-app, paginate, retry, throttling) to run against it unmodified.
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, defineEventHandler, toNodeListener } from 'h3'
import { appRoutes } from './apps'
import { checkRoutes } from './checks'
import { collaboratorRoutes } from './collaborators'
import { commentRoutes, commentsOn, storeIssueComment } from './comments'
import { compareRoutes } from './compare'
import { contentRoutes } from './contents'
import { deliveryRoutes } from './deliveries'
import { sendError, takeIn, type Traffic } from './exchange'
import { DOCS, notFound } from './http'
import { manifestRoutes } from './manifest'
import { metaRoutes } from './meta'
import { oauthRoutes } from './oauth'
import { pullRoutes } from './pulls'
import { reactionRoutes, reactionsOf } from './reactions'
import { reviewCommentRoutes } from './review-comments'
import { reviewRoutes } from './reviews'
import { route } from './route'
import { FakeState } from './state'
import type { GitHubFake } from './api'
import { userRoutes } from './users'

export type { Fault, GitHubFake, RecordedRequest, RequestHook } from './api'
export type { FakeFile, FakePullRequestInput, StoredReviewComment, StoredReview, FakeRepoRole, FakeUserInput, OAuthAuthorization, ReceivedManifest, WebhookDelivery, WebhookDeliverySummary } from './types'
export type { SetHeadOptions, StoredCheckAnnotation, StoredCheckRun, StoredIssueComment, FakeIssueCommentInput, ReactionContent, StoredReaction } from './types'
export type { Route, RouteContext, Reply } from './route'
export { HttpError } from './http'
export { primaryRateLimit, secondaryRateLimit, serverError } from './exchange'
export { makePatch, parsePatch } from './patch'

const AREAS = [appRoutes, pullRoutes, reviewRoutes, metaRoutes, oauthRoutes, userRoutes, manifestRoutes, deliveryRoutes, contentRoutes, compareRoutes, checkRoutes, commentRoutes, reactionRoutes, collaboratorRoutes, reviewCommentRoutes]

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
  const traffic: Traffic = { requests: [], hooks: [], faults: [] }
  // a test's own endpoints, ahead of the built-in ones so they can shadow them
  const added = createRouter()
  const builtIn = createRouter()
  for (const addRoutes of AREAS) addRoutes(builtIn)
  const app = createApp()
  app.use(defineEventHandler(event => takeIn(event, state, traffic)))
  app.use(added.handler)
  app.use(builtIn.handler)
  app.use(defineEventHandler(event => sendError(event, notFound(), DOCS)))

  const server = createServer(toNodeListener(app))
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
    requests: traffic.requests,
    addInstallation: (id, repos) => state.access.addInstallation(id, repos),
    addPullRequest: pr => state.addPullRequest(pr),
    setHead: (owner, repo, number, sha, files, options) => state.pulls.setHead(owner, repo, number, sha, files, options),
    reviews: (owner, repo, number) => [...state.pulls.reviews(owner, repo, number)],
    addReview: (owner, repo, number, review) => {
      state.pulls.mustFind(owner, repo, number)
      return state.pulls.storeReview(owner, repo, number, review)
    },
    inject: (fault) => {
      traffic.faults.push({ fault, left: fault.times ?? 1 })
    },
    enforceWritePace: (pace) => {
      state.rate.writePace = pace
    },
    onRequest: (hook) => {
      traffic.hooks.push(hook)
    },
    addRoute: ({ method, path, handler, ...options }) => route(added, method, path, options, handler),
    oauth: state.oauth,
    addUser: user => state.addUser(user),
    authorizeAs: login => state.users.authorizeAs(login),
    setUserTokenLifetime: seconds => state.users.setTokenLifetime(seconds),
    revokeUserTokens: login => state.users.revokeTokens(login),
    get refreshCalls() {
      return state.users.refreshCalls
    },
    authorizations: state.users.authorizations,
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
      state.access.ensureRepo(owner, repo)
      state.repoFiles.set(owner, repo, path, content, options?.ref)
    },
    setDefaultBranch: (owner, repo, branch) => {
      state.access.ensureRepo(owner, repo)
      state.repoFiles.setDefaultBranch(owner, repo, branch)
    },
    checkRuns: (owner, repo, headSha) => state.checkRuns.filter(run =>
      `${run.owner}/${run.repo}`.toLowerCase() === `${owner}/${repo}`.toLowerCase() && (headSha === undefined || run.head_sha === headSha)),
    addIssueComment: (owner, repo, number, comment) => {
      state.pulls.mustFind(owner, repo, number)
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
