import type { ForgePullRequest, PullRef } from '../forge'
import { completeCheckRun, startCheckRun } from './checks'
import { collaboratorRole, compareCommits, readRepoFile } from './contents'
import { createComment, listOwnComments, reactEyes } from './conversation'
import { unlessForbidden } from './errors'
import type { AppIdentity } from './identity'
import type { ReviewOctokit } from './octokit'
import { createReview, getPullRequest, listChangedFiles, listCommentPlaces, listOwnReviews } from './pulls'

/**
 * One pull request on GitHub as the review steps see it, through an installation's Octokit. `warn` tells the job's log
 * of calls GitHub refused for a permission the App lacks (the check run, a comment, a reaction), which the review does
 * without.
 */
export function githubPullRequest(octokit: ReviewOctokit, ref: PullRef, app: AppIdentity, warn: (message: string) => unknown): ForgePullRequest {
  const optional = <T>(call: () => Promise<T>, permission: string) => unlessForbidden(call, warn, permission)
  return {
    ref,
    configPaths: ['.github/revue.yml'],
    get: () => getPullRequest(octokit, ref),
    changedFiles: () => listChangedFiles(octokit, ref),
    ownReviews: () => listOwnReviews(octokit, ref, app),
    ownCommentPlaces: reviewIds => listCommentPlaces(octokit, ref, reviewIds),
    ownComments: () => listOwnComments(octokit, ref, app),
    comment: body => createComment(octokit, ref, body),
    postReview: review => createReview(octokit, ref, review, warn),
    compare: (base, head) => compareCommits(octokit, ref, base, head),
    readFile: (path, branch) => readRepoFile(octokit, ref, path, branch),
    roleOf: username => collaboratorRole(octokit, ref, username),
    acknowledge: async (commentId) => {
      await optional(() => reactEyes(octokit, ref, commentId), 'Issues')
    },
    optional,
    // Without the Checks permission: a log line and no check run.
    startCheck: async (headSha) => {
      const id = await optional(() => startCheckRun(octokit, ref, headSha, app.appId), 'Checks')
      return {
        complete: async (outcome) => {
          if (id !== undefined) await optional(() => completeCheckRun(octokit, ref, id, outcome), 'Checks')
        },
      }
    },
  }
}
