import { z } from 'zod'
import { FindingSchema } from './review'

/** What a `pr-review` job carries: enough to find the pull request again, never a token. */
export const ReviewJobDataSchema = z.object({
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

/** A job's return value: what happened to the pull request. */
export const ReviewOutcomeSchema = z.object({
  status: z.enum(['posted', 'already-posted', 'stale', 'skipped']),
  /** The review's summary as posted, and every finding with whether it went inline or into the summary. */
  summary: z.string().optional(),
  findings: z.array(FindingSchema.extend({ inline: z.boolean() })).optional(),
  reason: z.string().optional(),
  reviewId: z.number().optional(),
  reviewUrl: z.string().optional(),
  inlineComments: z.number(),
  summaryFindings: z.number(),
  skippedFiles: z.array(SkippedFileSchema),
  tokens: z.object({ input: z.number(), output: z.number() }),
})
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>
