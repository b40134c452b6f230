import type { FakeFile } from './types'

// One line of a hunk: its text, its index among the patch's lines, and its number on each side it is on.
export interface DiffLine {
  text: string
  index: number
  left?: number
  right?: number
}

export interface Hunk {
  // the index of its header line
  start: number
  lines: DiffLine[]
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

export function parsePatch(patch: string | undefined): Hunk[] {
  const hunks: Hunk[] = []
  let oldLine = 0
  let newLine = 0
  for (const [index, text] of (patch?.split('\n') ?? []).entries()) {
    const header = HUNK_HEADER.exec(text)
    if (header) {
      hunks.push({ start: index, lines: [] })
      oldLine = Number(header[1])
      newLine = Number(header[3])
    }
    else if (hunks.length && !text.startsWith('\\')) {
      const added = text.startsWith('+')
      const removed = text.startsWith('-')
      hunks.at(-1)?.lines.push({ text, index, left: added ? undefined : oldLine++, right: removed ? undefined : newLine++ })
    }
  }
  return hunks
}

function _isAt(diffLine: DiffLine, at: { line: number, side: 'LEFT' | 'RIGHT' }): boolean {
  return (at.side === 'LEFT' ? diffLine.left : diffLine.right) === at.line
}

/** The first hunk that shows this line of one side, and the line in it. */
export function findLine(hunks: Hunk[], line: number, side: 'LEFT' | 'RIGHT'): { hunk: number, line: DiffLine } | undefined {
  for (const [index, hunk] of hunks.entries()) {
    const found = hunk.lines.find(l => _isAt(l, { line, side }))
    if (found) return { hunk: index, line: found }
  }
  return undefined
}

export function countChanges(patch: string | undefined): { additions: number, deletions: number } {
  let additions = 0
  let deletions = 0
  if (!patch) return { additions, deletions }
  let inHunk = false
  for (const line of patch.split('\n')) {
    if (line.startsWith('@@')) inHunk = true
    else if (!inHunk) continue
    else if (line.startsWith('+')) additions++
    else if (line.startsWith('-')) deletions++
  }
  return { additions, deletions }
}

function range(start: number, count: number): string {
  // git writes `-0,0` for an empty side and drops the count when it is 1
  if (count === 0) return `${Math.max(start - 1, 0)},0`
  return count === 1 ? `${start}` : `${start},${count}`
}

export function makePatch(lines: { added?: string[], removed?: string[], context?: string[] }, startLine = 1): string {
  const context = lines.context ?? []
  const removed = lines.removed ?? []
  const added = lines.added ?? []
  const header = `@@ -${range(startLine, context.length + removed.length)} +${range(startLine, context.length + added.length)} @@`
  return [
    header,
    ...context.map(line => ` ${line}`),
    ...removed.map(line => `-${line}`),
    ...added.map(line => `+${line}`),
  ].join('\n')
}

const NO_BLOB = '0000000'

function short(sha: string | undefined): string {
  return (sha ?? NO_BLOB).slice(0, 7)
}

export function renderDiff(files: FakeFile[]): string {
  const out: string[] = []
  for (const file of files) {
    const from = file.previous_filename ?? file.filename
    const to = file.filename
    out.push(`diff --git a/${from} b/${to}`)
    const oldPath = file.status === 'added' ? '/dev/null' : `a/${from}`
    const newPath = file.status === 'removed' ? '/dev/null' : `b/${to}`
    if (file.status === 'added') {
      out.push('new file mode 100644', `index ${NO_BLOB}..${short(file.sha)}`)
    }
    else if (file.status === 'removed') {
      out.push('deleted file mode 100644', `index ${short(file.sha)}..${NO_BLOB}`)
    }
    else {
      if (file.status === 'renamed') {
        out.push(`similarity index ${file.patch ? 90 : 100}%`, `rename from ${from}`, `rename to ${to}`)
      }
      if (file.patch || file.status !== 'renamed') out.push(`index ${short(file.sha)}..${short(file.sha)} 100644`)
    }
    if (file.patch) {
      out.push(`--- ${oldPath}`, `+++ ${newPath}`, file.patch)
    }
    else if (file.status !== 'renamed') {
      out.push(`Binary files ${oldPath} and ${newPath} differ`)
    }
  }
  return out.length ? `${out.join('\n')}\n` : ''
}

// Where a line of one side sits in a patch: the hunk up to it (a review comment's diff_hunk) and its
// position, the count of lines below the first hunk header.
export function locateLine(patch: string | undefined, line: number, side: 'LEFT' | 'RIGHT'): { diffHunk: string, position: number } | undefined {
  const hunks = parsePatch(patch)
  const found = findLine(hunks, line, side)
  const start = found && hunks[found.hunk]?.start
  if (!found || start === undefined) return undefined
  return { diffHunk: (patch ?? '').split('\n').slice(start, found.line.index + 1).join('\n'), position: found.line.index }
}

/**
 * Where commented lines of a file's patch `before` are in its patch `after`, the first being the line the
 * comment ends on. GitHub keeps a review comment on the diff while the part of the hunk it shows (its diff_hunk:
 * the hunk's lines down to that line) is still in one hunk, and moves the line numbers with it; undefined when it
 * is not: the comment is outdated.
 */
export function followLines(before: string | undefined, after: string | undefined, lines: { line: number, side: 'LEFT' | 'RIGHT' }[]): number[] | undefined {
  const [anchor] = lines
  const hunk = anchor && parsePatch(before).map(h => h.lines).find(h => h.some(l => _isAt(l, anchor)))
  if (!anchor || !hunk) return undefined
  const shown = hunk.slice(0, hunk.findIndex(l => _isAt(l, anchor)) + 1)
  for (const { lines: candidate } of parsePatch(after)) {
    for (let start = 0; start + shown.length <= candidate.length; start++) {
      if (!shown.every((l, i) => candidate[start + i]?.text === l.text)) continue
      const numbers = lines.map((at) => {
        const index = shown.findIndex(l => _isAt(l, at))
        const moved = index < 0 ? undefined : candidate[start + index]
        return at.side === 'LEFT' ? moved?.left : moved?.right
      })
      return numbers.every(n => n !== undefined) ? numbers as number[] : undefined
    }
  }
  return undefined
}
