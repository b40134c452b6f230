import type { GoogleGenAI } from '@google/genai'
import { UnrecoverableError } from 'bullmq'
import { ModelReviewSchema, type Finding, type ModelReview } from '#shared/schemas/review'
import type { JobLogger } from '../utils/job-log'
import type { Chunk } from './chunk'
import { buildPrompt, MODEL_REVIEW_JSON_SCHEMA, SYSTEM_INSTRUCTION } from './prompt'

export interface ModelCall {
  model: string
  prompt: string
  maxOutputTokens: number
}

export interface ModelAnswer {
  review: ModelReview
  tokens: { input: number, output: number }
}

/**
 * Asks Gemini for a structured review of one chunk and validates it. A malformed answer is asked for once more;
 * a second one fails the job for good (retrying later would pay for the same mistake).
 */
export async function askModel(gemini: GoogleGenAI, call: ModelCall, onRetry: (reason: string) => Promise<void>): Promise<ModelAnswer> {
  const tokens = { input: 0, output: 0 }
  let reason = ''
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await gemini.models.generateContent({
      model: call.model,
      contents: [{ role: 'user', parts: [{ text: call.prompt }] }],
      config: {
        systemInstruction: SYSTEM_INSTRUCTION,
        responseMimeType: 'application/json',
        responseJsonSchema: MODEL_REVIEW_JSON_SCHEMA,
        maxOutputTokens: call.maxOutputTokens,
        temperature: 0.2,
      },
    })
    tokens.input += response.usageMetadata?.promptTokenCount ?? 0
    tokens.output += response.usageMetadata?.candidatesTokenCount ?? 0
    const parsed = _parse(response.text, response.candidates?.[0]?.finishReason)
    if (parsed.review) return { review: parsed.review, tokens }
    reason = parsed.reason
    if (attempt === 1) await onRetry(reason)
  }
  throw new UnrecoverableError(`Gemini returned an invalid review twice: ${reason}`)
}

export interface ChunkReviewInput {
  gemini: GoogleGenAI
  log: JobLogger
  model: string
  maxOutputTokens: number
  title: string
  body: string | null
}

/** Reviews the chunks one after the other and gathers their findings, summaries and token counts. */
export async function reviewChunks(chunks: Chunk[], input: ChunkReviewInput) {
  const findings: Finding[] = []
  const summaries: string[] = []
  const tokens = { input: 0, output: 0 }
  for (const [index, chunk] of chunks.entries()) {
    await input.log.info(`Asking ${input.model} about part ${index + 1} of ${chunks.length} (${chunk.paths.length} files, ~${chunk.tokens} tokens)`)
    const answer = await askModel(input.gemini, {
      model: input.model,
      maxOutputTokens: input.maxOutputTokens,
      prompt: buildPrompt({ title: input.title, body: input.body, chunk: chunk.text, part: index + 1, parts: chunks.length }),
    }, reason => input.log.warn(`Gemini's answer was unusable, asking once more: ${reason}`))
    findings.push(...answer.review.comments)
    summaries.push(answer.review.summary.trim())
    tokens.input += answer.tokens.input
    tokens.output += answer.tokens.output
  }
  return { findings, summaries, tokens }
}

function _parse(text: string | undefined, finishReason: string | undefined): { review?: ModelReview, reason: string } {
  if (!text) return { reason: `empty answer (finish reason ${finishReason ?? 'unknown'})` }
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch {
    return { reason: `answer is not JSON (finish reason ${finishReason ?? 'unknown'}): ${text.slice(0, 120)}` }
  }
  const result = ModelReviewSchema.safeParse(json)
  if (!result.success) return { reason: `answer does not match the schema: ${result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` }
  return { review: result.data, reason: '' }
}
