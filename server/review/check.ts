import { SEVERITIES, type Finding, type Severity } from '#shared/schemas/review'
import type { CheckAnnotation, CheckOutcome } from '../forges/forge'
import { atLeast, bySeverity, highestSeverity } from './noise'

type Conclusion = CheckOutcome['conclusion']

/**
 * The conclusion follows the most severe finding: success with none, failure when it reaches `failOn`,
 * neutral otherwise (the default, `failOn: none`, never fails).
 */
export function checkConclusion(findings: Finding[], failOn: Severity | 'none'): { conclusion: Conclusion, title: string } {
  const highest = highestSeverity(findings)
  if (!highest) return { conclusion: 'success', title: 'No issues found' }
  const counts = SEVERITIES
    .map(severity => [severity, findings.filter(finding => finding.severity === severity).length] as const)
    .filter(([, count]) => count)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
  const title = `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts}`
  return { conclusion: failOn !== 'none' && atLeast(highest, failOn) ? 'failure' : 'neutral', title }
}

/** The findings on the new file's lines as annotations, most severe first; failures when the check fails on them. */
export function checkAnnotations(findings: Finding[], conclusion: Conclusion, failOn: Severity | 'none'): CheckAnnotation[] {
  return findings
    .filter(finding => finding.side === 'RIGHT')
    .sort(bySeverity)
    .map(finding => ({
      path: finding.path,
      line: finding.line,
      level: _level(finding.severity, conclusion, failOn),
      title: `${finding.severity} finding`,
      message: finding.body.trim(),
    }))
}

function _level(severity: Severity, conclusion: Conclusion, failOn: Severity | 'none'): CheckAnnotation['level'] {
  if (conclusion === 'failure' && failOn !== 'none' && atLeast(severity, failOn)) return 'failure'
  return atLeast(severity, 'high') ? 'warning' : 'notice'
}
