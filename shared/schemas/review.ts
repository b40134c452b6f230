import { z } from 'zod'

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low'])
export type Severity = z.infer<typeof SeveritySchema>
export const SEVERITIES = SeveritySchema.options

const ConfidenceSchema = z.number().min(0).max(1)

/** One finding; `line` is in the new file (RIGHT) or the old file (LEFT). */
export const FindingSchema = z.object({
  path: z.string().min(1),
  line: z.number().int().positive(),
  side: z.enum(['LEFT', 'RIGHT']),
  severity: SeveritySchema,
  body: z.string().min(1),
  suggestion: z.string().optional(),
  /** How sure the reviewer is that this is a real problem, 0-1. */
  confidence: ConfidenceSchema.optional(),
})
export type Finding = z.infer<typeof FindingSchema>

/** The structured output asked of Gemini for one chunk of the diff: every finding rates its own confidence. */
export const ModelReviewSchema = z.object({
  summary: z.string(),
  comments: z.array(FindingSchema.extend({ confidence: ConfidenceSchema })),
})
export type ModelReview = z.infer<typeof ModelReviewSchema>

/** The second pass's answer: for each numbered finding, whether it holds up against the code. */
export const VerdictsSchema = z.object({
  verdicts: z.array(z.object({
    index: z.number().int().min(0),
    keep: z.boolean(),
    confidence: ConfidenceSchema,
  })),
})
export type Verdicts = z.infer<typeof VerdictsSchema>

/** `/revue summary`: the model's account of one chunk of the pull request. */
export const ModelSummarySchema = z.object({ summary: z.string().min(1) })
