import type { GoogleGenAI } from '@google/genai'
import { RequestError } from '@octokit/request-error'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import type { Finding } from '#shared/schemas/review'
import type { JobLogger } from '../utils/job-log'
import type { ReviewOctokit } from '../github/octokit'
import { chunkBudget, chunkDiff } from './chunk'
import { commentableLines, parsePatch, type CommentableLines } from './diff'
import { partitionFiles } from './filter'
import { askModel } from './model'
import { placeFindings, toInlineComment } from './placement'
import { buildPrompt } from './prompt'
import { composeReviewBody } from './compose'
import { createReview, findPostedReview, getPullRequest, listChangedFiles } from './pull-request'

export interface ReviewDeps {
  octokit: ReviewOctokit
  gemini: GoogleGenAI
  log: JobLogger
  model: string
  contextTokens: number
  maxOutputTokens: number
}

/** Reviews one pull request head: files → chunks → Gemini → one COMMENT review, posted at most once. */
export async function reviewPullRequest(job: ReviewJobData, deps: ReviewDeps): Promise<ReviewOutcome> {
  const { log, octokit } = deps
  const ref = { owner: job.owner, repo: job.repo, prNumber: job.prNumber }
  const outcome = (status: ReviewOutcome['status'], reason?: string): ReviewOutcome =>
    ({ status, reason, inlineComments: 0, summaryFindings: 0, skippedFiles: [], tokens: { input: 0, output: 0 } })

  const pr = await getPullRequest(octokit, ref)
  const notCurrent = _whyNotCurrent(pr, job.headSha)
  if (notCurrent) {
    await log.info(`Nothing to review: ${notCurrent}`)
    return outcome(notCurrent.startsWith('the head') ? 'stale' : 'skipped', notCurrent)
  }
  const posted = await findPostedReview(octokit, ref, job.headSha)
  if (posted) {
    await log.info(`Already reviewed: ${posted.html_url}`)
    return { ...outcome('already-posted'), reviewId: Number(posted.id), reviewUrl: posted.html_url }
  }

  const files = await listChangedFiles(octokit, ref)
  const { reviewable, skipped } = partitionFiles(files)
  await log.info(`${files.length} changed files: ${reviewable.length} to review, ${skipped.length} skipped`, { skipped })

  const diffFiles = reviewable.map(file => ({ path: file.filename, status: file.status, hunks: parsePatch(file.patch) }))
  const lines = new Map<string, CommentableLines>(diffFiles.map(file => [file.path, commentableLines(file.hunks)]))
  const chunks = chunkDiff(diffFiles, chunkBudget(deps.contextTokens, deps.maxOutputTokens))
  const findings: Finding[] = []
  const summaries: string[] = []
  const tokens = { input: 0, output: 0 }
  for (const [index, chunk] of chunks.entries()) {
    await log.info(`Asking ${deps.model} about part ${index + 1} of ${chunks.length} (${chunk.paths.length} files, ~${chunk.tokens} tokens)`)
    const answer = await askModel(deps.gemini, {
      model: deps.model,
      maxOutputTokens: deps.maxOutputTokens,
      prompt: buildPrompt({ title: pr.title, body: pr.body, chunk: chunk.text, part: index + 1, parts: chunks.length }),
    }, reason => log.warn(`Gemini's answer was unusable, asking once more: ${reason}`))
    findings.push(...answer.review.comments)
    summaries.push(answer.review.summary.trim())
    tokens.input += answer.tokens.input
    tokens.output += answer.tokens.output
  }

  const { inside, outside } = placeFindings(findings, lines)
  if (outside.length) await log.warn(`${outside.length} findings point outside the diff: moved to the summary`)
  const bodyWith = (inlineCount: number, listed: Finding[]) =>
    composeReviewBody({ headSha: job.headSha, model: deps.model, summaries, outside: listed, skipped, inlineCount, tokens })

  // The review took time: post only if this head is still the pull request's head and nobody posted meanwhile.
  const now = _whyNotCurrent(await getPullRequest(octokit, ref), job.headSha)
  if (now) {
    await log.info(`Not posting: ${now}`)
    return { ...outcome(now.startsWith('the head') ? 'stale' : 'skipped', now), skippedFiles: skipped, tokens }
  }
  const again = await findPostedReview(octokit, ref, job.headSha)
  if (again) {
    await log.info(`Already reviewed meanwhile: ${again.html_url}`)
    return { ...outcome('already-posted'), reviewId: Number(again.id), reviewUrl: again.html_url, tokens }
  }
  let placed = { inline: inside.length, listed: outside }
  let review
  try {
    review = await createReview(octokit, ref, { headSha: job.headSha, body: bodyWith(inside.length, outside), comments: inside.map(toInlineComment) })
  }
  catch (error) {
    // A line GitHub cannot resolve rejects the whole review: keep every finding by listing them all in the body.
    if (!(error instanceof RequestError) || error.status !== 422 || !inside.length) throw error
    await log.warn(`GitHub refused the inline comments (${error.message}); listing every finding in the review body instead`)
    placed = { inline: 0, listed: [...inside, ...outside] }
    review = await createReview(octokit, ref, { headSha: job.headSha, body: bodyWith(0, placed.listed), comments: [] })
  }
  await log.info(`Posted a review with ${placed.inline} inline comments: ${review.html_url}`)
  return {
    status: 'posted',
    reviewId: Number(review.id),
    reviewUrl: review.html_url,
    inlineComments: placed.inline,
    summaryFindings: placed.listed.length,
    skippedFiles: skipped,
    tokens,
  }
}

function _whyNotCurrent(pr: { state: string, draft?: boolean, head: { sha: string } }, headSha: string): string | undefined {
  if (pr.state !== 'open') return `the pull request is ${pr.state}`
  if (pr.head.sha !== headSha) return `the head moved on to ${pr.head.sha.slice(0, 7)}; a newer job reviews it`
  return undefined
}
