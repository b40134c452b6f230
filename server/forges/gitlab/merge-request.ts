import type { ForgePullRequest } from '../forge'
import type { GitLabApi } from './client'
import { postReviewDiscussions } from './discussions'
import { unlessForbidden } from './errors'
import type { GitLabIdentity } from './identity'
import { getMergeRequest, getProject, listChangedFiles, toPullRef, type GitLabMergeRequestRef, type GitLabProject } from './merge-requests'
import { awardEyes, createNote, listOwnNotes } from './notes'
import { compareCommits, memberRole, readRepositoryFile } from './repository'
import { completeCommitStatus, startCommitStatus } from './statuses'

/**
 * One merge request on GitLab as the review steps see it, through the bot's client. A review is a set of inline
 * discussions and one summary note; the check is a commit status. `warn` tells the job's log of calls GitLab refused
 * for the token's role or scope (the status, a note, an award emoji), which the review does without.
 */
export function gitlabMergeRequest(api: GitLabApi, ref: GitLabMergeRequestRef, identity: GitLabIdentity, warn: (message: string) => unknown): ForgePullRequest {
  const optional = <T>(call: () => Promise<T>, permission: string) => unlessForbidden(call, warn, permission)
  let project: Promise<GitLabProject> | undefined
  const projectOnce = () => (project ??= getProject(api, ref).catch((error: unknown) => {
    project = undefined
    throw error
  }))
  const ownNotes = async () => listOwnNotes(api, ref, await projectOnce(), identity)
  return {
    ref: toPullRef(ref),
    configPaths: ['.gitlab/revue.yml', '.github/revue.yml'],
    get: async () => getMergeRequest(api, ref, await projectOnce()),
    changedFiles: () => listChangedFiles(api, ref),
    ownReviews: ownNotes,
    // Revue records the findings it reported in its summary notes, which GitLab keeps wherever lines move.
    ownCommentPlaces: async () => [],
    ownComments: ownNotes,
    comment: async body => createNote(api, ref, await projectOnce(), body),
    postReview: async review => postReviewDiscussions(api, ref, await projectOnce(), identity, review, warn),
    compare: (base, head) => compareCommits(api, ref.projectId, base, head),
    readFile: (path, branch) => readRepositoryFile(api, ref.projectId, path, branch),
    roleOf: username => memberRole(api, ref.projectId, username),
    acknowledge: async (noteId) => {
      await optional(() => awardEyes(api, ref, noteId), 'the right to award emoji on notes')
    },
    optional,
    // Without Developer access: a log line and no commit status.
    startCheck: async (headSha) => {
      const started = await optional(async () => {
        await startCommitStatus(api, ref.projectId, headSha)
        return true
      }, 'Developer access to set commit statuses')
      return {
        complete: async (outcome) => {
          if (started) await optional(() => completeCommitStatus(api, ref.projectId, headSha, outcome), 'Developer access to set commit statuses')
        },
      }
    },
  }
}
