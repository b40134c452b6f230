import type { CommandJobData, CommandOutcome, ReviewJobData } from '#shared/schemas/job'
import { ModelSummarySchema } from '#shared/schemas/review'
import { formatCost } from '#shared/utils/cost'
import { pluralize } from '#shared/utils/plural'
import { modelLabel, parseModelId } from '../models/choice'
import { estimateCost } from '../models/prices'
import { commentOnce } from './comment-once'
import { CONFIG_PATH, configErrorComment, loadRepoConfig } from './config'
import type { StepDeps } from './deps'
import { codeSpan, modelMarkdown } from './markdown'
import { askPerChunk } from './model'
import { preparePull } from './prepare-pull'
import { SUMMARY_INSTRUCTION, systemInstruction } from './prompt'
import { openReviewThreadSession } from './review-threads'

const HELP = `**Revue** reviews this pull request when it is opened and on every push (only what changed since its last review). Comment:

| Command | What it does |
| --- | --- |
| \`/revue review\` | Review the whole pull request again, now. |
| \`/revue summary\` | Post a summary of the pull request and what to check. |
| \`/revue help\` | Show this help. |

Commands are taken from people with write access to the repository. The rules (paths, severity, language, model…) are in \`${CONFIG_PATH}\` on the default branch.`

export interface CommandDeps extends StepDeps {
  /** The id of the review job `/revue review` asks for. */
  reviewJobId: (data: ReviewJobData, run: string) => string
  /** Queues the review `/revue review` asks for. */
  enqueueReview: (data: ReviewJobData, jobId: string) => Promise<void>
}

/**
 * Carries out one `/revue` command: only for people with write access (others are ignored, so a drive-by comment
 * costs nothing), acknowledged with a 👀 reaction, answered once however often the job is retried.
 */
export async function runCommand(job: CommandJobData, deps: CommandDeps): Promise<CommandOutcome> {
  const { forge, log } = deps
  const permission = await forge.roleOf(job.author)
  if (permission !== 'admin' && permission !== 'write') {
    const reason = `@${job.author} has ${permission} access; commands need write access`
    await log.warn(`Ignored: ${reason}`)
    return { status: 'refused', reason }
  }
  await forge.acknowledge(job.commentId)
  await log.info(`@${job.author} has ${permission} access: acknowledged with an eyes reaction`)
  const marker = (what: string) => `<!-- revue:${what} comment=${job.commentId} -->`
  if (job.command === 'help') {
    const intro = job.unknown ? `${codeSpan(`/revue ${job.unknown}`)} is not a command.\n\n` : ''
    const { url } = await commentOnce(forge, marker('help'), intro + HELP)
    await log.info(`Posted the help: ${url}`)
    return { status: 'done', commentUrl: url }
  }

  const pr = await forge.get()
  const branch = pr.defaultBranch
  const loaded = await loadRepoConfig(forge, branch, deps.models)
  if ('error' in loaded) {
    const { url } = await commentOnce(forge, marker('reply'), configErrorComment(branch, loaded.error, `did not carry out \`/revue ${job.command}\``))
    await log.warn(`${CONFIG_PATH} on ${branch} is invalid, said so on the pull request: ${url}`)
    return { status: 'skipped', reason: `${CONFIG_PATH} is invalid`, commentUrl: url }
  }
  if (!loaded.config.enabled) {
    const { url } = await commentOnce(forge, marker('reply'), `Revue is switched off for this repository in \`${CONFIG_PATH}\`.`)
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
      ...(job.forge ? { forge: job.forge } : {}), installationId: job.installationId, owner: job.owner, repo: job.repo, prNumber: job.prNumber, headSha: pr.headSha,
      deliveryId: job.deliveryId, trigger: `/revue review by @${job.author}`, title: pr.title, rerun: run,
    }
    const jobId = deps.reviewJobId(data, run)
    await deps.enqueueReview(data, jobId)
    await log.info(`Queued a full review of ${pr.headSha.slice(0, 7)}: ${jobId}`)
    return { status: 'done', queued: jobId }
  }

  const model = loaded.config.model ? parseModelId(loaded.config.model) : deps.model
  const thread = openReviewThreadSession()
  const { files, reviewable, chunks, texts } = await preparePull(deps, thread, { pr, config: { ...loaded.config, instructions: '' }, styleGuide: '', basis: { mode: 'full' }, model })
    .finally(() => thread.release())
  await log.info(`Summarizing ${reviewable} of ${pluralize(files.length, 'changed file')} with ${model.name} (${pluralize(chunks.length, 'request')})`)
  const { client, limits } = deps.modelFor(model)
  const { results: answers, tokens } = await askPerChunk(chunks, {
    client,
    model: model.name,
    system: systemInstruction({ language: loaded.config.language, instructions: '', styleGuide: '' }, SUMMARY_INSTRUCTION),
    maxOutputTokens: limits.maxOutputTokens,
    title: texts.title,
    body: pr.body ? texts.body : null,
    schema: ModelSummarySchema,
    concurrency: deps.concurrency,
  }, async answer => ({ result: answer, tokens: { input: 0, output: 0 } }))
  const parts = answers.map(answer => modelMarkdown(answer.summary.trim()))
  const costUsd = estimateCost(model.id, tokens, deps.prices)
  const body = [
    '### Revue summary',
    parts.join('\n\n') || 'No reviewable changes: every changed file is skipped (lockfiles, generated or excluded files).',
    `<sub>Asked by @${job.author}. ${modelLabel(model)}: ${tokens.input} input / ${tokens.output} output tokens, ${formatCost(costUsd)}.</sub>`,
  ].join('\n\n')
  const { url } = await commentOnce(forge, marker('summary'), body)
  await log.info(`Posted the summary (${tokens.input} input / ${tokens.output} output tokens, ${formatCost(costUsd)}): ${url}`)
  return { status: 'done', commentUrl: url, model: model.name, provider: model.provider, tokens, costUsd }
}
