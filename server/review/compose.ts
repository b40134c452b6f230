import type { SkippedFile } from '#shared/schemas/job'
import type { Finding } from '#shared/schemas/review'

/**
 * The hidden marker that makes posting idempotent: one review per head commit (and per re-run asked from the
 * dashboard), whatever retries happen.
 */
export function reviewMarker(headSha: string, run?: string): string {
  return run ? `<!-- revue:review sha=${headSha} run=${run} -->` : `<!-- revue:review sha=${headSha} -->`
}

export interface ReviewBodyInput {
  headSha: string
  run?: string
  model: string
  summaries: string[]
  outside: Finding[]
  skipped: SkippedFile[]
  inlineCount: number
  tokens: { input: number, output: number }
}

/** The review's body: summary, findings that could not go inline, skipped files, footer and marker. */
export function composeReviewBody(input: ReviewBodyInput): string {
  const sections = [`### Revue review\n\n${input.summaries.filter(Boolean).join('\n\n') || 'No issues found in the reviewed changes.'}`]
  if (input.outside.length) {
    sections.push([
      '#### Findings outside the diff',
      'GitHub only accepts inline comments on changed lines, so these are listed here:',
      ..._capped(input.outside, finding => `- **${finding.severity}** \`${finding.path}\` ${finding.side === 'LEFT' ? 'old ' : ''}line ${finding.line}: ${finding.body.trim()}`),
    ].join('\n'))
  }
  if (input.skipped.length) {
    sections.push([
      `<details><summary>${input.skipped.length} file${input.skipped.length === 1 ? '' : 's'} not reviewed</summary>\n`,
      ..._capped(input.skipped, file => `- \`${file.path}\`: ${file.reason}`),
      '\n</details>',
    ].join('\n'))
  }
  sections.push(`<sub>Revue reviewed ${input.headSha.slice(0, 7)} with ${input.model}: ${input.inlineCount} inline comment${input.inlineCount === 1 ? '' : 's'}, ${input.tokens.input} input / ${input.tokens.output} output tokens.</sub>`)
  sections.push(reviewMarker(input.headSha, input.run))
  return sections.join('\n\n')
}

// GitHub refuses review bodies over 65,536 characters; long lists are cut with a count of the rest.
const MAX_LISTED = 50

function _capped<T>(items: T[], format: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map(format)
  if (items.length > MAX_LISTED) lines.push(`- …and ${items.length - MAX_LISTED} more`)
  return lines
}
