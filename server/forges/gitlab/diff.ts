import type { ChangedFile, InlineComment } from '../forge'

/** One file of a merge request's or a comparison's diffs, as GitLab lists it. */
export interface GitLabDiff {
  old_path: string
  new_path: string
  diff: string
  new_file: boolean
  renamed_file: boolean
  deleted_file: boolean
}

/** A line of a diff's hunks: an added line has only `newLine`, a removed one only `oldLine`, context both. */
export interface DiffLine {
  oldLine?: number
  newLine?: number
}

/** GitLab's diff of a file in the pull request files shape the review steps read. */
export function toChangedFile(diff: GitLabDiff): ChangedFile {
  const lines = diffLines(diff.diff)
  return {
    filename: diff.new_path,
    status: diff.new_file ? 'added' : diff.deleted_file ? 'removed' : diff.renamed_file ? 'renamed' : 'modified',
    patch: diff.diff,
    additions: lines.filter(line => line.oldLine === undefined).length,
    deletions: lines.filter(line => line.newLine === undefined).length,
    ...(diff.renamed_file ? { previous_filename: diff.old_path } : {}),
  }
}

/** Every line the hunks show, with its numbers in the old and the new file. */
export function diffLines(patch: string): DiffLine[] {
  const lines: DiffLine[] = []
  let oldLine = 0
  let newLine = 0
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
    // GitLab's diff starts at the first hunk, so a line of `---` or `+++` is a line of the file
    if (hunk) {
      oldLine = Number(hunk[1])
      newLine = Number(hunk[2])
    }
    else if (text.startsWith('+')) lines.push({ newLine: newLine++ })
    else if (text.startsWith('-')) lines.push({ oldLine: oldLine++ })
    else if (text.startsWith(' ')) lines.push({ oldLine: oldLine++, newLine: newLine++ })
  }
  return lines
}

/**
 * The line numbers GitLab needs to anchor a comment: `new_line` for an added line, `old_line` for a removed one, both
 * for a context line. Undefined when the hunks do not show the line.
 */
export function linePosition(patch: string, comment: Pick<InlineComment, 'side' | 'line'>): { old_line?: number, new_line?: number } | undefined {
  const found = diffLines(patch).find(line => comment.side === 'LEFT' ? line.oldLine === comment.line : line.newLine === comment.line)
  if (!found) return undefined
  return {
    ...(found.oldLine !== undefined ? { old_line: found.oldLine } : {}),
    ...(found.newLine !== undefined ? { new_line: found.newLine } : {}),
  }
}
