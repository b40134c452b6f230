import { ModelReviewSchema } from '#shared/schemas/review'
import { chunkBudget, chunkDiff, estimateTokens, type Chunk, type DiffFile } from '../../../server/review/chunk'
import { parsePatch } from '../../../server/review/diff'
import { partitionFiles } from '../../../server/review/filter'
import { jsonSchemaOf } from '../../../server/review/model'
import { buildPrompt, SYSTEM_INSTRUCTION } from '../../../server/review/prompt'
import { redactForModel } from '../../../server/review/secrets'
import type { ReleaseDiff } from './release-diff'

export interface Cost {
  calls: number
  tokens: number
}

export interface Measurement {
  filesChanged: number
  changedLines: number
  reviewedFiles: number
  coveredLines: number
  revue: Cost
  wholeReviewed: Cost
  wholeAll: Cost
  /** Changed files left out of the whole-file figures: git holds them as binary. */
  binaryFiles: number
  skipped: Array<{ path: string, reason: string, changedLines: number }>
}

// The defaults in nuxt.config.ts (gemini.contextTokens, gemini.maxOutputTokens).
export const BUDGET = chunkBudget(1_048_576, 8_192)
// Sent with every call besides the user turn; Gemini counts the response schema as input too.
export const PER_CALL_TOKENS = estimateTokens(SYSTEM_INSTRUCTION) + estimateTokens(JSON.stringify(jsonSchemaOf(ModelReviewSchema)))
// An added or removed row as renderHunk writes it: `R12 + code`, `L7 - code` (context rows are `R13   code`).
const CHANGED_ROW = /^(?:R\d+ \+|L\d+ -) /

/** What Revue sends for this diff against sending every changed file whole, with the same instructions and estimator. */
export async function measure(diff: ReleaseDiff, pr: { title: string, body: string }): Promise<Measurement> {
  const { reviewable, skipped } = partitionFiles(diff.files)
  const chunks = await _revueChunks(reviewable.map(file => ({ path: file.filename, status: file.status, hunks: parsePatch(file.patch) })))
  const byPath = new Map(diff.files.map(file => [file.filename, file]))
  const changedLines = (path: string) => (byPath.get(path)?.additions ?? 0) + (byPath.get(path)?.deletions ?? 0)
  // The same header Revue gives a file in a chunk, then the file as it is after the change.
  const whole = (paths: string[]) => _cost(_packWhole(paths.flatMap((path) => {
    const content = diff.contents.get(path)
    return content === undefined ? [] : [`--- ${path} (${byPath.get(path)?.status})\n${content}`]
  })), pr)
  return {
    filesChanged: diff.files.length,
    changedLines: diff.files.reduce((sum, file) => sum + changedLines(file.filename), 0),
    reviewedFiles: reviewable.length,
    coveredLines: chunks.reduce((sum, chunk) => sum + chunk.text.split('\n').filter(row => CHANGED_ROW.test(row)).length, 0),
    revue: _cost(chunks.map(chunk => chunk.text), pr),
    wholeReviewed: whole(reviewable.map(file => file.filename)),
    wholeAll: whole(diff.files.filter(file => file.status !== 'removed').map(file => file.filename)),
    binaryFiles: [...diff.binary].filter(path => byPath.get(path)?.status !== 'removed').length,
    skipped: skipped.map(file => ({ ...file, changedLines: changedLines(file.path) })),
  }
}

/** What Revue sends for these files of a diff, as process.ts does: redacted, chunked, one prompt a chunk. */
export async function revueCost(files: DiffFile[], pr: { title: string, body: string }): Promise<Cost> {
  return _cost((await _revueChunks(files)).map(chunk => chunk.text), pr)
}

async function _revueChunks(files: DiffFile[]): Promise<Chunk[]> {
  return chunkDiff((await redactForModel(files, {})).files, BUDGET)
}

function _cost(texts: string[], pr: { title: string, body: string }): Cost {
  const tokens = texts.reduce((sum, text, index) => sum + PER_CALL_TOKENS + estimateTokens(buildPrompt({ ...pr, chunk: text, part: index + 1, parts: texts.length })), 0)
  return { calls: texts.length, tokens }
}

/** Whole files packed into calls under Revue's own budget, a file larger than the budget alone in its call. */
function _packWhole(files: string[]): string[] {
  const calls: string[] = []
  let current = ''
  for (const file of files) {
    if (current && estimateTokens(current) + estimateTokens(file) > BUDGET) {
      calls.push(current)
      current = ''
    }
    current += (current ? '\n\n' : '') + file
  }
  if (current) calls.push(current)
  return calls
}
