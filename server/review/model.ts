import { UnrecoverableError } from 'bullmq'
import { z } from 'zod'
import type { Tokens } from '#shared/schemas/job'
import { ModelReviewSchema, type Finding, type ModelReview } from '#shared/schemas/review'
import { pluralize } from '#shared/utils/plural'
import type { JobLogger } from '../jobs/log'
import { providerLabel } from '../models/choice'
import type { ModelClient } from '../models/provider'
import type { Chunk } from './chunk'
import { partName, runParts, type Part } from './parts'
import { buildPrompt } from './prompt'
import { readJson, salvageReview, type Salvaged } from './salvage'

export interface ModelCall<T> {
  model: string
  system: string
  prompt: string
  maxOutputTokens: number
  /** The answer's shape; the model is given it as JSON Schema. */
  schema: z.ZodType<T>
  /** Reads the answer's JSON, salvaging what it can (salvage.ts); by default the schema must match as a whole. */
  read?: (json: unknown) => Salvaged<T>
  /** Stops the call (and its retries) when another part of the same review has failed. */
  signal?: AbortSignal
}

const _jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>()

/** The response schema the model must follow, derived once from the zod schema that validates its answer. */
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
 * Asks the model for JSON that follows a schema and reads it (JSON in prose or a code fence included). An answer with
 * nothing usable is asked for once more; a second one fails the job for good (retrying later would pay for the same
 * mistake). `dropped` says what parts of the answer were left out, and why.
 */
export async function askModel<T>(client: ModelClient, call: ModelCall<T>, onRetry: (reason: string) => Promise<void>): Promise<{ answer: T, dropped: string[], tokens: Tokens }> {
  const tokens = { input: 0, output: 0 }
  let reason = ''
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await client.ask({
      model: call.model,
      system: call.system,
      prompt: call.prompt,
      maxOutputTokens: call.maxOutputTokens,
      schema: jsonSchemaOf(call.schema),
      signal: call.signal,
    })
    addTokens(tokens, response.tokens)
    const parsed = _parse(call, response.text, response.finishReason)
    if ('answer' in parsed) return { answer: parsed.answer, dropped: parsed.dropped, tokens }
    reason = parsed.reason
    if (attempt === 1) await onRetry(reason)
  }
  throw new UnrecoverableError(`${providerLabel(client.provider)} returned an invalid answer twice: ${reason}`)
}

export interface ChunkCallInput<T> {
  client: ModelClient
  model: string
  system: string
  maxOutputTokens: number
  title: string
  body: string | null
  schema: z.ZodType<T>
  read?: (json: unknown) => Salvaged<T>
  /** Parts asked at once (NUXT_MODEL_CONCURRENCY): a big pull request keeps no more requests than this waiting. */
  concurrency: number
  /** Told of each call, of an answer asked for again, and of each part of an answer left out. */
  log?: JobLogger
}

/** What becomes of one part's answer as soon as it comes, and the tokens that cost (a review's second pass). */
export type AfterAnswer<T, R> = (answer: T, part: Part) => Promise<{ result: R, tokens: Tokens }>

/**
 * Asks about the chunks in parallel (each with the pull request's title and description), runs `after` on each
 * answer as soon as it comes, and returns the results in part order with the tokens of every call added up. One
 * part failing fails the whole (see runParts).
 */
export async function askPerChunk<T, R>(chunks: Chunk[], input: ChunkCallInput<T>, after: AfterAnswer<T, R>): Promise<{ results: R[], tokens: Tokens }> {
  const parts = await runParts(chunks, input.concurrency, async (chunk, part) => {
    await input.log?.info(`Asking ${input.model} about ${partName(part)} (${pluralize(chunk.paths.length, 'file')}, ~${pluralize(chunk.tokens, 'token')})`)
    const label = providerLabel(input.client.provider)
    const { answer, dropped, tokens } = await askModel(input.client, {
      model: input.model,
      system: input.system,
      maxOutputTokens: input.maxOutputTokens,
      prompt: buildPrompt({ title: input.title, body: input.body, chunk: chunk.text, part: part.number, parts: part.count }),
      schema: input.schema,
      read: input.read,
      signal: part.signal,
    }, async (reason) => {
      await input.log?.warn(`${label}'s answer about ${partName(part)} was unusable, asking once more: ${reason}`)
    })
    for (const reason of dropped) await input.log?.warn(`Left out of ${label}'s answer about ${partName(part)}: ${reason}`)
    const next = await after(answer, part)
    addTokens(tokens, next.tokens)
    return { result: next.result, tokens }
  })
  const tokens = { input: 0, output: 0 }
  for (const part of parts) addTokens(tokens, part.tokens)
  return { results: parts.map(part => part.result), tokens }
}

/**
 * Reviews the chunks and gathers their findings, summaries and token counts, in part order. `check` (the noise
 * filter and the second pass) runs on each part's findings as soon as that part answers.
 */
export async function reviewChunks(chunks: Chunk[], input: Omit<ChunkCallInput<ModelReview>, 'schema' | 'read'>, check: (findings: Finding[], part: Part) => Promise<{ kept: Finding[], tokens: Tokens }>) {
  const { results, tokens } = await askPerChunk(chunks, { ...input, schema: ModelReviewSchema, read: salvageReview }, async (answer, part) => {
    const { kept, tokens } = await check(answer.comments, part)
    return { result: { findings: kept, summary: answer.summary.trim() }, tokens }
  })
  return { findings: results.flatMap(result => result.findings), summaries: results.map(result => result.summary), tokens }
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
