import type { GoogleGenAI } from '@google/genai'
import { UnrecoverableError } from 'bullmq'
import { z } from 'zod'
import type { Tokens } from '#shared/schemas/job'
import { ModelReviewSchema, type Finding, type ModelReview } from '#shared/schemas/review'
import { pluralize } from '#shared/utils/plural'
import type { JobLogger } from '../utils/job-log'
import type { Chunk } from './chunk'
import { buildPrompt } from './prompt'
import { readJson, salvageReview, type Salvaged } from './salvage'

export interface ModelCall<T> {
  model: string
  system: string
  prompt: string
  maxOutputTokens: number
  /** The answer's shape; Gemini is given it as JSON Schema. */
  schema: z.ZodType<T>
  /** Reads the answer's JSON, salvaging what it can (salvage.ts); by default the schema must match as a whole. */
  read?: (json: unknown) => Salvaged<T>
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
 * Asks Gemini for JSON that follows a schema and reads it (JSON in prose or a code fence included). An answer with
 * nothing usable is asked for once more; a second one fails the job for good (retrying later would pay for the same
 * mistake). `dropped` says what parts of the answer were left out, and why.
 */
export async function askModel<T>(gemini: GoogleGenAI, call: ModelCall<T>, onRetry: (reason: string) => Promise<void>): Promise<{ answer: T, dropped: string[], tokens: Tokens }> {
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
    const parsed = _parse(call, response.text, response.candidates?.[0]?.finishReason)
    if ('answer' in parsed) return { answer: parsed.answer, dropped: parsed.dropped, tokens }
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
  read?: (json: unknown) => Salvaged<T>
  /** Told of each call, of an answer asked for again, and of each part of an answer left out. */
  log?: JobLogger
}

/** Asks about the chunks one after the other (each with the pull request's title and description) and adds up tokens. */
export async function askPerChunk<T>(chunks: Chunk[], input: ChunkCallInput<T>): Promise<{ answers: T[], tokens: Tokens }> {
  const answers: T[] = []
  const tokens = { input: 0, output: 0 }
  for (const [index, chunk] of chunks.entries()) {
    await input.log?.info(`Asking ${input.model} about part ${index + 1} of ${chunks.length} (${pluralize(chunk.paths.length, 'file')}, ~${pluralize(chunk.tokens, 'token')})`)
    const { answer, dropped, tokens: used } = await askModel(input.gemini, {
      model: input.model,
      system: input.system,
      maxOutputTokens: input.maxOutputTokens,
      prompt: buildPrompt({ title: input.title, body: input.body, chunk: chunk.text, part: index + 1, parts: chunks.length }),
      schema: input.schema,
      read: input.read,
    }, async (reason) => {
      await input.log?.warn(`Gemini's answer was unusable, asking once more: ${reason}`)
    })
    for (const reason of dropped) await input.log?.warn(`Left out of Gemini's answer about part ${index + 1}: ${reason}`)
    answers.push(answer)
    addTokens(tokens, used)
  }
  return { answers, tokens }
}

/** Reviews the chunks and gathers their findings, summaries and token counts. */
export async function reviewChunks(chunks: Chunk[], input: Omit<ChunkCallInput<ModelReview>, 'schema' | 'read'>) {
  const { answers, tokens } = await askPerChunk(chunks, { ...input, schema: ModelReviewSchema, read: salvageReview })
  const findings: Finding[] = answers.flatMap(answer => answer.comments)
  return { findings, summaries: answers.map(answer => answer.summary.trim()), tokens }
}

export function addTokens(total: Tokens, more: Tokens): void {
  total.input += more.input
  total.output += more.output
}

function _parse<T>(call: ModelCall<T>, text: string | undefined, finishReason: string | undefined): Salvaged<T> {
  if (!text) return { reason: `empty answer (finish reason ${finishReason ?? 'unknown'})` }
  const json = readJson(text)
  if (json === undefined) return { reason: `answer is not JSON (finish reason ${finishReason ?? 'unknown'}): ${text.slice(0, 120)}` }
  if (call.read) return call.read(json)
  const result = call.schema.safeParse(json)
  if (!result.success) return { reason: `answer does not match the schema: ${result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` }
  return { answer: result.data, dropped: [] }
}
