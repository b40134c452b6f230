import { createHash } from 'node:crypto'
import type { Finding } from '#shared/schemas/review'
import type { DiffFile } from './chunk'
import { bodyLines } from './markers'

/**
 * What Revue has reported on a pull request, inline or listed, kept in its own reviews: the line above the review
 * marker holds a key per finding. A key is the path, the side and the text of the line the finding points at (its
 * number only when the line is not in the diff), hashed: it survives lines moving and changes when the line does.
 */

const BLOCK = /^<!-- revue:findings keys=((?:[0-9a-f]{16},)*[0-9a-f]{16})? -->$/

/** The key of each finding, reading each line's text from the pull request's diff. */
export function findingKeys(files: DiffFile[]): (finding: Pick<Finding, 'path' | 'side' | 'line'>) => string {
  const texts = new Map<string, string>()
  for (const file of files) {
    for (const line of file.hunks.flatMap(hunk => hunk.lines)) {
      if (line.oldLine !== undefined) texts.set(`${file.path}\0LEFT\0${line.oldLine}`, line.text)
      if (line.newLine !== undefined) texts.set(`${file.path}\0RIGHT\0${line.newLine}`, line.text)
    }
  }
  return (finding) => {
    const text = texts.get(`${finding.path}\0${finding.side}\0${finding.line}`)
    const what = text === undefined ? `line ${finding.line}` : `text ${text.trim().replace(/\s+/g, ' ')}`
    return createHash('sha256').update(`${finding.path}\0${finding.side}\0${what}`).digest('hex').slice(0, 16)
  }
}

/** The hidden line that records these keys, written just above the review marker. */
export function findingsBlock(keys: string[]): string {
  return `<!-- revue:findings keys=${[...new Set(keys)].join(',')} -->`
}

/**
 * The keys recorded in a review body Revue wrote, only on the line just above its last line; undefined for a review
 * without the line (posted before findings were recorded).
 */
export function readFindingsBlock(body: string | null | undefined): string[] | undefined {
  const match = BLOCK.exec(bodyLines(body).at(-2) ?? '')
  if (!match) return undefined
  return match[1] ? match[1].split(',') : []
}
