import type { Finding } from '#shared/schemas/review'
import { modelMarkdown } from './markdown'
import { bySeverity } from './noise'

/** A review comment as `POST /repos/{owner}/{repo}/pulls/{n}/reviews` takes it. */
export interface InlineComment {
  path: string
  line: number
  side: 'LEFT' | 'RIGHT'
  body: string
}

/**
 * Keeps as inline comments only the findings whose path and line are in the diff on that side (`inDiff`, which the
 * prepared diff answers: prepare.ts): GitHub rejects the whole review with 422 otherwise. The rest are returned to go
 * into the summary rather than be lost.
 */
export function placeFindings(findings: Finding[], inDiff: (finding: Finding) => boolean): { inside: Finding[], outside: Finding[] } {
  const inside: Finding[] = []
  const outside: Finding[] = []
  const seen = new Set<string>()
  for (const finding of [...findings].sort(bySeverity)) {
    const key = `${finding.path}\0${finding.side}\0${finding.line}\0${finding.body}`
    if (seen.has(key)) continue
    seen.add(key)
    if (inDiff(finding)) {
      inside.push(finding)
    }
    else {
      outside.push(finding)
    }
  }
  return { inside, outside }
}

export function toInlineComment(finding: Finding): InlineComment {
  return { path: finding.path, line: finding.line, side: finding.side, body: formatFinding(finding) }
}

/**
 * A finding's comment text, the model's Markdown defused (markdown.ts); a replacement for a new-file line becomes a
 * GitHub suggestion block.
 */
export function formatFinding(finding: Finding): string {
  const label = finding.severity[0]!.toUpperCase() + finding.severity.slice(1)
  const text = `**${label}:** ${modelMarkdown(finding.body.trim())}`
  if (finding.suggestion === undefined || finding.side !== 'RIGHT') return text
  const fence = '`'.repeat(Math.max(3, ...[...finding.suggestion.matchAll(/`+/g)].map(match => match[0].length + 1)))
  return `${text}\n\n${fence}suggestion\n${finding.suggestion.replace(/\n$/, '')}\n${fence}`
}
