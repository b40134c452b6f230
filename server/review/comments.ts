import type { ReviewOctokit } from '../github/octokit'
import type { PullRef } from './pull-request'

/**
 * Posts a comment on the pull request's conversation unless a bot comment with the same hidden marker is there:
 * retries and repeated events say a thing once.
 */
export async function commentOnce(octokit: ReviewOctokit, ref: PullRef, marker: string, body: string): Promise<{ url: string, created: boolean }> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, per_page: 100 })
  const existing = comments.find(comment => comment.user?.type === 'Bot' && comment.body?.includes(marker))
  if (existing) return { url: existing.html_url, created: false }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body: `${body}\n\n${marker}` })
  return { url: data.html_url, created: true }
}
