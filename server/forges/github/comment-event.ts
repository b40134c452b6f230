import { z } from 'zod'
import type { CommandJobData } from '#shared/schemas/job'
import { parseCommand } from '../command'

/** The fields of an `issue_comment` delivery that Revue reads. */
export const IssueCommentEventSchema = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string().default(''),
    pull_request: z.object({ url: z.string() }).optional(),
  }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z.string().nullable(),
    user: z.object({ login: z.string(), type: z.string() }),
  }),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  installation: z.object({ id: z.number().int().positive() }, 'is missing: is this delivery from a GitHub App webhook?'),
})
export type IssueCommentEvent = z.infer<typeof IssueCommentEventSchema>

export type CommandDecision = { command: Omit<CommandJobData, 'deliveryId'> } | { ignored: string }

/**
 * Whether an `issue_comment` delivery is a command for Revue. Bots (Revue included) are never obeyed; whether the
 * author may give commands (write access) is checked by the worker, which can ask GitHub.
 */
export function decideCommand(event: IssueCommentEvent): CommandDecision {
  if (event.action !== 'created') return { ignored: `action '${event.action}' does not carry a command` }
  if (!event.issue.pull_request) return { ignored: 'the comment is on an issue, not a pull request' }
  if (event.comment.user.type === 'Bot') return { ignored: `the author ${event.comment.user.login} is a bot` }
  const parsed = parseCommand(event.comment.body)
  if (!parsed) return { ignored: 'the comment is not a /revue command' }
  return {
    command: {
      ...parsed,
      installationId: event.installation.id,
      owner: event.repository.owner.login,
      repo: event.repository.name,
      prNumber: event.issue.number,
      title: event.issue.title,
      commentId: event.comment.id,
      author: event.comment.user.login,
    },
  }
}
