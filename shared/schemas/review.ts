import { z } from 'zod'

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low'])
export type Severity = z.infer<typeof SeveritySchema>

/** One finding as the model returns it; `line` is in the new file (RIGHT) or the old file (LEFT). */
export const FindingSchema = z.object({
  path: z.string().min(1),
  line: z.number().int().positive(),
  side: z.enum(['LEFT', 'RIGHT']),
  severity: SeveritySchema,
  body: z.string().min(1),
  suggestion: z.string().optional(),
})
export type Finding = z.infer<typeof FindingSchema>

/** The structured output asked of Gemini for one chunk of the diff. */
export const ModelReviewSchema = z.object({
  summary: z.string(),
  comments: z.array(FindingSchema),
})
export type ModelReview = z.infer<typeof ModelReviewSchema>
