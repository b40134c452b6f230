// The small shared vocabulary of the fake's state: ids, times, keys and credentials as GitHub spells them.
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export const HTML_URL = 'https://github.com'

export function isoSeconds(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}

export function numericId(text: string, base = 1_000_000): number {
  return base + Number.parseInt(sha1(text).slice(0, 7), 16)
}

export function randomToken(prefix: string, length = 36): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return prefix + Array.from(randomBytes(length), byte => alphabet[byte % alphabet.length]).join('')
}

export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase()
}

export function pullKey(owner: string, repo: string, number: number): string {
  return `${repoKey(owner, repo)}#${number}`
}

export function bearer(headers: IncomingHttpHeaders): { scheme: string, credential: string } | undefined {
  const match = /^(\w+)\s+(\S+)\s*$/.exec(headers.authorization ?? '')
  return match ? { scheme: (match[1] ?? '').toLowerCase(), credential: match[2] ?? '' } : undefined
}
