import type { Finding } from '#shared/schemas/review'
import { PositionsRefusedError, type ForgePullRequest } from '../forges/forge'
import type { JobLogger } from '../jobs/log'
import { toInlineComment } from './placement'

export interface PostInput {
  headSha: string
  inside: Finding[]
  outside: Finding[]
  /** The review body for a given number of inline comments and list of findings in the body. */
  body: (inlineCount: number, listed: Finding[]) => string
}

/**
 * Posts the review with its inline comments. Should the forge still refuse a line, posts it again with every finding
 * listed in the body, so none is lost.
 */
export async function postReview(forge: ForgePullRequest, input: PostInput, log: Pick<JobLogger, 'warn'>) {
  try {
    const review = await forge.postReview({
      headSha: input.headSha,
      body: input.body(input.inside.length, input.outside),
      comments: input.inside.map(toInlineComment),
    })
    return { review, inlineComments: input.inside.length, summaryFindings: input.outside.length }
  }
  catch (error) {
    if (!(error instanceof PositionsRefusedError)) throw error
    await log.warn(`GitHub refused the inline comments (${error.message}); listing every finding in the review body instead`)
    const listed = [...input.inside, ...input.outside]
    const review = await forge.postReview({ headSha: input.headSha, body: input.body(0, listed), comments: [] })
    return { review, inlineComments: 0, summaryFindings: listed.length }
  }
}
