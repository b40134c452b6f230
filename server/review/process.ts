import type { RepoConfig } from '#shared/schemas/config'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import type { PullRequestState } from '../forges/forge'
import { modelLabel, parseModelId } from '../models/choice'
import { checkAnnotations, checkConclusion } from './check'
import { commentOnce } from './comment-once'
import { CONFIG_PATH, configErrorComment, loadRepoConfig } from './config'
import type { StepDeps } from './deps'
import { reviewPrepared } from './findings'
import { modelMarkdown } from './markdown'
import { preparePull } from './prepare-pull'
import { openReviewThreadSession, type ReviewThreadSession } from './review-threads'
import type { ScopeBasis } from './scope'
import { fetchScopeBasis } from './scope-basis'
import { NOTHING, stillWanted, type RevueReview } from './still-wanted'

export interface ReviewDeps extends StepDeps {
  /** Whether the job will be tried again after this failure: if not, the check run must not stay in progress. */
  willRetry: (error: unknown) => boolean
}

/**
 * Reviews one pull request head under the repository's rules (`.github/revue.yml` on the default branch): only what
 * changed since the last review, redacted, checked twice, and posted once as a COMMENT review with a check run. A
 * shadow run (`job.shadow`, given a read-only forge) reviews with its own model or draft rules and posts nothing.
 */
export async function reviewPullRequest(job: ReviewJobData, deps: ReviewDeps): Promise<ReviewOutcome> {
  const { log, forge } = deps
  const before = await stillWanted(deps, job)
  if ('outcome' in before) return before.outcome
  const { pr } = before

  const branch = pr.defaultBranch
  const loaded = await loadRepoConfig(forge, branch, deps.models, job.shadow?.config)
  if ('error' in loaded) {
    if (job.shadow?.config !== undefined) return _skip(deps, `the draft configuration is invalid: ${loaded.error}`)
    await log.error(`${CONFIG_PATH} on ${branch} is invalid: ${loaded.error}`)
    const message = configErrorComment(branch, loaded.error, 'did not review this pull request')
    const check = await forge.startCheck(job.headSha)
    await check.complete({ conclusion: 'neutral', title: `Invalid ${CONFIG_PATH}`, summary: message })
    if (!job.shadow) await forge.optional(() => commentOnce(forge, `<!-- revue:config-error sha=${loaded.sha} -->`, message), 'Issues')
    return { ...NOTHING, status: 'skipped', reason: `${CONFIG_PATH} is invalid` }
  }
  const { config } = loaded
  if (!config.enabled) return _skip(deps, `reviews are switched off in ${CONFIG_PATH}`)
  if (pr.draft && !config.review_drafts && !job.rerun) return _skip(deps, `the pull request is a draft (set review_drafts: true in ${CONFIG_PATH} to review drafts)`)

  const check = await forge.startCheck(job.headSha)
  const thread = openReviewThreadSession()
  try {
    // A shadow run reviews the head as a first review would: it remembers nothing Revue reported before.
    const outcome = await _review(job, deps, { pr, reviews: job.shadow ? [] : before.reviews, config, styleGuide: loaded.styleGuide, thread })
    const findings = outcome.findings ?? []
    const failOn = config.check.fail_on
    const result = outcome.status === 'posted'
      ? (({ conclusion, title }) => ({ conclusion, title, annotations: checkAnnotations(findings, conclusion, failOn) }))(checkConclusion(findings, failOn))
      : { conclusion: outcome.status === 'stale' ? 'skipped' as const : 'success' as const, title: outcome.status === 'stale' ? 'Superseded by a newer commit' : 'Nothing new to review' }
    const by = outcome.model ? ` by ${modelLabel(parseModelId(`${outcome.provider ?? 'gemini'}:${outcome.model}`))}` : ''
    await check.complete({ ...result, summary: outcome.reviewUrl ? `[The review](${outcome.reviewUrl})${by}\n\n${modelMarkdown(outcome.summary ?? '')}` : outcome.reason ?? '' })
    return outcome
  }
  catch (error) {
    if (!deps.willRetry(error)) {
      await check.complete({ conclusion: 'neutral', title: 'Revue could not finish this review', summary: (error as Error).message }).catch(() => {})
    }
    throw error
  }
  finally {
    await thread.release()
  }
}

interface ReviewContext {
  pr: PullRequestState
  reviews: RevueReview[]
  config: RepoConfig
  styleGuide: string
  /** Where this review's diff is prepared and kept (a review thread). */
  thread: ReviewThreadSession
}

async function _review(job: ReviewJobData, deps: ReviewDeps, { pr, reviews, config, styleGuide, thread }: ReviewContext): Promise<ReviewOutcome> {
  const chosen = job.shadow?.model ?? config.model
  const model = chosen ? parseModelId(chosen) : deps.model
  // A re-run (dashboard or `/revue review`) reviews everything; otherwise only what changed since the last review.
  const lastSha = job.rerun ? undefined : reviews.filter(review => review.marker.sha !== job.headSha).at(-1)?.marker.sha
  const basis: ScopeBasis = lastSha ? await fetchScopeBasis(deps.forge, { baseSha: pr.baseSha, lastSha, headSha: job.headSha }) : { mode: 'full' }
  const prepared = await preparePull(deps, thread, { pr, config, styleGuide, basis, model })
  return reviewPrepared(job, deps, { pr, reviews, config, thread, model, prepared })
}

async function _skip(deps: ReviewDeps, reason: string): Promise<ReviewOutcome> {
  await deps.log.info(`Not reviewing: ${reason}`)
  return { ...NOTHING, status: 'skipped', reason }
}
