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
 * `&` are entities (no HTML comment, tag or entity trick) and a heading or a setext underline is escaped (no forged section); a fence the
 * answer leaves open is closed, so nothing after it turns into code.
 */
export function modelMarkdown(text: string): string {
  let open: string | undefined
  const lines = text.split(/\r?\n/).map((line) => {
    const fence = FENCE.exec(line)?.[1]
    if (open) {
      if (fence && fence[0] === open[0] && fence.length >= open.length && !line.trim().slice(fence.length).trim()) open = undefined
      return line
    }
    if (fence && !(fence[0] === '`' && line.trim().slice(fence.length).includes('`'))) {
      open = fence
      return line
    }
    return _defuseLine(line)
  })
  if (open) lines.push(open)
  return lines.join('\n')
}

function _defuseLine(line: string): string {
  // Code spans stay verbatim (GitHub shows `<!--` inside one as text); the text between them is escaped.
  const parts = line.split(/(`+)/)
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
