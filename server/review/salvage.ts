import { FindingSchema, SEVERITIES, type Finding, type ModelReview, type Verdicts } from '#shared/schemas/review'

/**
 * What a model's answer still holds when it strays from the schema, whichever provider gave it: JSON wrapped in prose
 * or a code fence, enums in another case, a confidence on a 0-10 or 0-100 scale, numbers sent as strings. Each
 * finding stands alone: one that cannot be read is dropped with its reason, and the rest are kept.
 */

export type Salvaged<T> = { answer: T, dropped: string[] } | { reason: string }

/** The JSON value an answer holds: the whole text, else a fenced block, else the outermost `{...}` in it. */
export function readJson(text: string): unknown {
  const candidates = [text, ...[...text.matchAll(/```[\w-]*\s*\n([\s\S]*?)```/g)].map(match => match[1]!)]
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1))
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate)
    }
    catch {
      // The next candidate may be the JSON.
    }
  }
  return undefined
}

/** A review answer: usable when it has a summary or a findings list; each finding is kept, coerced or dropped. */
export function salvageReview(json: unknown): Salvaged<ModelReview> {
  if (!_isObject(json)) return { reason: 'the answer holds no JSON object' }
  const { summary, comments } = json
  if (typeof summary !== 'string' && !Array.isArray(comments)) return { reason: 'the answer has neither a summary nor a findings list' }
  const findings: Array<Finding & { confidence: number }> = []
  const dropped: string[] = []
  for (const [index, raw] of (Array.isArray(comments) ? comments : []).entries()) {
    const finding = salvageFinding(raw)
    if ('reason' in finding) dropped.push(`finding ${index + 1}${_where(raw)}: ${finding.reason}`)
    else findings.push(finding.finding)
  }
  return { answer: { summary: typeof summary === 'string' ? summary : '', comments: findings }, dropped }
}

/** One finding as the schema wants it, or why it cannot be. */
export function salvageFinding(raw: unknown): { finding: Finding & { confidence: number } } | { reason: string } {
  if (!_isObject(raw)) return { reason: 'not an object' }
  const path = typeof raw.path === 'string' ? raw.path.trim() : ''
  if (!path) return { reason: 'no path' }
  const line = _number(raw.line)
  if (line === undefined || !Number.isInteger(line) || line < 1) return { reason: raw.line === undefined ? 'no line' : `line ${_show(raw.line)} is not a line number` }
  // A finding without a side is about the new code, as nearly all are.
  const side = raw.side === undefined ? 'RIGHT' : _enum(raw.side, ['LEFT', 'RIGHT'] as const)
  if (!side) return { reason: `side ${_show(raw.side)} is neither LEFT nor RIGHT` }
  const severity = _enum(raw.severity, SEVERITIES)
  if (!severity) return { reason: `severity ${_show(raw.severity)} is not one of ${SEVERITIES.join(', ')}` }
  const confidence = salvageConfidence(raw.confidence)
  if (confidence === undefined) return { reason: `confidence ${_show(raw.confidence)} is not a number from 0 to 1 (or 0-10, 0-100)` }
  if (typeof raw.body !== 'string' || !raw.body.trim()) return { reason: 'no text' }
  const suggestion = typeof raw.suggestion === 'string' ? { suggestion: raw.suggestion } : {}
  const parsed = FindingSchema.safeParse({ path, line, side, severity, confidence, body: raw.body, ...suggestion })
  if (!parsed.success) return { reason: parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ') }
  return { finding: { ...parsed.data, confidence } }
}

/** The second pass's verdicts: usable with a verdicts list; a verdict that cannot be read is dropped (its finding stays). */
export function salvageVerdicts(json: unknown): Salvaged<Verdicts> {
  if (!_isObject(json) || !Array.isArray(json.verdicts)) return { reason: 'the answer has no verdicts list' }
  const verdicts: Verdicts['verdicts'] = []
  const dropped: string[] = []
  for (const [position, raw] of json.verdicts.entries()) {
    const index = _isObject(raw) ? _number(raw.index) : undefined
    const keep = _isObject(raw) ? _boolean(raw.keep) : undefined
    const confidence = _isObject(raw) ? salvageConfidence(raw.confidence) : undefined
    if (index === undefined || !Number.isInteger(index) || index < 0 || keep === undefined || confidence === undefined) dropped.push(`verdict ${position + 1}: ${_show(raw)} is not an index, keep and confidence`)
    else verdicts.push({ index, keep, confidence })
  }
  return { answer: { verdicts }, dropped }
}

/** A confidence from 0 to 1; above 1, read on a 0-10 scale up to 10 and a 0-100 scale up to 100; `90%` is 0.9. */
export function salvageConfidence(value: unknown): number | undefined {
  const percent = typeof value === 'string' && value.trim().endsWith('%')
  const number = _number(percent ? (value as string).trim().slice(0, -1) : value)
  if (number === undefined || number < 0) return undefined
  if (percent) return number <= 100 ? number / 100 : undefined
  if (number <= 1) return number
  if (number <= 10) return number / 10
  return number <= 100 ? number / 100 : undefined
}

function _number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string' || !value.trim()) return undefined
  const number = Number(value.trim())
  return Number.isFinite(number) ? number : undefined
}

function _boolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined
  return text === 'true' ? true : text === 'false' ? false : undefined
}

function _show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

function _enum<T extends string>(value: unknown, options: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined
  return options.find(option => option.toLowerCase() === value.trim().toLowerCase())
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function _where(raw: unknown): string {
  if (!_isObject(raw) || typeof raw.path !== 'string') return ''
  return ` (${raw.path}${raw.line === undefined ? '' : `:${String(raw.line)}`})`
}
