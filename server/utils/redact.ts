/** Credentials by their published formats (as secret scanners such as gitleaks know them). */
export const SECRET_FORMATS: Array<{ kind: string, pattern: RegExp }> = [
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g },
  { kind: 'Stripe key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'OpenAI or Anthropic key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/g },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: 'password in a URL', pattern: /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s:@]{3,}(?=@)/gi },
]

// Defence in depth for logs: whatever a line holds, these never reach the output.
const LOG_SECRETS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  ...SECRET_FORMATS.map(format => format.pattern),
  /\b(bearer|token)\s+[A-Za-z0-9._~+/-]{20,}=*/gi,
]

/** Replaces private keys, known token formats, passwords in URLs and bearer credentials with `[redacted]`. */
export function redactSecrets(text: string): string {
  return LOG_SECRETS.reduce((result, pattern) => result.replace(pattern, '[redacted]'), text)
}
