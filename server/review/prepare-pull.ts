import type { RepoConfig } from '#shared/schemas/config'
import { pluralize } from '#shared/utils/plural'
import type { PullRequestState } from '../forges/forge'
import { providerLabel, type ModelChoice } from '../models/choice'
import { chunkBudget } from './chunk'
import { fileRules } from './config'
import type { StepDeps } from './deps'
import type { ReviewThreadSession } from './review-threads'
import type { ScopeBasis } from './scope'
import { MAX_LINE_CHARS } from './secrets'

export interface PullInput {
  pr: PullRequestState
  config: RepoConfig
  styleGuide: string
  /** Everything, or only what changed since the last review. */
  basis: ScopeBasis
  /** The model the diff is cut for. */
  model: ModelChoice
}

/**
 * The step reviews and commands share once the rules are loaded: the changed files, filtered, parsed, scoped,
 * redacted and cut into chunks the model's context holds, with the instructions and texts redacted too, on a review
 * thread (prepare.ts).
 */
export async function preparePull(deps: Pick<StepDeps, 'forge' | 'log' | 'modelFor'>, thread: ReviewThreadSession, input: PullInput) {
  const { pr, config } = input
  const files = await deps.forge.changedFiles()
  const { limits } = deps.modelFor(input.model)
  const started = performance.now()
  const prepared = await thread.prepare({
    files, rules: fileRules(config), basis: input.basis, budget: chunkBudget(limits.contextTokens, limits.maxOutputTokens),
    texts: { title: pr.title, body: pr.body ?? '', instructions: config.instructions, styleGuide: input.styleGuide },
  })
  await deps.log.info(`Prepared the diff on ${thread.where} in ${Math.round(performance.now() - started)} ms`)
  if (prepared.cutLines) await deps.log.warn(`Cut ${pluralize(prepared.cutLines, 'line')} longer than ${MAX_LINE_CHARS} characters before redaction: ${providerLabel(input.model.provider)} sees only the beginning`)
  return { files, ...prepared }
}
