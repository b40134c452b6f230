import type { SkippedFile } from '#shared/schemas/job'
import type { Finding, Severity } from '#shared/schemas/review'
import { formatCost } from '#shared/utils/cost'
import { atLeast } from './noise'

/**
 * The hidden marker that makes posting idempotent: one review per head commit (and per re-run asked from the
 * dashboard or a command), whatever retries happen. It also tells the next review which commit was reviewed last.
 */
export function reviewMarker(headSha: string, run?: string): string {
  return run ? `<!-- revue:review sha=${headSha} run=${run} -->` : `<!-- revue:review sha=${headSha} -->`
}

/** The head commit a Revue review's marker names, if the text holds one. */
export function markedSha(body: string | null | undefined): string | undefined {
  return /<!-- revue:review sha=([0-9a-f]{40})(?: run=\S+)? -->/.exec(body ?? '')?.[1]
}

export interface ReviewBodyInput {
  headSha: string
  run?: string
  model: string
  summaries: string[]
  /** Findings not commented inline: outside the diff, below the severity threshold, or over the comment cap. */
  outside: Finding[]
  skipped: SkippedFile[]
  inlineCount: number
  tokens: { input: number, output: number }
  costUsd?: number
  /** Inline findings need at least this severity; less severe ones are folded away. */
  minSeverity?: Severity
  /** Set for an incremental review: the commit reviewed last, and whether the branch was force-pushed since. */
  since?: { sha: string, forced: boolean }
  /** GitHub Actions workflows the pull request changes, and whether the model saw them (`review_workflows`). */
  workflows?: string[]
  workflowsReviewed?: boolean
}

/** The review's body: summary, findings not commented inline, flagged workflows, skipped files, footer and marker. */
export function composeReviewBody(input: ReviewBodyInput): string {
  const scope = input.since
    ? `Changes since ${input.since.sha.slice(0, 7)}${input.since.forced ? ' (the branch was force-pushed: only lines that are new to the pull request were reviewed)' : ''}.\n\n`
    : ''
  const sections = [`### Revue review\n\n${scope}${input.summaries.filter(Boolean).join('\n\n') || 'No issues found in the reviewed changes.'}`]
  const minSeverity = input.minSeverity ?? 'low'
  const major = input.outside.filter(finding => atLeast(finding.severity, minSeverity))
  const minor = input.outside.filter(finding => !atLeast(finding.severity, minSeverity))
  if (major.length) {
    sections.push([
      '#### More findings',
      'These are not inline comments: GitHub only accepts comments on changed lines, and each review keeps to a few.',
      ..._capped(major, _finding),
    ].join('\n'))
  }
  if (minor.length) {
    sections.push([
      `<details><summary>${minor.length} lower-severity finding${minor.length === 1 ? '' : 's'} (below ${minSeverity})</summary>\n`,
      ..._capped(minor, _finding),
      '\n</details>',
    ].join('\n'))
  }
  if (input.workflows?.length) {
    sections.push([
      '#### GitHub Actions workflows changed',
      `${input.workflowsReviewed ? '' : 'Revue does not send workflow files to the model. '}They run with this repository's secrets, so review them by hand:`,
      ..._capped(input.workflows, path => `- \`${path}\``),
    ].join('\n'))
  }
  if (input.skipped.length) {
    sections.push([
      `<details><summary>${input.skipped.length} file${input.skipped.length === 1 ? '' : 's'} not reviewed</summary>\n`,
      ..._capped(input.skipped, file => `- \`${file.path}\`: ${file.reason}`),
      '\n</details>',
    ].join('\n'))
  }
  const { tokens } = input
  sections.push(`<sub>Revue reviewed ${input.headSha.slice(0, 7)} with ${input.model}: ${input.inlineCount} inline comment${input.inlineCount === 1 ? '' : 's'}, ${tokens.input} input / ${tokens.output} output tokens, ${formatCost(input.costUsd)}.</sub>`)
  sections.push(reviewMarker(input.headSha, input.run))
  return sections.join('\n\n')
}

function _finding(finding: Finding): string {
  return `- **${finding.severity}** \`${finding.path}\` ${finding.side === 'LEFT' ? 'old ' : ''}line ${finding.line}: ${finding.body.trim()}`
}

// GitHub refuses review bodies over 65,536 characters; long lists are cut with a count of the rest.
const MAX_LISTED = 50

function _capped<T>(items: T[], format: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map(format)
  if (items.length > MAX_LISTED) lines.push(`- …and ${items.length - MAX_LISTED} more`)
  return lines
}
