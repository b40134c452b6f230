import type { Finding } from '#shared/schemas/review'
import type { ForgePullRequest } from '../forges/forge'
import { toInlineComment } from './placement'

export interface PostInput {
  headSha: string
  inside: Finding[]
  outside: Finding[]
  /** The review body for a given number of inline comments and list of findings in the body. */
  body: (inlineCount: number, listed: Finding[]) => string
}

/**
 * Posts the review with its inline comments. A finding whose line the forge still refuses is listed in the body
 * instead, so none is lost.
 */
export async function postReview(forge: ForgePullRequest, input: PostInput) {
  const comments = input.inside.map(toInlineComment)
  const refusedFindings = (refused: unknown[]) => input.inside.filter((_, index) => refused.includes(comments[index]))
  const { post, refused } = await forge.postReview({
    headSha: input.headSha,
    comments,
    body: refused => input.body(comments.length - refused.length, [...refusedFindings(refused), ...input.outside]),
  })
  const listed = refusedFindings(refused)
  return { review: post, refused: listed, inlineComments: comments.length - listed.length, summaryFindings: listed.length + input.outside.length }
}
