import type { JobSummary } from '#shared/schemas/api'
import type { Tokens } from '#shared/schemas/job'

/** The model tokens a finished job used, whether a review or a `/revue summary`, and their estimated cost. */
export function jobUsage(job: JobSummary): { tokens: Tokens, costUsd?: number, model?: string } | undefined {
  if (job.outcome) return { tokens: job.outcome.tokens, costUsd: job.outcome.costUsd, model: job.outcome.model }
  const command = job.commandOutcome
  return command?.tokens ? { tokens: command.tokens, costUsd: command.costUsd, model: command.model } : undefined
}

/** The comments a finished review posted, inline and in its summary; undefined before a review (or for a command). */
export function jobComments(job: JobSummary): number | undefined {
  return job.outcome ? job.outcome.inlineComments + job.outcome.summaryFindings : undefined
}
