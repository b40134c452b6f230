// The handle a test holds: the fake's state behind the GitHubFake interface.
import type { Router } from 'h3'
import type { GitHubFake } from './api'
import { commentsOn, storeIssueComment } from './comments'
import type { Traffic } from './exchange'
import { reactionsOf } from './reactions'
import { route } from './route'
import type { FakeState } from './state'

// `added` takes a test's own routes
export function fakeHandle(state: FakeState, traffic: Traffic, added: Router, close: () => Promise<void>): GitHubFake {
  return {
    url: state.url,
    // getters: a manifest conversion replaces the App
    get appId() { return state.appId },
    get appSlug() { return state.appSlug },
    get privateKey() { return state.privateKey },
    get botUser() { return state.botUser },
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
    get refreshCalls() { return state.users.refreshCalls },
    authorizations: state.users.authorizations,
    manifests: state.manifests,
    get webhookSecret() { return state.webhookSecret },
    get conversions() { return state.conversions },
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
    close,
  }
}
