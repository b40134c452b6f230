import type { DiffFile } from './chunk'
import { parsePatch, type DiffLine, type Hunk } from './diff'
import type { ChangedFile } from '../forges/forge'

/**
 * What changed since the last review, per path: the new-file lines added (RIGHT) and the old-file lines removed
 * (LEFT) since, numbered as in the pull request's diff; `all` when the change has no patch to tell.
 */
export type FreshLines = Map<string, { RIGHT: Set<number>, LEFT: Set<number> } | 'all'>

export type ReviewScope
  = | { mode: 'full' }
    | { mode: 'incremental', since: string, forced: boolean, fresh: FreshLines }

/**
 * What GitHub says about the commits since the last review (compare.ts), as plain data: the comparison of the last
 * reviewed head with the new one when it is a fast-forward (`delta`), else the pull request's patch at the last head
 * (`before`); `full` when GitHub no longer knows the old commit or the comparison is past the 300 files it lists.
 */
export type ScopeBasis
  = | { mode: 'full' }
    | { mode: 'fast-forward', since: string, delta: ChangedFile[] }
    | { mode: 'forced', since: string, before: ChangedFile[] }

/**
 * What to review given the basis. A fast-forward reviews what the compare API says changed since. After a force-push
 * or rebase (the last head is no longer an ancestor), the pull request's patch then is set against its patch now,
 * line by line by content, so a rebase that moved lines but changed nothing reviews nothing.
 */
export function scopeFrom(basis: ScopeBasis, files: ChangedFile[]): ReviewScope {
  if (basis.mode === 'full') return basis
  if (basis.mode === 'fast-forward') return { mode: 'incremental', since: basis.since, forced: false, fresh: changedSince(basis.delta, files) }
  return { mode: 'incremental', since: basis.since, forced: true, fresh: interdiff(basis.before, files) }
}

/**
 * The lines `after` adds or removes whose text `before` did not already add or remove, per path (a rename keeps its
 * history): `before` and `after` are the pull request's patch at the last reviewed head and now.
 */
export function interdiff(before: ChangedFile[], after: ChangedFile[]): FreshLines {
  const previous = new Map(before.map(file => [file.filename, file]))
  const fresh: FreshLines = new Map()
  for (const file of after) {
    const old = previous.get(file.filename) ?? (file.previous_filename ? previous.get(file.previous_filename) : undefined)
    if (!file.patch) {
      if (!old || old.sha !== file.sha) fresh.set(file.filename, 'all')
      continue
    }
    const then = old?.patch ? parsePatch(old.patch) : []
    const now = parsePatch(file.patch)
    _setFresh(fresh, file.filename, {
      RIGHT: _matchText(_rows(now, '+'), _rows(then, '+')).unique.map(line => line.newLine!),
      LEFT: _matchText(_rows(now, '-'), _rows(then, '-')).unique.map(line => line.oldLine!),
    })
  }
  return fresh
}

// Rows of the pull request's diff shown around each fresh line in an incremental review.
const FRESH_CONTEXT_ROWS = 8

/**
 * The part of the pull request's diff to show the model in an incremental review: the rows around fresh lines, as
 * hunks of their own, with the added lines already reviewed shown as context. Every row keeps its line number, so
 * findings still land on the pull request's diff.
 */
export function restrictToFresh(files: DiffFile[], fresh: FreshLines): DiffFile[] {
  return files.flatMap((file) => {
    const lines = fresh.get(file.path)
    if (!lines) return []
    if (lines === 'all') return [file]
    const hunks = file.hunks.flatMap(hunk => _windows(hunk, lines))
    return hunks.length ? [{ ...file, hunks }] : []
  })
}

function _windows(hunk: Hunk, fresh: { RIGHT: Set<number>, LEFT: Set<number> }): Hunk[] {
  const isFreshRow = (line: DiffLine) => line.kind === '+' ? fresh.RIGHT.has(line.newLine!) : line.kind === '-' && fresh.LEFT.has(line.oldLine!)
  const shown = hunk.lines.map((_, index) => hunk.lines
    .slice(Math.max(0, index - FRESH_CONTEXT_ROWS), index + FRESH_CONTEXT_ROWS + 1)
    .some(isFreshRow))
  const windows: Hunk[] = []
  let rows: DiffLine[] = []
  const flush = () => {
    if (rows.length) windows.push({ header: _header(rows), lines: rows })
    rows = []
  }
  hunk.lines.forEach((line, index) => {
    if (!shown[index]) return flush()
    rows.push(line.kind === '+' && !isFreshRow(line) ? { kind: ' ', newLine: line.newLine, text: line.text } : line)
  })
  flush()
  return windows
}

function _header(rows: DiffLine[]): string {
  const old = rows.filter(row => row.oldLine !== undefined)
  const now = rows.filter(row => row.newLine !== undefined)
  return `@@ -${old[0]?.oldLine ?? 0},${old.length} +${now[0]?.newLine ?? 0},${now.length} @@`
}

/** Whether a finding is about a line added, or a removal made, since the last review. */
export function isFresh(fresh: FreshLines, finding: { path: string, side: 'LEFT' | 'RIGHT', line: number }): boolean {
  const lines = fresh.get(finding.path)
  if (!lines) return false
  return lines === 'all' || lines[finding.side].has(finding.line)
}

/**
 * After a fast-forward, from the comparison of the last reviewed head with the new one (`delta`) and the pull
 * request's files now: the lines the delta added, and the removals in the pull request's diff that the delta made.
 * The delta numbers removed lines in the last head's file, the pull request in the base's: they are matched by text.
 */
export function changedSince(delta: ChangedFile[], files: ChangedFile[]): FreshLines {
  const now = new Map(files.map(file => [file.filename, file]))
  const fresh: FreshLines = new Map()
  for (const file of delta) {
    if (file.status === 'removed' && !now.has(file.filename)) continue
    if (!file.patch) {
      fresh.set(file.filename, 'all')
      continue
    }
    const hunks = parsePatch(file.patch)
    const pull = now.get(file.filename)?.patch
    _setFresh(fresh, file.filename, {
      RIGHT: _rows(hunks, '+').map(line => line.newLine!),
      LEFT: pull ? _matchText(_rows(parsePatch(pull), '-'), _rows(hunks, '-')).shared.map(line => line.oldLine!) : [],
    })
  }
  return fresh
}

function _setFresh(fresh: FreshLines, path: string, lines: { RIGHT: number[], LEFT: number[] }) {
  if (lines.RIGHT.length || lines.LEFT.length) fresh.set(path, { RIGHT: new Set(lines.RIGHT), LEFT: new Set(lines.LEFT) })
}

function _rows(hunks: Hunk[], kind: '+' | '-') {
  return hunks.flatMap(hunk => hunk.lines).filter(line => line.kind === kind)
}

/** Splits `rows` by whether `others` has a row of the same text, counting repeats (a second copy of a line is new). */
function _matchText(rows: DiffLine[], others: DiffLine[]): { shared: DiffLine[], unique: DiffLine[] } {
  const seen = new Map<string, number>()
  for (const line of others) seen.set(line.text.trim(), (seen.get(line.text.trim()) ?? 0) + 1)
  const shared: DiffLine[] = []
  const unique: DiffLine[] = []
  for (const line of rows) {
    const count = seen.get(line.text.trim()) ?? 0
    if (count) seen.set(line.text.trim(), count - 1)
    if (count) shared.push(line)
    else unique.push(line)
  }
  return { shared, unique }
}
