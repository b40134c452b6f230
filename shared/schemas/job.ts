import { z } from 'zod'
import { FindingSchema } from './review'

/** Which forge a job's pull request is on; absent on GitHub's, as before GitLab. */
export const ForgeNameSchema = z.enum(['github', 'gitlab'])
export type ForgeName = z.infer<typeof ForgeNameSchema>

/**
 * What a `pr-review` job carries: enough to find the pull request again, never a token. On GitLab, `installationId`
 * is the project's id (one token serves every project), `owner` its namespace and `prNumber` the merge request's iid.
 */
export const ReviewJobDataSchema = z.object({
  forge: ForgeNameSchema.optional(),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  prNumber: z.number().int().positive(),
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  deliveryId: z.string().min(1),
  trigger: z.string().min(1),
  /** The pull request's title when the job was queued, for the dashboard. */
  title: z.string().default(''),
  /** Set on a re-run asked from the dashboard: post a new review even if one exists for this head. */
  rerun: z.string().optional(),
  /** Set on a shadow run: review with this model and/or configuration (YAML) and post nothing. */
  shadow: z.object({ model: z.string().optional(), config: z.string().optional() }).optional(),
})
export type ReviewJobData = z.infer<typeof ReviewJobDataSchema>

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error'])

/** One structured log line of a job, as published live and kept in the job's capped stream. */
export const LogLineSchema = z.object({
  jobId: z.string(),
  repo: z.string(),
  level: LogLevelSchema,
  message: z.string(),
  time: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
})
export type LogLine = z.infer<typeof LogLineSchema>

export const SkippedFileSchema = z.object({ path: z.string(), reason: z.string() })
export type SkippedFile = z.infer<typeof SkippedFileSchema>

/** Model tokens: what the prompts held and what the model wrote. */
export const TokensSchema = z.object({ input: z.number(), output: z.number() })
export type Tokens = z.infer<typeof TokensSchema>

/** A job's return value: what happened to the pull request. */
export const ReviewOutcomeSchema = z.object({
  /** `shadow`: a shadow run reviewed the head and, as it should, posted nothing. */
  status: z.enum(['posted', 'already-posted', 'stale', 'skipped', 'shadow']),
  /** The review's summary as posted, and every finding with whether it went inline or into the summary. */
  summary: z.string().optional(),
  findings: z.array(FindingSchema.extend({ inline: z.boolean() })).optional(),
  reason: z.string().optional(),
  reviewId: z.number().optional(),
  reviewUrl: z.string().optional(),
  inlineComments: z.number(),
  summaryFindings: z.number(),
  skippedFiles: z.array(SkippedFileSchema),
  tokens: TokensSchema,
  /** The model that reviewed, and the estimated cost in USD of its tokens (absent when its price is unknown). */
  model: z.string().optional(),
  /** The model's provider (gemini, openai, ollama, anthropic); absent on jobs from before providers. */
  provider: z.string().optional(),
  costUsd: z.number().optional(),
  /** Set for an incremental review: the commit reviewed before, and whether the branch was force-pushed since. */
  since: z.object({ sha: z.string(), forced: z.boolean() }).optional(),
})
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>

export const CommandNameSchema = z.enum(['review', 'summary', 'help'])
export type CommandName = z.infer<typeof CommandNameSchema>

/**
 * A `/revue …` command from a pull request comment, queued on `pr-command` with the id
 * `owner/repo#number!commentId`.
 */
export const CommandJobDataSchema = z.object({
  forge: ForgeNameSchema.optional(),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  prNumber: z.number().int().positive(),
  commentId: z.number().int().positive(),
  author: z.string().min(1),
  command: CommandNameSchema,
  /** The word after `/revue` when it is not a command: the answer is the help, saying so. */
  unknown: z.string().optional(),
  deliveryId: z.string().min(1),
  /** The pull request's title when the command was queued, for the dashboard. */
  title: z.string().default(''),
})
export type CommandJobData = z.infer<typeof CommandJobDataSchema>

/** What a command did. */
export const CommandOutcomeSchema = z.object({
  status: z.enum(['done', 'refused', 'skipped']),
  reason: z.string().optional(),
  /** The review job `/revue review` queued, or the comment a summary or help was posted as. */
  queued: z.string().optional(),
  commentUrl: z.string().optional(),
  /** What a summary cost: the model, its provider, its tokens and their estimated USD price. */
  model: z.string().optional(),
  provider: z.string().optional(),
  tokens: TokensSchema.optional(),
  costUsd: z.number().optional(),
})
export type CommandOutcome = z.infer<typeof CommandOutcomeSchema>
