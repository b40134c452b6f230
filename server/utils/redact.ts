import { findAssignedSecrets } from './secret-assignments'

// Every pattern here runs on text a pull request author chooses, so each must stay linear in the text's length: a
// match may only start where a token starts (a lookbehind on the token's own characters, never `\b` inside a run),
// every repetition is bounded, and nothing repeated can be matched two ways (tests/unit/utils/linear.test.ts).

/** Credentials by their published formats (as secret scanners such as gitleaks know them). */
export const SECRET_FORMATS: Array<{ kind: string, pattern: RegExp }> = [
  { kind: 'AWS access key', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g },
  { kind: 'GitHub token', pattern: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_\w{22,255}|ghs_\d{1,20}_[\w-]{1,1000}\.[\w-]{1,10000}\.[\w-]{1,1000})(?![\w-])/g },
  { kind: 'Google API key', pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g },
  { kind: 'Slack token', pattern: /(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,255}/g },
  { kind: 'Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]{1,255}/g },
  { kind: 'Stripe key', pattern: /(?<![\w-])[rs]k_(?:live|test)_[A-Za-z0-9]{16,255}/g },
  { kind: 'OpenAI or Anthropic key', pattern: /(?<![\w-])sk-(?:proj-|ant-)?[\w-]{32,255}/g },
  { kind: 'npm token', pattern: /(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w-])/g },
  { kind: 'JSON Web Token', pattern: /(?<![\w-])eyJ[\w-]{10,4096}\.eyJ[\w-]{10,4096}\.[\w-]{10,4096}/g },
  { kind: 'password in a URL', pattern: /(?<=[a-z][a-z0-9+.-]{0,30}:\/\/[^/\s:@]{1,256}:)[^/\s:@]{3,256}(?=@)/gi },
]

export interface SecretRange {
  kind: string
  start: number
  end: number
}

/** Every secret the fast patterns find in `text`: known formats and assigned secrets, as ranges. */
export function findSecrets(text: string, options: { code?: boolean } = {}): SecretRange[] {
  const ranges: SecretRange[] = []
  for (const { kind, pattern } of SECRET_FORMATS) {
    for (const match of text.matchAll(pattern)) ranges.push({ kind, start: match.index, end: match.index + match[0].length })
  }
  return [...ranges, ...findAssignedSecrets(text, options)]
}

/** The ranges without overlaps, in order: of two that overlap, the one that starts first (or is longer) stays and grows. */
export function mergeRanges(ranges: SecretRange[]): SecretRange[] {
  const merged: SecretRange[] = []
  for (const range of [...ranges].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged.at(-1)
    if (last && range.start < last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

/** Replaces the ranges (overlapping or not) with `replace(kind)`, keeping the text between them. */
export function replaceRanges(text: string, ranges: SecretRange[], replace: (kind: string) => string): string {
  let result = ''
  let at = 0
  for (const range of mergeRanges(ranges)) {
    result += text.slice(at, range.start) + replace(range.kind)
    at = range.end
  }
  return result + text.slice(at)
}

// Defence in depth for logs: whatever a line holds, these never reach the output. An unterminated key block is
// redacted to the end of the line, and the lazy scan always succeeds, so no other BEGIN rescans the same text.
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g
const BEARER = /(?<![\w-])(?:bearer|token)[ \t]{1,20}[\w.~+/-]{20,4096}={0,3}/gi

/**
 * Replaces private keys, known token formats, passwords in URLs, bearer credentials and values assigned to
 * secret-sounding names with `[redacted]`. Synchronous and linear in the line's length: it runs on every log line.
 */
export function redactSecrets(text: string): string {
  const ranges = findSecrets(text)
  for (const pattern of [PRIVATE_KEY_BLOCK, BEARER]) {
    for (const match of text.matchAll(pattern)) ranges.push({ kind: 'secret', start: match.index, end: match.index + match[0].length })
  }
  return ranges.length ? replaceRanges(text, ranges, () => '[redacted]') : text
}
