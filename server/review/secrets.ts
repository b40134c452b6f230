import type { Finding } from '#shared/schemas/review'
import { mergeRanges, replaceRanges } from '../utils/redact'
import type { DiffFile } from './chunk'
import { scanSources, type ScanSource } from './secret-scan'

/** Longer lines are cut before any pattern reads them (and the model sees only their beginning). */
export const MAX_LINE_CHARS = 4_096
const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY( BLOCK)?-----/
const PRIVATE_KEY_END = /-----END [A-Z ]{0,40}PRIVATE KEY( BLOCK)?-----/
const SEPARATORS = ' \t"\'`,;:=()[]{}<>'

export interface SecretHit {
  kind: string
  path?: string
  /** The line in the new file, when the secret is on an added line. */
  line?: number
}

export interface Redacted<T extends Record<string, string>> {
  files: DiffFile[]
  texts: T
  /** Secrets on added lines, each with its place: they become findings. */
  hits: SecretHit[]
  /** What was redacted from the texts (title, description…), by kind. */
  textKinds: string[]
  /** How many lines were longer than MAX_LINE_CHARS and cut. */
  cutLines: number
}

/**
 * Everything Revue sends a model, redacted: the diff (every line, and hunk headers, which carry a line of the file)
 * and the texts (title, description, instructions, style guide). Long lines are cut first; then whole private-key
 * blocks, secretlint's recommended rules, known token formats and values assigned to secret-sounding names are
 * replaced with `[REDACTED <kind>]`.
 */
export async function redactForModel<T extends Record<string, string>>(files: DiffFile[], texts: T): Promise<Redacted<T>> {
  let cutLines = 0
  const cut = (text: string) => {
    const line = cutLine(text)
    if (line !== text) cutLines++
    return line
  }
  const sources: ScanSource[] = [
    ...files.map(file => ({ path: file.path, lines: file.hunks.flatMap(hunk => [hunk.header, ...hunk.lines.map(line => line.text)]).map(cut) })),
    ...Object.values(texts).map(text => ({ lines: text.split('\n').map(cut) })),
  ]
  const ranges = await scanSources(sources)
  const hits: SecretHit[] = []
  const redactedFiles = files.map((file, index) => {
    const lines = sources[index]!.lines
    const found = ranges[index]!
    let row = 0
    let inKey = false
    const next = () => {
      const text = lines[row]!
      const secrets = found[row++]!
      const begins = PRIVATE_KEY_BEGIN.test(text)
      if (begins || inKey) {
        inKey = !PRIVATE_KEY_END.test(text)
        return { text: '[REDACTED private key]', kinds: begins ? ['private key'] : [] }
      }
      return { text: replaceRanges(text, secrets, kind => `[REDACTED ${kind}]`), kinds: [...new Set(mergeRanges(secrets).map(secret => secret.kind))] }
    }
    return {
      ...file,
      hunks: file.hunks.map(hunk => ({
        header: next().text,
        lines: hunk.lines.map((line) => {
          const { text, kinds } = next()
          if (line.kind === '+') hits.push(...kinds.map(kind => ({ kind, path: file.path, line: line.newLine })))
          return { ...line, text }
        }),
      })),
    }
  })
  const textKinds: string[] = []
  const redactedTexts = Object.fromEntries(Object.keys(texts).map((key, index) => {
    const source = files.length + index
    const lines = sources[source]!.lines.map((line, row) => {
      const secrets = ranges[source]![row]!
      textKinds.push(...mergeRanges(secrets).map(secret => secret.kind))
      return replaceRanges(line, secrets, kind => `[REDACTED ${kind}]`)
    })
    return [key, lines.join('\n')]
  })) as T
  return { files: redactedFiles, texts: redactedTexts, hits, textKinds: [...new Set(textKinds)], cutLines }
}

/**
 * A line cut to MAX_LINE_CHARS, back to the last separator so no token is cut in half (a secret's first half is
 * still a secret), with the number of characters left out.
 */
export function cutLine(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return text
  let end = MAX_LINE_CHARS
  while (end > 0 && !SEPARATORS.includes(text[end - 1]!)) end--
  return `${text.slice(0, end)}… [cut: ${(text.length - end).toLocaleString('en')} more characters]`
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
