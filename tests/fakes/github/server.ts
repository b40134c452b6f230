// A local stand-in for api.github.com that speaks the REST wire protocol closely enough for the
// real Octokit clients (auth-app, paginate, retry, throttling) to run against it unmodified.
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { createApp, createRouter, defineEventHandler } from 'h3'
import { listen } from '../listen'
import type { GitHubFake } from './api'
import { appRoutes } from './apps'
import { checkRoutes } from './checks'
import { collaboratorRoutes } from './collaborators'
import { commentRoutes } from './comments'
import { compareRoutes } from './compare'
import { contentRoutes } from './contents'
import { deliveryRoutes } from './deliveries'
import { sendError, takeIn, type Traffic } from './exchange'
import { fakeHandle } from './handle'
import { DOCS, notFound } from './http'
import { manifestRoutes } from './manifest'
import { metaRoutes } from './meta'
import { oauthRoutes } from './oauth'
import { pullRoutes } from './pulls'
import { reactionRoutes } from './reactions'
import { reviewCommentRoutes } from './review-comments'
import { reviewRoutes } from './reviews'
import { FakeState } from './state'
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

  const listening = await listen(app)
  state.url = listening.origin
  return fakeHandle(state, traffic, added, listening.close)
}
