import { setImmediate as nextTurn } from 'node:timers/promises'
import { lintSource } from '@secretlint/core'
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend'
import { findSecrets, type SecretRange } from '../utils/redact'

type LintConfig = Parameters<typeof lintSource>[0]['options']['config']
type LintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number]

/** One text to scan, line by line: a file of the diff (with its path) or the title, the description… */
export interface ScanSource {
  path?: string
  lines: string[]
}

// secretlint's recommended rules (the maintained part), with three changes: AWS access key ids are reported too, a
// `secretlint-disable` comment in the pull request cannot switch detection off, and GitHub tokens are left to Revue's
// own pattern (SECRET_FORMATS), since the rule's installation-token pattern may start inside a run of token characters
// and rescan up to 1,000 characters from each: 2.5 s per MB of `_ghs_1_` repeated. The rules are listed one by one
// because secretlint 13 ignores `disabled` on a rule inside a preset.
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments', '@secretlint/secretlint-rule-github'])
const CONFIG: LintConfig = {
  rules: recommendedRules.filter(rule => !SKIPPED_RULES.has(rule.meta.id)).map(rule => ({
    id: rule.meta.id,
    rule,
    options: rule.meta.id === '@secretlint/secretlint-rule-aws' ? { enableIDScanRule: true } : {},
  })),
}
// One secretlint call costs ~0.25 ms before it reads a byte, so files are scanned together, a batch at a time, and the
// event loop gets a turn between batches. Files whose name changes which rules apply are scanned on their own.
const BATCH_CHARS = 256 * 1024
const NAMED = /(?:^|\/)(?:package\.json|package-lock\.json|\.npmrc|[^/]{1,255}\.json)$/
const CODE = /\.(?:[cm]?[jt]sx?|vue|svelte|py|go|java|kt|kts|scala|groovy|rb|php|cs|rs|swift|c|cc|cpp|h|hpp|m|mm|dart|lua|ex|exs|erl|clj|fs|hs|ml|r|pl|pm)$/i

/**
 * The secrets in each line of each source, found by secretlint's recommended rules and Revue's fast patterns
 * (token formats and values assigned to secret-sounding names): `ranges[source][line]`. Lines must already be cut
 * to a bounded length: every pattern's cost grows with it.
 */
export async function scanSources(sources: ScanSource[]): Promise<SecretRange[][][]> {
  const ranges: SecretRange[][][] = sources.map(() => [])
  const batches: number[][] = []
  let batch: number[] = []
  let size = 0
  sources.forEach((source, index) => {
    if (source.path && NAMED.test(source.path)) return batches.push([index])
    batch.push(index)
    size += source.lines.reduce((sum, line) => sum + line.length + 1, 0)
    if (size >= BATCH_CHARS) {
      batches.push(batch)
      batch = []
      size = 0
    }
  })
  if (batch.length) batches.push(batch)
  for (const indexes of batches) {
    for (const index of indexes) {
      const { path, lines } = sources[index]!
      ranges[index] = lines.map(line => findSecrets(line, { code: !!path && CODE.test(path) }))
    }
    await _lintBatch(indexes.map(index => sources[index]!), indexes.map(index => ranges[index]!))
    await nextTurn()
  }
  return ranges
}

// The batch is one text: each line's offset maps a reported range back to its line (ranges may span lines).
async function _lintBatch(sources: ScanSource[], into: SecretRange[][][]): Promise<void> {
  const starts: Array<{ source: number, line: number, offset: number }> = []
  let content = ''
  sources.forEach((source, index) => source.lines.forEach((line, number) => {
    starts.push({ source: index, line: number, offset: content.length })
    content += `${line}\n`
  }))
  if (!content) return
  const path = sources.length === 1 && sources[0]!.path ? sources[0]!.path : 'diff.txt'
  // The GCP rule reads a `.p12` file from disk by its path: a path from a pull request must never be opened.
  const ext = path.endsWith('.p12') ? '.txt' : path.slice(path.lastIndexOf('.'))
  const result = await lintSource({ source: { content, filePath: path, ext, contentType: 'text' }, options: { config: CONFIG, noPhysicFilePath: true } })
  for (const message of result.messages) {
    const [from, to] = _secretRange(content, message)
    const kind = /^found ([^:]{1,80}):/.exec(message.message)?.[1] ?? message.ruleId.replace('@secretlint/secretlint-rule-', '')
    let index = _lineAt(starts, from)
    while (index < starts.length && starts[index]!.offset < to) {
      const { source, line, offset } = starts[index]!
      const length = sources[source]!.lines[line]!.length
      into[source]![line]!.push({ kind, start: Math.max(0, from - offset), end: Math.min(length, to - offset) })
      index++
    }
  }
}

// Some rules report the whole match (AWS: the name and the first 40 characters) rather than the secret: the secret is
// the value in the message's data, looked for where the range starts.
function _secretRange(content: string, message: LintMessage): [number, number] {
  const [from, to] = message.range
  const window = content.slice(from, to + 4096)
  for (const value of Object.values(message.data ?? {})) {
    if (typeof value !== 'string' || value.length < 8) continue
    const at = window.indexOf(value)
    if (at !== -1 && at <= to - from) return [from + at, from + at + value.length]
  }
  return [from, to]
}

function _lineAt(starts: Array<{ offset: number }>, offset: number): number {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (starts[middle]!.offset <= offset) low = middle
    else high = middle - 1
  }
  return low
}
