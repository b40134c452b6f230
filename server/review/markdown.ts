/**
 * Untrusted text (file paths, model answers, names from the pull request) as Revue writes it into a review, a
 * comment or a check run: it cannot open an HTML comment, raw HTML or a heading, and cannot run past its place.
 */

/** Text as a code span, shown verbatim: a fence longer than any backtick run inside, on one line. */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ')
  const fence = '`'.repeat(Math.max(1, ...[...flat.matchAll(/`+/g)].map(match => match[0].length + 1)))
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** Text as a fenced code block, shown verbatim: the fence is longer than any backtick run inside. */
export function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map(match => match[0].length + 1)))
  return `${fence}\n${text}\n${fence}`
}

/** Plain text on one line, inside a line: the characters that could open code, emphasis, a link, a table cell or HTML are escaped. */
export function plainText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&')
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * A model's Markdown, kept readable (code fences, code spans, emphasis, lists) but defused: outside code, `<` and
 * `&` are entities (no HTML comment, tag or entity trick), and a heading or a setext underline is escaped (no forged
 * section). Each code fence is written after a blank line at the start of its line, whatever the text around it (a
 * label, a list item) and however the model indented it, so GitHub sees the fence exactly where this function does;
 * a fence the answer leaves open is closed.
 */
export function modelMarkdown(text: string): string {
  const out: string[] = []
  let open: { fence: string, indent: number } | undefined
  for (const line of text.split(/\r?\n/)) {
    const fence = FENCE.exec(line)?.[1]
    if (open) {
      if (fence && fence[0] === open.fence[0] && fence.length >= open.fence.length && !line.trim().slice(fence.length).trim()) {
        out.push(open.fence)
        open = undefined
      }
      else {
        // GitHub strips up to the opening fence's indentation from each line inside it.
        out.push(line.replace(new RegExp(`^ {0,${open.indent}}`), ''))
      }
      continue
    }
    if (fence && !(fence[0] === '`' && line.trim().slice(fence.length).includes('`'))) {
      open = { fence, indent: line.length - line.trimStart().length }
      if (!out.length || out.at(-1)!.trim()) out.push('')
      out.push(line.trimStart())
      continue
    }
    out.push(_defuseLine(line))
  }
  if (open) out.push(open.fence)
  return out.join('\n')
}

function _defuseLine(line: string): string {
  // Code spans stay verbatim (GitHub shows `<!--` inside one as text); the text between them is escaped. A backtick
  // after a backslash opens no code span.
  const parts = line.split(/((?<!\\)`+)/)
  let out = ''
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!
    const closing = part.startsWith('`') ? parts.indexOf(part, index + 1) : -1
    if (closing > index) {
      out += parts.slice(index, closing + 1).join('')
      index = closing
    }
    else {
      out += part.startsWith('`') ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;')
    }
  }
  // A heading, or a line that would underline the one above into a heading.
  return out.replace(/^(\s{0,3})#/, '$1\\#').replace(/^(\s{0,3})(?=(?:=+|-+)\s*$)/, '$1\\')
}
