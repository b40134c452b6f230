import type { JobSummary } from '#shared/schemas/api'
import type { Tokens } from '#shared/schemas/job'

/** The model tokens a finished job used, whether a review or a `/revue summary`, their estimated cost, and the model. */
export function jobUsage(job: JobSummary): { tokens: Tokens, costUsd?: number, model?: string, provider?: string } | undefined {
  const { outcome, commandOutcome: command } = job
  if (outcome) return { tokens: outcome.tokens, costUsd: outcome.costUsd, model: outcome.model, provider: outcome.provider }
  return command?.tokens ? { tokens: command.tokens, costUsd: command.costUsd, model: command.model, provider: command.provider } : undefined
}

/** The comments a finished review posted, inline and in its summary; undefined before a review (or for a command). */
export function jobComments(job: JobSummary): number | undefined {
  return job.outcome ? job.outcome.inlineComments + job.outcome.summaryFindings : undefined
}
