import type { GoogleGenAI } from '@google/genai'
import { UnrecoverableError } from 'bullmq'
import type { RepoConfig } from '#shared/schemas/config'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { pluralize } from '#shared/utils/plural'
import type { JobLogger } from '../utils/job-log'
import type { ReviewOctokit } from '../github/octokit'
import { checkConclusion, completeCheckRun, startCheckRun, type CheckResult } from './check-run'
import { chunkBudget } from './chunk'
import { commentOnce } from './comments'
import { fetchScopeBasis } from './compare'
import { composeReviewBody } from './compose'
import { CONFIG_PATH, configErrorComment, fileRules, loadRepoConfig } from './config'
import { estimateCost, type PriceOverride } from './cost'
import { classifyError, unlessForbidden } from './errors'
import { modelMarkdown } from './markdown'
import type { AppIdentity } from './markers'
import { readFindingsBlock } from './memory'
import { reviewChunks } from './model'
import { capComments, dropNoise } from './noise'
import { partName } from './parts'
import { placeFindings } from './placement'
import { postReview } from './post'
import type { Place, PlaceFacts } from './prepare'
import { systemInstruction } from './prompt'
import { getPullRequest, listChangedFiles, listRevueReviews, revueCommentPlaces, type PullRef, type PullRequest } from './pull-request'
import type { ScopeBasis } from './scope'
import { MAX_LINE_CHARS, secretFindings } from './secrets'
import { openReviewThreadSession, type ReviewThreadSession } from './review-threads'
import { verifyFindings } from './verify'

export interface ReviewDeps {
  octokit: ReviewOctokit
  gemini: GoogleGenAI
  log: JobLogger
  /** The server's model, unless the repository's configuration names another. */
  model: string
  contextTokens: number
  maxOutputTokens: number
  /** Parts of one pull request asked at once (NUXT_MODEL_CONCURRENCY, also the bound of the whole process). */
  concurrency: number
  /** This App: only its own reviews and comments count as Revue's. */
  app: AppIdentity
  allowedModels: string[]
  prices: PriceOverride
  /** No retry follows a failure of this attempt: the check run must not stay in progress. */
  finalAttempt: boolean
}

type RevueReview = Awaited<ReturnType<typeof listRevueReviews>>[number]

const NOTHING = { inlineComments: 0, summaryFindings: 0, skippedFiles: [], tokens: { input: 0, output: 0 } }

/**
 * Reviews one pull request head under the repository's rules (`.github/revue.yml` on the default branch): only what
 * changed since the last review, redacted, checked twice, and posted once as a COMMENT review with a check run.
 */
export async function reviewPullRequest(job: ReviewJobData, deps: ReviewDeps): Promise<ReviewOutcome> {
  const { log, octokit } = deps
  const ref: PullRef = { owner: job.owner, repo: job.repo, prNumber: job.prNumber }
  const before = await _stillWanted(deps, ref, job)
  if ('outcome' in before) return before.outcome
  const { pr } = before

  const branch = pr.base.repo.default_branch
  const loaded = await loadRepoConfig(octokit, ref, branch, deps.allowedModels)
  if ('error' in loaded) {
    await log.error(`${CONFIG_PATH} on ${branch} is invalid: ${loaded.error}`)
    const message = configErrorComment(branch, loaded.error, 'did not review this pull request')
    const checks = await _checks(deps, ref, job.headSha)
    await checks.complete({ conclusion: 'neutral', title: `Invalid ${CONFIG_PATH}`, summary: message })
    await unlessForbidden(() => commentOnce(octokit, ref, deps.app, `<!-- revue:config-error sha=${loaded.sha} -->`, message), log.warn, 'Issues')
    return { ...NOTHING, status: 'skipped', reason: `${CONFIG_PATH} is invalid` }
  }
  const { config } = loaded
  if (!config.enabled) return _skip(deps, `reviews are switched off in ${CONFIG_PATH}`)
  if (pr.draft && !config.review_drafts && !job.rerun) return _skip(deps, `the pull request is a draft (set review_drafts: true in ${CONFIG_PATH} to review drafts)`)

  const checks = await _checks(deps, ref, job.headSha)
  const thread = openReviewThreadSession()
  try {
    const outcome = await _review(job, deps, { ref, pr, reviews: before.reviews, config, styleGuide: loaded.styleGuide, thread })
    const findings = outcome.findings ?? []
    const result = outcome.status === 'posted'
      ? { ...checkConclusion(findings, config.check.fail_on), findings, failOn: config.check.fail_on }
      : { conclusion: outcome.status === 'stale' ? 'skipped' as const : 'success' as const, title: outcome.status === 'stale' ? 'Superseded by a newer commit' : 'Nothing new to review' }
    await checks.complete({ ...result, summary: outcome.reviewUrl ? `[The review](${outcome.reviewUrl})\n\n${modelMarkdown(outcome.summary ?? '')}` : outcome.reason ?? '' })
    return outcome
  }
  catch (error) {
    if (deps.finalAttempt || classifyError(error) instanceof UnrecoverableError) {
      await checks.complete({ conclusion: 'neutral', title: 'Revue could not finish this review', summary: (error as Error).message }).catch(() => {})
    }
    throw error
  }
  finally {
    await thread.release()
  }
}

interface ReviewContext {
  ref: PullRef
  pr: PullRequest
  reviews: RevueReview[]
  config: RepoConfig
  styleGuide: string
  /** Where this review's diff is prepared and kept (a review thread). */
  thread: ReviewThreadSession
}

async function _review(job: ReviewJobData, deps: ReviewDeps, { ref, pr, reviews, config, styleGuide, thread }: ReviewContext): Promise<ReviewOutcome> {
  const { log, octokit } = deps
  const model = config.model ?? deps.model
  const files = await listChangedFiles(octokit, ref)
  // A re-run (dashboard or `/revue review`) reviews everything; otherwise only what changed since the last review.
  const lastSha = job.rerun ? undefined : reviews.filter(review => review.marker.sha !== job.headSha).at(-1)?.marker.sha
  const basis: ScopeBasis = lastSha ? await fetchScopeBasis(octokit, ref, { baseSha: pr.base.sha, lastSha, headSha: job.headSha }) : { mode: 'full' }
  const started = performance.now()
  const { reviewable, skipped, workflows, scope, shown, chunks, texts, hits, textKinds, cutLines } = await thread.prepare({
    files, rules: fileRules(config), basis, budget: chunkBudget(deps.contextTokens, deps.maxOutputTokens),
    texts: { title: pr.title, body: pr.body ?? '', instructions: config.instructions, styleGuide },
  })
  await log.info(`Prepared the diff on ${thread.where} in ${Math.round(performance.now() - started)} ms`)
  await log.info(`${pluralize(files.length, 'changed file')}: ${reviewable} to review, ${skipped.length} skipped`, { skipped })
  if (workflows.length) await log.warn(`The pull request changes GitHub Actions workflows: ${workflows.join(', ')}`)
  if (scope.mode === 'incremental') {
    await log.info(`Reviewing the changes since ${scope.since.slice(0, 7)}${scope.forced ? ' (force-pushed: comparing the patch before and after)' : ''}: ${shown} of ${pluralize(reviewable, 'file')} changed`)
    if (!shown) return { ...NOTHING, status: 'skipped', reason: `nothing to review changed since ${scope.since.slice(0, 7)}`, skippedFiles: skipped }
  }

  if (cutLines) await log.warn(`Cut ${pluralize(cutLines, 'line')} longer than ${MAX_LINE_CHARS} characters before redaction: Gemini sees only the beginning`)
  if (hits.length || textKinds.length) await log.warn(`Redacted likely secrets before sending the pull request to Gemini (${hits.length} on added lines)`, { kinds: [...new Set([...hits.map(hit => hit.kind), ...textKinds])] })
  // Noise control: only what changed, confident, not praise, not already reported on that line; then a second look.
  // Both run on each part as soon as it answers, so the parts' model calls overlap (dropped findings cost no tokens).
  // The lines findings point at are looked up in the prepared diff, on the review thread.
  const secretsFound = secretFindings(hits)
  const { recorded, places } = await _reported(deps, ref, reviews)
  const known = await _describe(thread, [...secretsFound, ...places])
  const reported = new Set([...recorded, ...places.map(place => known(place).key)])
  const { findings: verified, summaries, tokens } = await reviewChunks(chunks, {
    ...deps,
    model,
    system: systemInstruction({ language: config.language, instructions: texts.instructions, styleGuide: texts.styleGuide }),
    title: texts.title,
    body: pr.body ? texts.body : null,
  }, async (raw, part) => {
    const facts = await _describe(thread, raw)
    const { kept, dropped } = dropNoise(raw.filter(finding => facts(finding).fresh), { minConfidence: config.min_confidence, reported, key: finding => facts(finding).key })
    const count = dropped.doubtful + dropped.praise + dropped.repeated
    if (count) await log.info(`Dropped ${pluralize(count, 'finding')} of ${partName(part)}: ${dropped.doubtful} low-confidence, ${dropped.praise} praise, ${dropped.repeated} already reported`)
    if (!config.verify) return { kept, tokens: { input: 0, output: 0 } }
    return verifyFindings(kept, await thread.files([...new Set(kept.map(finding => finding.path))]), { ...deps, model, minConfidence: config.min_confidence, part })
  })
  const secrets = dropNoise(secretsFound.filter(finding => known(finding).fresh), { minConfidence: 0, reported, key: finding => known(finding).key }).kept
  const placed = await _describe(thread, [...secrets, ...verified])
  const { inside, outside } = placeFindings([...secrets, ...verified], finding => placed(finding).inDiff)
  const { inline, listed } = capComments(inside, { minSeverity: config.min_severity, maxComments: config.max_comments })
  if (outside.length) await log.warn(`Moved ${pluralize(outside.length, 'finding')} outside the diff to the summary`)
  const costUsd = estimateCost(model, tokens, deps.prices)
  const since = scope.mode === 'incremental' ? { sha: scope.since, forced: scope.forced } : undefined
  const base = { skippedFiles: skipped, tokens, model, costUsd, since }

  // The review took time: post only if this head is still the pull request's head and nobody posted meanwhile.
  const after = await _stillWanted(deps, ref, job)
  if ('outcome' in after) return { ...after.outcome, ...base }
  const result = await postReview(octokit, ref, {
    headSha: job.headSha,
    inside: inline,
    outside: [...listed, ...outside],
    body: (inlineCount, notInline) => composeReviewBody({
      headSha: job.headSha, run: job.rerun, model, summaries, outside: notInline, skipped, inlineCount, tokens, costUsd,
      minSeverity: config.min_severity, since, workflows, workflowsReviewed: config.review_workflows,
      reported: [...inline, ...listed, ...outside].map(finding => placed(finding).key),
    }),
  }, log)
  await log.info(`Posted a review with ${pluralize(result.inlineComments, 'inline comment')}: ${result.review.html_url}`)
  return {
    ...base,
    status: 'posted',
    reviewId: Number(result.review.id),
    reviewUrl: result.review.html_url,
    inlineComments: result.inlineComments,
    summaryFindings: result.summaryFindings,
    summary: summaries.filter(Boolean).join('\n\n'),
    findings: [
      ...inline.map(finding => ({ ...finding, inline: result.inlineComments > 0 })),
      ...[...listed, ...outside].map(finding => ({ ...finding, inline: false })),
    ],
  }
}

/** The pull request and Revue's reviews of it, or the outcome that ends the job: closed, head moved on, or done. */
async function _stillWanted(deps: ReviewDeps, ref: PullRef, job: ReviewJobData): Promise<{ pr: PullRequest, reviews: RevueReview[] } | { outcome: ReviewOutcome }> {
  const { headSha } = job
  const pr = await getPullRequest(deps.octokit, ref)
  if (pr.state !== 'open' || pr.head.sha !== headSha) {
    const reason = pr.state !== 'open' ? `the pull request is ${pr.state}` : `the head moved on to ${pr.head.sha.slice(0, 7)}; a newer job reviews it`
    await deps.log.info(`Not reviewing: ${reason}`)
    return { outcome: { ...NOTHING, status: pr.state !== 'open' ? 'skipped' : 'stale', reason } }
  }
  const reviews = await listRevueReviews(deps.octokit, ref, deps.app)
  const posted = reviews.find(review => review.marker.sha === headSha && review.marker.run === job.rerun)
  if (posted) {
    await deps.log.info(`Already reviewed: ${posted.html_url}`)
    return { outcome: { ...NOTHING, status: 'already-posted', reviewId: Number(posted.id), reviewUrl: posted.html_url } }
  }
  return { pr, reviews }
}

/** The head commit's check run, in progress from now; without the Checks permission, a log line and no check run. */
async function _checks(deps: ReviewDeps, ref: PullRef, headSha: string) {
  const { warn } = deps.log
  const id = await unlessForbidden(() => startCheckRun(deps.octokit, ref, headSha, deps.app.appId), warn, 'Checks')
  return {
    complete: async (result: CheckResult) => {
      if (id !== undefined) await unlessForbidden(() => completeCheckRun(deps.octokit, ref, id, result), warn, 'Checks')
    },
  }
}

/**
 * What Revue reported on the pull request: the keys recorded in its reviews, and, for reviews from before they were
 * recorded, the places of their inline comments that GitHub still places on the diff (keyed by the caller).
 */
async function _reported(deps: ReviewDeps, ref: PullRef, reviews: RevueReview[]): Promise<{ recorded: string[], places: Place[] }> {
  const recorded = reviews.map(review => ({ id: Number(review.id), keys: readFindingsBlock(review.body) }))
  const places = await revueCommentPlaces(deps.octokit, ref, new Set(recorded.filter(review => !review.keys).map(review => review.id)))
  return { recorded: recorded.flatMap(review => review.keys ?? []), places }
}

/** The facts (memory key, fresh, in the diff) about the lines these findings point at, from the prepared diff. */
async function _describe(thread: ReviewThreadSession, findings: Place[]): Promise<(finding: Place) => PlaceFacts> {
  const id = (place: Place) => `${place.path}\0${place.side}\0${place.line}`
  const places = [...new Map(findings.map(({ path, side, line }) => [id({ path, side, line }), { path, side, line }])).values()]
  const facts = new Map((await thread.describe(places)).map((fact, index) => [id(places[index]!), fact]))
  return (finding) => {
    const fact = facts.get(id(finding))
    if (!fact) throw new Error(`No facts about ${id(finding)}: it was not described`)
    return fact
  }
}

async function _skip(deps: ReviewDeps, reason: string): Promise<ReviewOutcome> {
  await deps.log.info(`Not reviewing: ${reason}`)
  return { ...NOTHING, status: 'skipped', reason }
}
