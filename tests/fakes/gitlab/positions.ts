// Whether a text position lands on a line of a merge request version's diff, as GitLab checks through the note's
// line code: new_line alone for an added line, old_line alone for a removed one, both for a context line.
import { badRequest, invalidParam } from './http'
import type { StoredMergeRequest, TextPosition } from './types'

// GitLab's answer when the position's line is not in the diff (the line code it derives is blank).
export const LINE_CODE_REFUSAL = 'Note {:line_code=>["can\'t be blank", "must be a valid line code"]}'

export function readPosition(raw: unknown): TextPosition {
  if (typeof raw !== 'object' || raw === null) throw invalidParam('position is invalid')
  const p = raw as Record<string, unknown>
  if (p.position_type !== 'text') throw invalidParam('position[position_type] does not have a valid value')
  for (const key of ['base_sha', 'start_sha', 'head_sha'] as const) {
    if (typeof p[key] !== 'string') throw invalidParam(`position[${key}] is missing`)
  }
  const line = (value: unknown) => value === undefined || value === null || value === '' ? null : Number(value)
  return {
    position_type: 'text',
    base_sha: String(p.base_sha),
    start_sha: String(p.start_sha),
    head_sha: String(p.head_sha),
    old_path: String(p.old_path ?? p.new_path ?? ''),
    new_path: String(p.new_path ?? p.old_path ?? ''),
    old_line: line(p.old_line),
    new_line: line(p.new_line),
  }
}

/** Throws GitLab's 400 unless the position is on a line of the diff of the version it names. */
export function requireOnDiff(mr: StoredMergeRequest, position: TextPosition): void {
  const version = mr.versions.find(v => v.head_commit_sha === position.head_sha && v.base_commit_sha === position.base_sha && v.start_commit_sha === position.start_sha)
  const diff = version?.diffs.find(d => d.new_path === position.new_path && d.old_path === position.old_path)
  const found = diff && _lines(diff.diff).some(line => line.old === position.old_line && line.new === position.new_line)
  if (!found) throw badRequest(LINE_CODE_REFUSAL)
}

function _lines(patch: string): Array<{ old: number | null, new: number | null }> {
  const lines: Array<{ old: number | null, new: number | null }> = []
  let oldLine = 0
  let newLine = 0
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
    if (hunk) [oldLine, newLine] = [Number(hunk[1]), Number(hunk[2])]
    else if (text.startsWith('+')) lines.push({ old: null, new: newLine++ })
    else if (text.startsWith('-')) lines.push({ old: oldLine++, new: null })
    else if (text.startsWith(' ')) lines.push({ old: oldLine++, new: newLine++ })
  }
  return lines
}
