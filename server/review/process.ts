import type { GoogleGenAI } from '@google/genai'
import type { ReviewJobData, ReviewOutcome } from '#shared/schemas/job'
import type { JobLogger } from '../utils/job-log'
import type { ReviewOctokit } from '../github/octokit'
import { chunkBudget, chunkDiff } from './chunk'
import { composeReviewBody, reviewMarker } from './compose'
import { commentableLines, parsePatch } from './diff'
import { partitionFiles } from './filter'
import { reviewChunks } from './model'
import { placeFindings } from './placement'
import { postReview } from './post'
import { findPostedReview, getPullRequest, listChangedFiles, type PullRef, type PullRequest } from './pull-request'

export interface ReviewDeps {
  octokit: ReviewOctokit
  gemini: GoogleGenAI
  log: JobLogger
  model: string
  contextTokens: number
  maxOutputTokens: number
}

const NOTHING = { inlineComments: 0, summaryFindings: 0, skippedFiles: [], tokens: { input: 0, output: 0 } }

/** Reviews one pull request head: files → chunks → Gemini → one COMMENT review, posted at most once. */
export async function reviewPullRequest(job: ReviewJobData, deps: ReviewDeps): Promise<ReviewOutcome> {
  const { log, octokit } = deps
  const ref: PullRef = { owner: job.owner, repo: job.repo, prNumber: job.prNumber }
  const before = await _stillWanted(deps, ref, job)
  if ('outcome' in before) return before.outcome

  const files = await listChangedFiles(octokit, ref)
  const { reviewable, skipped } = partitionFiles(files)
  await log.info(`${files.length} changed files: ${reviewable.length} to review, ${skipped.length} skipped`, { skipped })
  const diffFiles = reviewable.map(file => ({ path: file.filename, status: file.status, hunks: parsePatch(file.patch) }))
  const chunks = chunkDiff(diffFiles, chunkBudget(deps.contextTokens, deps.maxOutputTokens))
  const { findings, summaries, tokens } = await reviewChunks(chunks, { ...deps, title: before.pr.title, body: before.pr.body })
  const { inside, outside } = placeFindings(findings, new Map(diffFiles.map(file => [file.path, commentableLines(file.hunks)])))
  if (outside.length) await log.warn(`${outside.length} findings point outside the diff: moved to the summary`)

  // The review took time: post only if this head is still the pull request's head and nobody posted meanwhile.
  const after = await _stillWanted(deps, ref, job)
  if ('outcome' in after) return { ...after.outcome, skippedFiles: skipped, tokens }
  const posted = await postReview(octokit, ref, {
    headSha: job.headSha,
    inside,
    outside,
    body: (inlineCount, listed) => composeReviewBody({ headSha: job.headSha, run: job.rerun, model: deps.model, summaries, outside: listed, skipped, inlineCount, tokens }),
  }, log)
  await log.info(`Posted a review with ${posted.inlineComments} inline comments: ${posted.review.html_url}`)
  return {
    status: 'posted',
    reviewId: Number(posted.review.id),
    reviewUrl: posted.review.html_url,
    inlineComments: posted.inlineComments,
    summaryFindings: posted.summaryFindings,
    summary: summaries.filter(Boolean).join('\n\n'),
    findings: [...inside.map(finding => ({ ...finding, inline: posted.inlineComments > 0 })), ...outside.map(finding => ({ ...finding, inline: false }))],
    skippedFiles: skipped,
    tokens,
  }
}

/** The pull request, or the outcome that ends the job: closed, head moved on, or already reviewed (the marker). */
async function _stillWanted(deps: ReviewDeps, ref: PullRef, job: ReviewJobData): Promise<{ pr: PullRequest } | { outcome: ReviewOutcome }> {
  const { headSha } = job
  const pr = await getPullRequest(deps.octokit, ref)
  if (pr.state !== 'open' || pr.head.sha !== headSha) {
    const reason = pr.state !== 'open' ? `the pull request is ${pr.state}` : `the head moved on to ${pr.head.sha.slice(0, 7)}; a newer job reviews it`
    await deps.log.info(`Not reviewing: ${reason}`)
    return { outcome: { ...NOTHING, status: pr.state !== 'open' ? 'skipped' : 'stale', reason } }
  }
  const posted = await findPostedReview(deps.octokit, ref, reviewMarker(headSha, job.rerun))
  if (posted) {
    await deps.log.info(`Already reviewed: ${posted.html_url}`)
    return { outcome: { ...NOTHING, status: 'already-posted', reviewId: Number(posted.id), reviewUrl: posted.html_url } }
  }
  return { pr }
}
