import type { RepoConfig } from '#shared/schemas/config'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import { pluralize } from '#shared/utils/plural'
import type { PullRequestState } from '../forges/forge'
import { modelLabel, providerLabel, type ModelChoice } from '../models/choice'
import { estimateCost } from '../models/prices'
import { composeReviewBody } from './compose'
import type { StepDeps } from './deps'
import { readFindingsBlock } from './memory'
import { reviewChunks } from './model'
import { capComments, dropNoise } from './noise'
import { partName } from './parts'
import { placeFindings } from './placement'
import { postReview } from './post'
import type { Place, PlaceFacts } from './prepare'
import type { preparePull } from './prepare-pull'
import { systemInstruction } from './prompt'
import type { ReviewThreadSession } from './review-threads'
import { secretFindings } from './secrets'
import { NOTHING, stillWanted, type RevueReview } from './still-wanted'
import { verifyFindings } from './verify'

interface PreparedReview {
  pr: PullRequestState
  reviews: RevueReview[]
  config: RepoConfig
  thread: ReviewThreadSession
  model: ModelChoice
  prepared: Awaited<ReturnType<typeof preparePull>>
}

/**
 * From the prepared diff to the posted review: asks the model about each part, drops the noise (only what changed,
 * confident, not praise, not already reported on that line), has each part's findings checked a second time, places
 * them on the diff or in the summary, and posts once, if the head is still the pull request's head.
 */
export async function reviewPrepared(job: ReviewJobData, deps: StepDeps, { pr, reviews, config, thread, model, prepared }: PreparedReview): Promise<ReviewOutcome> {
  const { log } = deps
  const { files, reviewable, skipped, workflows, scope, shown, chunks, texts, hits, textKinds } = prepared
  await log.info(`${pluralize(files.length, 'changed file')}: ${reviewable} to review, ${skipped.length} skipped`, { skipped })
  if (workflows.length) await log.warn(`The pull request changes GitHub Actions workflows: ${workflows.join(', ')}`)
  if (scope.mode === 'incremental') {
    await log.info(`Reviewing the changes since ${scope.since.slice(0, 7)}${scope.forced ? ' (force-pushed: comparing the patch before and after)' : ''}: ${shown} of ${pluralize(reviewable, 'file')} changed`)
    if (!shown) return { ...NOTHING, status: 'skipped', reason: `nothing to review changed since ${scope.since.slice(0, 7)}`, skippedFiles: skipped }
  }
  if (hits.length || textKinds.length) await log.warn(`Redacted likely secrets before sending the pull request to ${providerLabel(model.provider)} (${hits.length} on added lines)`, { kinds: [...new Set([...hits.map(hit => hit.kind), ...textKinds])] })
  // Noise control and the second look run on each part as soon as it answers, so the parts' model calls overlap
  // (dropped findings cost no tokens). The lines findings point at are looked up in the prepared diff, on the thread.
  const secretsFound = secretFindings(hits)
  const { recorded, places } = await _reported(deps, reviews)
  const known = await _describe(thread, [...secretsFound, ...places])
  const reported = new Set([...recorded, ...places.map(place => known(place).key)])
  const { client, limits } = deps.modelFor(model)
  const { findings: verified, summaries, tokens } = await reviewChunks(chunks, {
    client,
    model: model.name,
    maxOutputTokens: limits.maxOutputTokens,
    concurrency: deps.concurrency,
    log,
    system: systemInstruction({ language: config.language, instructions: texts.instructions, styleGuide: texts.styleGuide }),
    title: texts.title,
    body: pr.body ? texts.body : null,
  }, async (raw, part) => {
    const facts = await _describe(thread, raw)
    const { kept, dropped } = dropNoise(raw.filter(finding => facts(finding).fresh), { minConfidence: config.min_confidence, reported, key: finding => facts(finding).key })
    const count = dropped.doubtful + dropped.praise + dropped.repeated
    if (count) await log.info(`Dropped ${pluralize(count, 'finding')} of ${partName(part)}: ${dropped.doubtful} low-confidence, ${dropped.praise} praise, ${dropped.repeated} already reported`)
    if (!config.verify) return { kept, tokens: { input: 0, output: 0 } }
    return verifyFindings(kept, await thread.files([...new Set(kept.map(finding => finding.path))]), { client, log, model: model.name, maxOutputTokens: limits.maxOutputTokens, minConfidence: config.min_confidence, part })
  })
  const secrets = dropNoise(secretsFound.filter(finding => known(finding).fresh), { minConfidence: 0, reported, key: finding => known(finding).key }).kept
  const placed = await _describe(thread, [...secrets, ...verified])
  const { inside, outside } = placeFindings([...secrets, ...verified], finding => placed(finding).inDiff)
  const { inline, listed } = capComments(inside, { minSeverity: config.min_severity, maxComments: config.max_comments })
  if (outside.length) await log.warn(`Moved ${pluralize(outside.length, 'finding')} outside the diff to the summary`)
  const costUsd = estimateCost(model.id, tokens, deps.prices)
  const since = scope.mode === 'incremental' ? { sha: scope.since, forced: scope.forced } : undefined
  const base = { skippedFiles: skipped, tokens, model: model.name, provider: model.provider, costUsd, since }

  if (job.shadow) {
    await log.info(`Shadow run done: ${pluralize(inline.length + listed.length + outside.length, 'finding')}, nothing posted`)
    return { ...base, status: 'shadow', inlineComments: 0, summaryFindings: 0, summary: summaries.filter(Boolean).join('\n\n'), findings: [...inline, ...listed, ...outside].map(finding => ({ ...finding, inline: inline.includes(finding) })) }
  }
  // The review took time: post only if this head is still the pull request's head and nobody posted meanwhile.
  const after = await stillWanted(deps, job)
  if ('outcome' in after) return { ...after.outcome, ...base }
  const result = await postReview(deps.forge, {
    headSha: job.headSha,
    inside: inline,
    outside: [...listed, ...outside],
    body: (inlineCount, notInline) => composeReviewBody({
      headSha: job.headSha, run: job.rerun, model: modelLabel(model), summaries, outside: notInline, skipped, inlineCount, tokens, costUsd,
      minSeverity: config.min_severity, since, workflows, workflowsReviewed: config.review_workflows,
      reported: [...inline, ...listed, ...outside].map(finding => placed(finding).key),
    }),
  })
  await log.info(`Posted a review with ${pluralize(result.inlineComments, 'inline comment')}: ${result.review.url}`)
  return {
    ...base,
    status: 'posted',
    reviewId: result.review.id,
    reviewUrl: result.review.url,
    inlineComments: result.inlineComments,
    summaryFindings: result.summaryFindings,
    summary: summaries.filter(Boolean).join('\n\n'),
    findings: [
      ...inline.map(finding => ({ ...finding, inline: !result.refused.includes(finding) })),
      ...[...listed, ...outside].map(finding => ({ ...finding, inline: false })),
    ],
  }
}

/**
 * What Revue reported on the pull request: the keys recorded in its reviews, and, for reviews from before they were
 * recorded, the places of their inline comments that the forge still places on the diff (keyed by the caller).
 */
async function _reported(deps: StepDeps, reviews: RevueReview[]): Promise<{ recorded: string[], places: Place[] }> {
  const recorded = reviews.map(review => ({ id: review.id, keys: readFindingsBlock(review.body) }))
  const places = await deps.forge.ownCommentPlaces(new Set(recorded.filter(review => !review.keys).map(review => review.id)))
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
