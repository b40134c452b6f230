import { SEVERITIES, type Finding, type Severity } from '#shared/schemas/review'

// Comments that only compliment or agree: Revue never posts them. One that goes on to a problem is not praise.
// (`[^.!?]*` and the trailing blanks must not overlap: a model's answer could make the match quadratic.)
const PRAISE = /^\s*(?:great|nice|good|excellent|well done|looks good|lgtm|love|clean|neat|awesome|thanks)\b[^.!?]*(?:[.!?]\s*)?$/i
const PROBLEM = /\b(?:but|however|although|should|could|must|bug|leak|error|fail|missing|instead|consider|wrong|break)/i

function _isPraise(body: string): boolean {
  return PRAISE.test(body) && !PROBLEM.test(body)
}

/** Whether `severity` is at least as severe as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold)
}

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (b.confidence ?? 1) - (a.confidence ?? 1)
}

export interface NoiseOptions {
  minConfidence: number
  /** The keys (memory.ts) of every finding Revue already reported on the pull request, inline or listed. */
  reported: Set<string>
  key: (finding: Finding) => string
}

/**
 * The findings worth a reader's time: confident enough, not praise, and not on a line where Revue already reported
 * a finding, while that line is unchanged.
 */
export function dropNoise(findings: Finding[], options: NoiseOptions): { kept: Finding[], dropped: { doubtful: number, praise: number, repeated: number } } {
  const dropped = { doubtful: 0, praise: 0, repeated: 0 }
  const kept = findings.filter((finding) => {
    if ((finding.confidence ?? 1) < options.minConfidence) dropped.doubtful++
    else if (_isPraise(finding.body)) dropped.praise++
    else if (options.reported.has(options.key(finding))) dropped.repeated++
    else return true
    return false
  })
  return { kept, dropped }
}

/**
 * Splits placeable findings into the inline comments (at least `minSeverity`, the most severe first, at most
 * `maxComments`) and the rest, which the summary lists.
 */
export function capComments(findings: Finding[], options: { minSeverity: Severity, maxComments: number }): { inline: Finding[], listed: Finding[] } {
  const ordered = [...findings].sort(bySeverity)
  const eligible = ordered.filter(finding => atLeast(finding.severity, options.minSeverity))
  const inline = eligible.slice(0, options.maxComments)
  return { inline, listed: ordered.filter(finding => !inline.includes(finding)) }
}

/** The most severe level among the findings, if any. */
export function highestSeverity(findings: Finding[]): Severity | undefined {
  return [...findings].sort(bySeverity)[0]?.severity
}
