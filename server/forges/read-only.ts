import type { ForgePullRequest } from './forge'

/**
 * The pull request for a shadow run: everything it reads, nothing it writes. There is no check to start, and a write
 * the review steps should never ask for in a shadow run fails the job instead of reaching the forge.
 */
export function readOnly(forge: ForgePullRequest): ForgePullRequest {
  const refuse = (what: string) => () => Promise.reject(new Error(`A shadow run does not ${what}`))
  return {
    ...forge,
    comment: refuse('comment'),
    postReview: refuse('post a review'),
    acknowledge: refuse('react to a comment'),
    startCheck: async () => ({ complete: async () => {} }),
  }
}
