import type { GoogleGenAI } from '@google/genai'
import { UnrecoverableError } from 'bullmq'
import { z } from 'zod'
import type { Tokens } from '#shared/schemas/job'
import { ModelReviewSchema, type Finding, type ModelReview } from '#shared/schemas/review'
import { pluralize } from '#shared/utils/plural'
import type { JobLogger } from '../utils/job-log'
import type { Chunk } from './chunk'
import { buildPrompt } from './prompt'

export interface ModelCall<T> {
  model: string
  system: string
  prompt: string
  maxOutputTokens: number
  /** Validates the answer; Gemini is given the same schema as JSON Schema. */
  schema: z.ZodType<T>
}

const _jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>()

/** The response schema Gemini must follow, derived once from the zod schema that validates its answer. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = _jsonSchemas.get(schema)
  if (!json) {
    const { $schema: _, ...rest } = z.toJSONSchema(schema)
    json = rest
    _jsonSchemas.set(schema, json)
  }
  return json
}

/**
 * Asks Gemini for JSON that follows a schema and validates it. A malformed answer is asked for once more;
 * a second one fails the job for good (retrying later would pay for the same mistake).
 */
export async function askModel<T>(gemini: GoogleGenAI, call: ModelCall<T>, onRetry: (reason: string) => Promise<void>): Promise<{ answer: T, tokens: Tokens }> {
  const tokens = { input: 0, output: 0 }
  let reason = ''
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await gemini.models.generateContent({
      model: call.model,
      contents: [{ role: 'user', parts: [{ text: call.prompt }] }],
      config: {
        systemInstruction: call.system,
        responseMimeType: 'application/json',
        responseJsonSchema: jsonSchemaOf(call.schema),
        maxOutputTokens: call.maxOutputTokens,
        temperature: 0.2,
      },
    })
    tokens.input += response.usageMetadata?.promptTokenCount ?? 0
    tokens.output += response.usageMetadata?.candidatesTokenCount ?? 0
    const parsed = _parse(call.schema, response.text, response.candidates?.[0]?.finishReason)
    if ('answer' in parsed) return { answer: parsed.answer, tokens }
    reason = parsed.reason
    if (attempt === 1) await onRetry(reason)
  }
  throw new UnrecoverableError(`Gemini returned an invalid answer twice: ${reason}`)
}

export interface ChunkCallInput<T> {
  gemini: GoogleGenAI
  model: string
  system: string
  maxOutputTokens: number
  title: string
  body: string | null
  schema: z.ZodType<T>
  /** Told of each call and of an answer asked for again. */
  log?: JobLogger
}

/** Asks about the chunks one after the other (each with the pull request's title and description) and adds up tokens. */
export async function askPerChunk<T>(chunks: Chunk[], input: ChunkCallInput<T>): Promise<{ answers: T[], tokens: Tokens }> {
  const answers: T[] = []
  const tokens = { input: 0, output: 0 }
  for (const [index, chunk] of chunks.entries()) {
    await input.log?.info(`Asking ${input.model} about part ${index + 1} of ${chunks.length} (${pluralize(chunk.paths.length, 'file')}, ~${pluralize(chunk.tokens, 'token')})`)
    const { answer, tokens: used } = await askModel(input.gemini, {
      model: input.model,
      system: input.system,
      maxOutputTokens: input.maxOutputTokens,
      prompt: buildPrompt({ title: input.title, body: input.body, chunk: chunk.text, part: index + 1, parts: chunks.length }),
      schema: input.schema,
    }, async (reason) => {
      await input.log?.warn(`Gemini's answer was unusable, asking once more: ${reason}`)
    })
    answers.push(answer)
    addTokens(tokens, used)
  }
  return { answers, tokens }
}

/** Reviews the chunks and gathers their findings, summaries and token counts. */
export async function reviewChunks(chunks: Chunk[], input: Omit<ChunkCallInput<ModelReview>, 'schema'>) {
  const { answers, tokens } = await askPerChunk(chunks, { ...input, schema: ModelReviewSchema })
  const findings: Finding[] = answers.flatMap(answer => answer.comments)
  return { findings, summaries: answers.map(answer => answer.summary.trim()), tokens }
}

export function addTokens(total: Tokens, more: Tokens): void {
  total.input += more.input
  total.output += more.output
}

function _parse<T>(schema: z.ZodType<T>, text: string | undefined, finishReason: string | undefined): { answer: T } | { reason: string } {
  if (!text) return { reason: `empty answer (finish reason ${finishReason ?? 'unknown'})` }
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch {
    return { reason: `answer is not JSON (finish reason ${finishReason ?? 'unknown'}): ${text.slice(0, 120)}` }
  }
  const result = schema.safeParse(json)
  if (!result.success) return { reason: `answer does not match the schema: ${result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` }
  return { answer: result.data }
}
