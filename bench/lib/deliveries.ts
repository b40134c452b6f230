// Signed pull_request deliveries, a new head commit each, made cheaply: the load generator shares the 2 cores with the
// server it measures, so every microsecond it spends per request is taken from the server.
import { createHash, createHmac, randomUUID, type Hash } from 'node:crypto'
import { pullRequestPayload } from '../../tests/support/payloads'
import { SECRET } from './support'

const MARK = '@@HEAD_SHA@@'
const NUMBER_MARK = 918_273_645
// Every delivery is a pull request of its own: Revue debounces pushes to one pull request into one job.
let _lastNumber = 0

/**
 * The real example delivery with `pull_request.head.sha` and the pull request's number moved to the very end of the
 * JSON (key order means nothing to a parser), so a body is `prefix + tail` with a short tail, and its HMAC resumes
 * from the prefix's precomputed state.
 */
function _bodyTemplate(owner: string, repo: string): { prefix: string, tail: (sha: string, number: number) => string } {
  const { pull_request: pr, number: _number, ...rest } = pullRequestPayload({ owner, repo })
  const { head, number: _prNumber, ...prRest } = pr
  const { sha: _sha, ...headRest } = head
  const json = JSON.stringify({ ...rest, pull_request: { ...prRest, head: { ...headRest, sha: MARK }, number: NUMBER_MARK }, number: NUMBER_MARK })
  const at = json.indexOf(MARK)
  const parts = json.slice(at + MARK.length).split(String(NUMBER_MARK))
  if (parts.length !== 3) throw new Error('bench delivery template: the number placeholder is not where expected')
  return { prefix: json.slice(0, at), tail: (sha, number) => `${sha}${parts.join(String(number))}` }
}

/** HMAC-SHA256 (RFC 2104) of `prefix + rest` for many `rest`s: the inner hash over the prefix is computed once. */
function _prefixedHmac(secret: string, prefix: string): (rest: string) => string {
  const key = Buffer.alloc(64)
  Buffer.from(secret).copy(key)
  const inner: Hash = createHash('sha256').update(key.map(byte => byte ^ 0x36)).update(prefix)
  const outerKey = key.map(byte => byte ^ 0x5c)
  return rest => createHash('sha256').update(outerKey).update(inner.copy().update(rest).digest()).digest('hex')
}

/** A function returning a new signed delivery (body and headers) for every call: a new pull request and head each time. */
export function signedDeliveries(owner = 'bench', repo = 'ingest') {
  const { prefix, tail } = _bodyTemplate(owner, repo)
  const hmac = _prefixedHmac(SECRET, prefix)
  const check = tail('0'.repeat(40), 1)
  if (hmac(check) !== createHmac('sha256', SECRET).update(`${prefix}${check}`).digest('hex')) throw new Error('bench HMAC shortcut disagrees with node:crypto')
  return () => {
    const sha = randomUUID().replace(/-/g, '').padEnd(40, '0')
    const rest = tail(sha, ++_lastNumber)
    return {
      sha,
      body: `${prefix}${rest}`,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${hmac(rest)}`,
      },
    }
  }
}
