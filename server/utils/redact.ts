// Defence in depth: whatever a log line holds, these never reach the output.
const SECRETS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\b(bearer|token)\s+[A-Za-z0-9._~+/-]{20,}=*/gi,
]

/** Replaces private keys, GitHub tokens, Google API keys and bearer credentials with `[redacted]`. */
export function redactSecrets(text: string): string {
  return SECRETS.reduce((result, pattern) => result.replace(pattern, '[redacted]'), text)
}
