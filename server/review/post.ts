import { RequestError } from '@octokit/request-error'
import type { Finding } from '#shared/schemas/review'
import type { ReviewOctokit } from '../github/octokit'
import type { JobLogger } from '../utils/job-log'
import { toInlineComment } from './placement'
import { createReview, type PullRef } from './pull-request'

export interface PostInput {
  headSha: string
  inside: Finding[]
  outside: Finding[]
  /** The review body for a given number of inline comments and list of findings in the body. */
  body: (inlineCount: number, listed: Finding[]) => string
}

/**
 * Posts the review with its inline comments. Should GitHub still refuse a line (422 rejects the whole review),
 * posts it again with every finding listed in the body, so none is lost.
 */
export async function postReview(octokit: ReviewOctokit, ref: PullRef, input: PostInput, log: JobLogger) {
  try {
    const review = await createReview(octokit, ref, {
      headSha: input.headSha,
      body: input.body(input.inside.length, input.outside),
      comments: input.inside.map(toInlineComment),
    })
    return { review, inlineComments: input.inside.length, summaryFindings: input.outside.length }
  }
  catch (error) {
    if (!(error instanceof RequestError) || error.status !== 422 || !input.inside.length) throw error
    await log.warn(`GitHub refused the inline comments (${error.message}); listing every finding in the review body instead`)
    const listed = [...input.inside, ...input.outside]
    const review = await createReview(octokit, ref, { headSha: input.headSha, body: input.body(0, listed), comments: [] })
    return { review, inlineComments: 0, summaryFindings: listed.length }
  }
}
