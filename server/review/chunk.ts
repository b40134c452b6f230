import { renderHunk, type Hunk } from './diff'

export interface DiffFile {
  path: string
  status: string
  hunks: Hunk[]
}

/** A piece of the pull request's diff that fits one model call. */
export interface Chunk {
  text: string
  paths: string[]
  tokens: number
}

// Room kept for the instructions and the pull request's title and description in every call.
const PROMPT_RESERVE_TOKENS = 4_000

/** Roughly 4 characters per token for English and code; the budget below leaves room for the error. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/** How many diff tokens one call may carry: half of what the context leaves after the answer and instructions. */
export function chunkBudget(contextTokens: number, maxOutputTokens: number): number {
  return Math.max(1_000, Math.floor((contextTokens - maxOutputTokens - PROMPT_RESERVE_TOKENS) / 2))
}

/**
 * Packs files into chunks of at most `budget` tokens, keeping files whole where they fit,
 * splitting a large file between hunks and a huge hunk between lines (every line carries its own number).
 */
export function chunkDiff(files: DiffFile[], budget: number): Chunk[] {
  const chunks: Chunk[] = []
  let current: Chunk = { text: '', paths: [], tokens: 0 }
  const flush = () => {
    if (current.tokens) chunks.push(current)
    current = { text: '', paths: [], tokens: 0 }
  }
  for (const piece of files.flatMap(file => _pieces(file, budget))) {
    const tokens = estimateTokens(piece.text)
    if (current.tokens + tokens > budget) flush()
    current.text += (current.text ? '\n\n' : '') + piece.text
    if (!current.paths.includes(piece.path)) current.paths.push(piece.path)
    current.tokens += tokens
  }
  flush()
  return chunks
}

function _pieces(file: DiffFile, budget: number): Array<{ path: string, text: string }> {
  const header = `--- ${file.path} (${file.status})`
  const whole = [header, ...file.hunks.map(renderHunk)].join('\n')
  if (estimateTokens(whole) <= budget) return [{ path: file.path, text: whole }]
  return file.hunks.flatMap(hunk => _splitHunk(renderHunk(hunk), budget))
    .map(text => ({ path: file.path, text: `${header} [part]\n${text}` }))
}

function _splitHunk(rendered: string, budget: number): string[] {
  if (estimateTokens(rendered) <= budget) return [rendered]
  const [header = '', ...rows] = rendered.split('\n')
  const parts: string[] = []
  let part: string[] = []
  let size = estimateTokens(header)
  for (const row of rows) {
    const tokens = estimateTokens(row) + 1
    if (part.length && size + tokens > budget) {
      parts.push([header, ...part].join('\n'))
      part = []
      size = estimateTokens(header)
    }
    part.push(row)
    size += tokens
  }
  if (part.length) parts.push([header, ...part].join('\n'))
  return parts
}
