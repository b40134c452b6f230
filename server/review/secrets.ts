import type { Finding } from '#shared/schemas/review'
import { SECRET_FORMATS } from '../utils/redact'
import type { DiffFile } from './chunk'

// `api_key = "…"`, `password: '…'`: redacted when the value looks random, not like a placeholder.
const ASSIGNED = /\b(?:api[_-]?key|secret|token|passw(?:or)?d|client[_-]?secret|access[_-]?key|auth)\w*["']?\s*[:=]\s*["']([^"'\s]{16,})["']/gi
const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/
const PRIVATE_KEY_END = /-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/

export interface SecretHit {
  kind: string
  path?: string
  /** The line in the new file, when the secret is on an added line. */
  line?: number
}

/** Replaces likely secrets in one piece of text with `[REDACTED <kind>]` and says what it found. */
export function redactText(text: string): { text: string, kinds: string[] } {
  const kinds: string[] = []
  let redacted = text
  for (const { kind, pattern } of SECRET_FORMATS) {
    redacted = redacted.replace(pattern, () => {
      kinds.push(kind)
      return `[REDACTED ${kind}]`
    })
  }
  redacted = redacted.replace(ASSIGNED, (match, value: string) => {
    if (!_looksRandom(value)) return match
    kinds.push('credential')
    return match.replace(value, '[REDACTED credential]')
  })
  return { text: redacted, kinds }
}

/**
 * Redacts the diff before it is sent to the model: known token formats, random-looking values assigned to
 * secret-sounding names, and whole private-key blocks. Each hit on an added line is returned with its place.
 */
export function redactDiff(files: DiffFile[]): { files: DiffFile[], hits: SecretHit[] } {
  const hits: SecretHit[] = []
  const redacted = files.map((file) => {
    let inKey = false
    return {
      ...file,
      hunks: file.hunks.map(hunk => ({
        ...hunk,
        lines: hunk.lines.map((line) => {
          const begins = PRIVATE_KEY_BEGIN.test(line.text)
          if (begins || inKey) {
            inKey = !PRIVATE_KEY_END.test(line.text)
            if (begins && line.kind === '+') hits.push({ kind: 'private key', path: file.path, line: line.newLine })
            return { ...line, text: '[REDACTED private key]' }
          }
          const { text, kinds } = redactText(line.text)
          if (line.kind === '+') hits.push(...kinds.map(kind => ({ kind, path: file.path, line: line.newLine })))
          return kinds.length ? { ...line, text } : line
        }),
      })),
    }
  })
  return { files: redacted, hits }
}

/** A committed credential is a finding of its own, made here rather than by the model (which never sees it). */
export function secretFindings(hits: SecretHit[]): Finding[] {
  const seen = new Set<string>()
  return hits.filter(hit => hit.path && hit.line).flatMap((hit) => {
    const key = `${hit.path}:${hit.line}`
    if (seen.has(key)) return []
    seen.add(key)
    return [{
      path: hit.path!,
      line: hit.line!,
      side: 'RIGHT' as const,
      severity: 'critical' as const,
      confidence: 1,
      body: `This line appears to contain a ${hit.kind}. Revue redacted it before the review; if it is a real credential, revoke it now and load it from a secret store or an environment variable instead.`,
    }]
  })
}

// Placeholders (`your-api-key-here`, `${API_KEY}`, `xxxxxxxx…`) are not secrets: a secret mixes letters and digits
// and has high entropy.
function _looksRandom(value: string): boolean {
  if (/^\$\{?|^<.*>$|^%\w+%$|process\.env|your|example|changeme|placeholder|dummy|redacted/i.test(value)) return false
  if (!/[a-z]/i.test(value) || !/\d/.test(value)) return false
  const counts = new Map<string, number>()
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1)
  const entropy = [...counts.values()].reduce((sum, count) => sum - (count / value.length) * Math.log2(count / value.length), 0)
  return entropy >= 3.5
}
