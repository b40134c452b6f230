import { VerdictsSchema, type Finding } from '#shared/schemas/review'
import { pluralize } from '#shared/utils/plural'
import type { JobLogger } from '../jobs/log'
import { providerLabel } from '../models/choice'
import type { ModelClient } from '../models/provider'
import type { DiffFile } from './chunk'
import { renderHunk } from './diff'
import type { Tokens } from '#shared/schemas/job'
import { askModel } from './model'
import { partName, type Part } from './parts'
import { salvageVerdicts } from './salvage'
import { buildVerifyPrompt, VERIFY_INSTRUCTION } from './prompt'

const EXCERPT_ROWS = 6

export interface VerifyInput {
  client: ModelClient
  log: JobLogger
  model: string
  maxOutputTokens: number
  minConfidence: number
  /** The part whose findings these are: named in the logs, and stopped when another part fails. */
  part: Part
}

/**
 * The second pass, for one part's findings: the model re-reads each finding against the diff lines around it, and
 * findings it rejects or doubts (below `minConfidence`) are dropped. A finding the model gives no verdict for is kept.
 */
export async function verifyFindings(findings: Finding[], files: DiffFile[], input: VerifyInput): Promise<{ kept: Finding[], tokens: Tokens }> {
  if (!findings.length) return { kept: findings, tokens: { input: 0, output: 0 } }
  const byPath = new Map(files.map(file => [file.path, file]))
  const items = findings.map(finding => ({ finding, excerpt: excerpt(byPath.get(finding.path), finding) }))
  const { part } = input
  await input.log.info(`Asking ${input.model} to double-check ${pluralize(findings.length, 'finding')} of ${partName(part)}`)
  const label = providerLabel(input.client.provider)
  const { answer, dropped, tokens } = await askModel(input.client, {
    model: input.model,
    system: VERIFY_INSTRUCTION,
    prompt: buildVerifyPrompt(items),
    maxOutputTokens: input.maxOutputTokens,
    schema: VerdictsSchema,
    read: salvageVerdicts,
    signal: part.signal,
  }, reason => input.log.warn(`${label}'s second-pass answer about ${partName(part)} was unusable, asking once more: ${reason}`))
  for (const reason of dropped) await input.log.warn(`Left out of ${label}'s second-pass answer about ${partName(part)}: ${reason}`)
  const verdicts = new Map(answer.verdicts.map(verdict => [verdict.index, verdict]))
  const kept = findings.filter((_, index) => {
    const verdict = verdicts.get(index)
    return !verdict || (verdict.keep && verdict.confidence >= input.minConfidence)
  })
  if (kept.length < findings.length) await input.log.info(`The second pass dropped ${pluralize(findings.length - kept.length, 'doubtful finding')} of ${partName(part)}`)
  return { kept, tokens }
}

/** The rendered diff rows around a finding's line, or a note when the line is not in the diff. */
export function excerpt(file: DiffFile | undefined, finding: Finding): string {
  const prefix = `${finding.side === 'LEFT' ? 'L' : 'R'}${finding.line} `
  for (const hunk of file?.hunks ?? []) {
    const rows = renderHunk(hunk).split('\n').slice(1)
    const at = rows.findIndex(row => row.startsWith(prefix))
    if (at >= 0) return rows.slice(Math.max(0, at - EXCERPT_ROWS), at + EXCERPT_ROWS + 1).join('\n')
  }
  return '(this line is not in the diff)'
}
