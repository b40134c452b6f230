import type { OwnPost, PullRef } from '../forge'
import { isOwn, type AppIdentity } from './identity'
import type { ReviewOctokit } from './octokit'

/** This App's comments on the pull request's conversation, oldest first. */
export async function listOwnComments(octokit: ReviewOctokit, ref: PullRef, app: AppIdentity): Promise<OwnPost[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, per_page: 100 })
  return comments.filter(comment => isOwn(comment, app)).map(comment => ({ id: Number(comment.id), url: comment.html_url, body: comment.body ?? '' }))
}

export async function createComment(octokit: ReviewOctokit, ref: PullRef, body: string): Promise<OwnPost> {
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body })
  return { id: Number(data.id), url: data.html_url, body: data.body ?? '' }
}

/** The 👀 reaction on a command's comment. */
export async function reactEyes(octokit: ReviewOctokit, ref: PullRef, commentId: number): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: 'eyes' })
}
