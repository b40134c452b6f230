import { z } from 'zod'
import type { ReviewJobData } from '#shared/schemas/job'

export const REVIEWED_ACTIONS = ['opened', 'reopened', 'synchronize', 'ready_for_review', 'review_requested'] as const

const UserSchema = z.object({ login: z.string(), type: z.string() })

/** The fields of a `pull_request` delivery that Revue reads; anything else in the payload is ignored. */
export const PullRequestEventSchema = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    draft: z.boolean().optional(),
    user: UserSchema,
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit SHA') }),
  }),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  installation: z.object({ id: z.number().int().positive() }, 'is missing: is this delivery from a GitHub App webhook?'),
  requested_reviewer: UserSchema.optional(),
})
export type PullRequestEvent = z.infer<typeof PullRequestEventSchema>

export type Decision = { review: Omit<ReviewJobData, 'deliveryId'> } | { ignored: string }

/**
 * Whether a `pull_request` delivery asks for a review. Drafts are queued: whether they are reviewed is the
 * repository's choice (`review_drafts` in .github/revue.yml), which the worker reads. `appSlug` is only asked for when a bot was requested
 * as reviewer, to tell this App's bot from others.
 */
export async function decideReview(event: PullRequestEvent, appSlug: () => Promise<string>): Promise<Decision> {
  const { action, pull_request: pr } = event
  if (!(REVIEWED_ACTIONS as readonly string[]).includes(action)) return { ignored: `action '${action}' does not trigger a review` }
  if (pr.state !== 'open') return { ignored: 'the pull request is closed' }
  if (pr.user.type === 'Bot') return { ignored: `the author ${pr.user.login} is a bot` }
  if (action === 'review_requested') {
    const reviewer = event.requested_reviewer
    if (reviewer?.type !== 'Bot' || reviewer.login !== `${await appSlug()}[bot]`) {
      return { ignored: 'the review was requested from someone else' }
    }
  }
  return {
    review: {
      installationId: event.installation.id,
      owner: event.repository.owner.login,
      repo: event.repository.name,
      prNumber: pr.number,
      headSha: pr.head.sha,
      trigger: action,
      title: pr.title,
    },
  }
}
