/** One line of a unified diff hunk, with its number in the old file (LEFT) and/or the new file (RIGHT). */
export interface DiffLine {
  kind: '+' | '-' | ' '
  oldLine?: number
  newLine?: number
  text: string
}

export interface Hunk {
  header: string
  lines: DiffLine[]
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/

/** Parses the `patch` GitHub gives for one file into hunks of numbered lines. */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = []
  let hunk: Hunk | undefined
  let oldLine = 0
  let newLine = 0
  for (const raw of patch.replace(/\n$/, '').split('\n')) {
    const header = HUNK_HEADER.exec(raw)
    if (header) {
      hunk = { header: raw, lines: [] }
      hunks.push(hunk)
      oldLine = Number(header[1])
      newLine = Number(header[2])
      continue
    }
    if (!hunk || raw.startsWith('\\')) continue // "\ No newline at end of file"
    const kind = raw[0]
    if (kind === '+') hunk.lines.push({ kind, newLine: newLine++, text: raw.slice(1) })
    else if (kind === '-') hunk.lines.push({ kind, oldLine: oldLine++, text: raw.slice(1) })
    else if (kind === ' ' || raw === '') hunk.lines.push({ kind: ' ', oldLine: oldLine++, newLine: newLine++, text: raw.slice(1) })
  }
  return hunks
}

/** The lines GitHub accepts a review comment on: RIGHT = added or context lines, LEFT = removed or context lines. */
export interface CommentableLines {
  LEFT: Set<number>
  RIGHT: Set<number>
}

export function commentableLines(hunks: Hunk[]): CommentableLines {
  const lines: CommentableLines = { LEFT: new Set(), RIGHT: new Set() }
  for (const line of hunks.flatMap(hunk => hunk.lines)) {
    if (line.oldLine !== undefined) lines.LEFT.add(line.oldLine)
    if (line.newLine !== undefined) lines.RIGHT.add(line.newLine)
  }
  return lines
}

/**
 * Renders hunks for the model with every line's number and side spelled out, so the findings it returns
 * point at lines that exist: `R12 +` added, `R13  ` context (new file), `L7 -` removed (old file).
 */
export function renderHunk(hunk: Hunk): string {
  const rows = hunk.lines.map((line) => {
    if (line.kind === '-') return `L${line.oldLine} - ${line.text}`
    return `R${line.newLine} ${line.kind === '+' ? '+' : ' '} ${line.text}`
  })
  return [hunk.header, ...rows].join('\n')
}
