import type { GoogleGenAI } from '@google/genai'
import type { CommandJobData, CommandOutcome, ReviewJobData } from '#shared/schemas/job'
import { ModelSummarySchema } from '#shared/schemas/review'
import type { ReviewOctokit } from '../github/octokit'
import type { JobLogger } from '../utils/job-log'
import { chunkBudget } from './chunk'
import { commentOnce } from './comments'
import { codeSpan, modelMarkdown } from './markdown'
import type { AppIdentity } from './markers'
import { CONFIG_PATH, configErrorComment, fileRules, loadRepoConfig } from './config'
import { formatCost } from '#shared/utils/cost'
import { pluralize } from '#shared/utils/plural'
import { estimateCost, type PriceOverride } from './cost'
import { unlessForbidden, unlessNotFound } from './errors'
import { askPerChunk } from './model'
import { SUMMARY_INSTRUCTION, systemInstruction } from './prompt'
import { getPullRequest, listChangedFiles, type PullRef } from './pull-request'
import { openReviewThreadSession } from './review-threads'
import { MAX_LINE_CHARS } from './secrets'

const HELP = `**Revue** reviews this pull request when it is opened and on every push (only what changed since its last review). Comment:

| Command | What it does |
| --- | --- |
| \`/revue review\` | Review the whole pull request again, now. |
| \`/revue summary\` | Post a summary of the pull request and what to check. |
| \`/revue help\` | Show this help. |

Commands are taken from people with write access to the repository. The rules (paths, severity, language, model…) are in \`${CONFIG_PATH}\` on the default branch.`

export interface CommandDeps {
  octokit: ReviewOctokit
  gemini: GoogleGenAI
  model: string
  contextTokens: number
  maxOutputTokens: number
  /** Parts of one pull request asked at once (NUXT_MODEL_CONCURRENCY). */
  concurrency: number
  allowedModels: string[]
  prices: PriceOverride
  /** This App: only its own comments count as already answered. */
  app: AppIdentity
  /** The job's log, which the dashboard shows live. */
  log: Pick<JobLogger, 'info' | 'warn'>
  /** Queues the review `/revue review` asks for. */
  enqueueReview: (data: ReviewJobData, jobId: string) => Promise<void>
}

/**
 * Carries out one `/revue` command: only for people with write access (others are ignored, so a drive-by comment
 * costs nothing), acknowledged with a 👀 reaction, answered once however often the job is retried.
 */
export async function runCommand(job: CommandJobData, deps: CommandDeps): Promise<CommandOutcome> {
  const { octokit, log } = deps
  const ref: PullRef = { owner: job.owner, repo: job.repo, prNumber: job.prNumber }
  const permission = await _permission(octokit, ref, job.author)
  if (permission !== 'admin' && permission !== 'write') {
    const reason = `@${job.author} has ${permission} access; commands need write access`
    await log.warn(`Ignored: ${reason}`)
    return { status: 'refused', reason }
  }
  await unlessForbidden(() => octokit.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: job.commentId, content: 'eyes' }), log.warn, 'Issues')
  await log.info(`@${job.author} has ${permission} access: acknowledged with an eyes reaction`)
  const marker = (what: string) => `<!-- revue:${what} comment=${job.commentId} -->`
  if (job.command === 'help') {
    const intro = job.unknown ? `${codeSpan(`/revue ${job.unknown}`)} is not a command.\n\n` : ''
    const { url } = await commentOnce(octokit, ref, deps.app, marker('help'), intro + HELP)
    await log.info(`Posted the help: ${url}`)
    return { status: 'done', commentUrl: url }
  }

  const pr = await getPullRequest(octokit, ref)
  const branch = pr.base.repo.default_branch
  const loaded = await loadRepoConfig(octokit, ref, branch, deps.allowedModels)
  if ('error' in loaded) {
    const { url } = await commentOnce(octokit, ref, deps.app, marker('reply'), configErrorComment(branch, loaded.error, `did not carry out \`/revue ${job.command}\``))
    await log.warn(`${CONFIG_PATH} on ${branch} is invalid, said so on the pull request: ${url}`)
    return { status: 'skipped', reason: `${CONFIG_PATH} is invalid`, commentUrl: url }
  }
  if (!loaded.config.enabled) {
    const { url } = await commentOnce(octokit, ref, deps.app, marker('reply'), `Revue is switched off for this repository in \`${CONFIG_PATH}\`.`)
    await log.info(`Revue is switched off in ${CONFIG_PATH}, said so on the pull request: ${url}`)
    return { status: 'skipped', reason: 'switched off', commentUrl: url }
  }
  if (pr.state !== 'open') {
    await log.info(`Nothing to do: the pull request is ${pr.state}`)
    return { status: 'skipped', reason: `the pull request is ${pr.state}` }
  }

  if (job.command === 'review') {
    const run = `c${job.commentId}`
    const data: ReviewJobData = {
      installationId: job.installationId, owner: job.owner, repo: job.repo, prNumber: job.prNumber, headSha: pr.head.sha,
      deliveryId: job.deliveryId, trigger: `/revue review by @${job.author}`, title: pr.title, rerun: run,
    }
    const jobId = `${reviewJobId(data)}~${run}`
    await deps.enqueueReview(data, jobId)
    await log.info(`Queued a full review of ${pr.head.sha.slice(0, 7)}: ${jobId}`)
    return { status: 'done', queued: jobId }
  }

  const model = loaded.config.model ?? deps.model
  const files = await listChangedFiles(octokit, ref)
  const thread = openReviewThreadSession()
  const { reviewable, chunks, texts, cutLines } = await thread.prepare({
    files, rules: fileRules(loaded.config), basis: { mode: 'full' }, budget: chunkBudget(deps.contextTokens, deps.maxOutputTokens),
    texts: { title: pr.title, body: pr.body ?? '' },
  }).finally(() => thread.release())
  if (cutLines) await log.warn(`Cut ${pluralize(cutLines, 'line')} longer than ${MAX_LINE_CHARS} characters before redaction`)
  await log.info(`Summarizing ${reviewable} of ${pluralize(files.length, 'changed file')} with ${model} (${pluralize(chunks.length, 'request')})`)
  const { results: answers, tokens } = await askPerChunk(chunks, {
    gemini: deps.gemini,
    model,
    system: systemInstruction({ language: loaded.config.language, instructions: '', styleGuide: '' }, SUMMARY_INSTRUCTION),
    maxOutputTokens: deps.maxOutputTokens,
    title: texts.title,
    body: pr.body ? texts.body : null,
    schema: ModelSummarySchema,
    concurrency: deps.concurrency,
  }, async answer => ({ result: answer, tokens: { input: 0, output: 0 } }))
  const parts = answers.map(answer => modelMarkdown(answer.summary.trim()))
  const costUsd = estimateCost(model, tokens, deps.prices)
  const body = [
    '### Revue summary',
    parts.join('\n\n') || 'No reviewable changes: every changed file is skipped (lockfiles, generated or excluded files).',
    `<sub>Asked by @${job.author}. ${model}: ${tokens.input} input / ${tokens.output} output tokens, ${formatCost(costUsd)}.</sub>`,
  ].join('\n\n')
  const { url } = await commentOnce(octokit, ref, deps.app, marker('summary'), body)
  await log.info(`Posted the summary (${tokens.input} input / ${tokens.output} output tokens, ${formatCost(costUsd)}): ${url}`)
  return { status: 'done', commentUrl: url, model, tokens, costUsd }
}

// GitHub answers 404 for a user who is not a collaborator at all.
async function _permission(octokit: ReviewOctokit, ref: PullRef, username: string): Promise<string> {
  const found = await unlessNotFound(() => octokit.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username }), undefined)
  return found?.data.permission ?? 'no'
}
