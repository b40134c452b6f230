import type { SkippedFile } from '#shared/schemas/job'
import type { Finding, Severity } from '#shared/schemas/review'
import { formatCost } from '#shared/utils/cost'
import { codeSpan, modelMarkdown, plainText } from './markdown'
import { reviewMarker } from './markers'
import { findingsBlock } from './memory'
import { atLeast } from './noise'

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
  /** The keys of every finding this review reports, inline or listed, recorded so that no later review repeats them. */
  reported?: string[]
}

/**
 * The review's body: summary, findings not commented inline, flagged workflows, skipped files, footer, the keys of
 * the findings reported and the marker. Paths are code spans and model text is defused (see markdown.ts), so only
 * Revue writes the last two lines.
 */
export function composeReviewBody(input: ReviewBodyInput): string {
  const scope = input.since
    ? `Changes since ${input.since.sha.slice(0, 7)}${input.since.forced ? ' (the branch was force-pushed: only lines that are new to the pull request were reviewed)' : ''}.\n\n`
    : ''
  const sections = [`### Revue review\n\n${scope}${input.summaries.filter(Boolean).map(modelMarkdown).join('\n\n') || 'No issues found in the reviewed changes.'}`]
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
      ..._capped(input.workflows, path => `- ${codeSpan(path)}`),
    ].join('\n'))
  }
  if (input.skipped.length) {
    sections.push([
      `<details><summary>${input.skipped.length} file${input.skipped.length === 1 ? '' : 's'} not reviewed</summary>\n`,
      ..._capped(input.skipped, file => `- ${codeSpan(file.path)}: ${plainText(file.reason)}`),
      '\n</details>',
    ].join('\n'))
  }
  const { tokens } = input
  sections.push(`<sub>Revue reviewed ${input.headSha.slice(0, 7)} with ${input.model}: ${input.inlineCount} inline comment${input.inlineCount === 1 ? '' : 's'}, ${tokens.input} input / ${tokens.output} output tokens, ${formatCost(input.costUsd)}.</sub>`)
  const marker = reviewMarker(input.headSha, input.run)
  sections.push(`${findingsBlock((input.reported ?? []).slice(0, MAX_REMEMBERED))}\n${marker}`)
  return sections.join('\n\n')
}

function _finding(finding: Finding): string {
  // Continuation lines are indented so that the model's text stays inside its list item.
  const body = modelMarkdown(finding.body.trim()).replace(/\n/g, '\n  ')
  return `- **${finding.severity}** ${codeSpan(finding.path)} ${finding.side === 'LEFT' ? 'old ' : ''}line ${finding.line}: ${body}`
}

// GitHub refuses review bodies over 65,536 characters; long lists are cut with a count of the rest, and at most
// 1,000 findings (17 characters each, the most severe first) are recorded.
const MAX_LISTED = 50
const MAX_REMEMBERED = 1_000

function _capped<T>(items: T[], format: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map(format)
  if (items.length > MAX_LISTED) lines.push(`- …and ${items.length - MAX_LISTED} more`)
  return lines
}
