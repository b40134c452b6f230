import type { ReviewOctokit } from '../github/octokit'
import { endsWithMarker, isOwn, type AppIdentity } from './markers'
import type { PullRef } from './pull-request'

/**
 * Posts a comment on the pull request's conversation unless this App already posted one ending with the same hidden
 * marker: retries and repeated events say a thing once. A marker in anyone else's comment, or not on the last line,
 * does not count.
 */
export async function commentOnce(octokit: ReviewOctokit, ref: PullRef, app: AppIdentity, marker: string, body: string): Promise<{ url: string, created: boolean }> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, per_page: 100 })
  const existing = comments.find(comment => isOwn(comment, app) && endsWithMarker(comment.body, marker))
  if (existing) return { url: existing.html_url, created: false }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body: `${body}\n\n${marker}` })
  return { url: data.html_url, created: true }
}
