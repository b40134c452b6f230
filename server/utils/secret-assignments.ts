import type { SecretRange } from './redact'

// Values assigned to secret-sounding names, the one generic rule besides token formats (server/utils/redact.ts). Its
// patterns run on untrusted text and are linear too (tests/unit/utils/linear.test.ts).

// A name holding a secret-sounding word as its last word (`DB_PASSWORD`, `aws_secret_access_key`, `apiKey`,
// `spring.datasource.password`), an optional type (`apiKey: string =`), a connector, then the value. The match can
// start only at the start of a name and the value is taken greedily with nothing required after it, so a failed
// attempt never rescans the text of another.
const ASSIGNMENT = /(?<![\w.-])([\w.-]{0,60}?(?:secret|passw(?:or)?d|pwd|token|api[_.-]?key|private[_.-]?key|access[_.-]?key)(?:[_.-]?(?:key|value|b64|base64|str|string))?\d{0,3})(?![\w.-])(["'`]?\]?)[ \t]{0,20}(?::[ \t]{0,20}[\w.<>[\]|?]{1,40}[ \t]{0,20}(?==[ \t]{0,20}["'`]))?(=>|:=|=|:|,)[ \t]{0,20}("[^"\n]{0,4096}"?|'[^'\n]{0,4096}'?|`[^`\n]{0,4096}`?|[^\s"'`]{1,4096})/gi

// References, templates and placeholders, not secrets: `${DB_PASSWORD}`, `process.env.X`, `os.environ[...]`,
// `<your-token>`, `changeme`, `xxxxxxxx`, paths and URLs (a password inside a URL has its own pattern).
const REFERENCE = /^(?:\$|%|&|\*|!|#\{|\{\{|\{%|\/|\.{1,2}\/|~\/|[a-z][a-z0-9+.-]{0,30}:\/\/)|process\.env|import\.meta\.env|os\.environ|getenv|environ\b|\benv\(|\bENV\[|secrets\.|vault:|\barn:|op:\/\/|[()[\]{}]|<[^<>]{0,4096}>/i
const PLACEHOLDER = /change[_-]?me|placeholder|example|your[_-]|dummy|redacted|xxx|\*\*\*|\.\.\.|…|replace[_-]?me|_here\b|^(?:none|null|nil|undefined|true|false|password|secret|token)$/i
const VERSION = /^[\^~<>=v]{0,3}\d{1,9}\.\d/
const DOTTED_NAME = /^[A-Za-z_$][\w$]{0,255}(?:\.[A-Za-z_$][\w$]{0,255}){1,20}$/

/**
 * Values assigned to secret-sounding names, in the syntax of .env, YAML, JSON, TOML, INI, properties, shell,
 * Python, JS/TS, Go and Java. `code: true` (a source file) takes only quoted values: unquoted there is an expression.
 */
export function findAssignedSecrets(text: string, options: { code?: boolean } = {}): SecretRange[] {
  const ranges: SecretRange[] = []
  for (const match of text.matchAll(ASSIGNMENT)) {
    const [whole, , quotedName = '', connector, raw = ''] = match
    const quote = '"\'`'.includes(raw[0] ?? '') ? raw[0] : ''
    if (connector === ',' && !quotedName) continue
    if (!quote && options.code) continue
    const value = quote ? raw.slice(1, raw.endsWith(quote) && raw.length > 1 ? -1 : undefined) : _trimTrailing(raw)
    if (!isSecretValue(value)) continue
    const start = match.index + whole.length - raw.length + (quote ? 1 : 0)
    ranges.push({ kind: 'credential', start, end: start + value.length })
  }
  return ranges
}

/** Whether a value assigned to a secret-sounding name looks like a real secret: 8+ characters, not a reference. */
export function isSecretValue(value: string): boolean {
  if (value.length < 8 || /\s/.test(value)) return false
  if (REFERENCE.test(value) || PLACEHOLDER.test(value) || VERSION.test(value) || DOTTED_NAME.test(value)) return false
  const letters = /[a-z]/i.test(value)
  if (letters && (/\d/.test(value) || /[^\w./-]/.test(value))) return true
  // Letters only: a random string changes case often, a word or an identifier (`userPassword`) rarely.
  let changes = 0
  for (let index = 1; index < value.length && changes < 4; index++) {
    if (_isUpper(value[index]!) !== _isUpper(value[index - 1]!)) changes++
  }
  return changes >= 4
}

function _isUpper(char: string): boolean {
  return char >= 'A' && char <= 'Z'
}

function _trimTrailing(value: string): string {
  let end = value.length
  while (end > 0 && ',;)}]'.includes(value[end - 1]!)) end--
  return value.slice(0, end)
}
