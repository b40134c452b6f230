// The fake's first handler: records every request, answers a due fault, and signs the caller in.
import { getRequestHeader, readRawBody, type H3Event } from 'h3'
import { unauthorized } from './http'
import { exchanges, send } from './route'
import type { GitLabState } from './state'
import type { Fault, RecordedRequest } from './types'

export interface Traffic {
  requests: RecordedRequest[]
  faults: Array<{ fault: Fault, left: number }>
}

// GitLab's answer to an OAuth access token past its two hours.
const EXPIRED = { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' }

export async function takeIn(event: H3Event, state: GitLabState, traffic: Traffic, prefix: string): Promise<string | undefined> {
  const apiRoot = `${prefix}/api/v4`
  const method = event.method.toUpperCase()
  const url = new URL(event.path, new URL(state.url).origin)
  const raw = ['POST', 'PUT', 'DELETE'].includes(method) ? await readRawBody(event, 'utf8') ?? '' : ''
  const apiPath = url.pathname.startsWith(apiRoot) ? url.pathname.slice(apiRoot.length) : url.pathname
  const record: RecordedRequest = { method, path: apiPath + url.search, status: 0, headers: { ...event.node.req.headers } }
  traffic.requests.push(record)
  let body: Record<string, unknown> = {}
  const contentType = getRequestHeader(event, 'content-type') ?? ''
  if (/^multipart\/form-data/i.test(contentType)) {
    body = _nest(await new Response(raw, { headers: { 'content-type': contentType } }).formData())
    record.body = body
  }
  else if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    body = Object.fromEntries(new URLSearchParams(raw))
    record.body = body
  }
  else if (raw.trim()) {
    try {
      body = JSON.parse(raw) as Record<string, unknown>
      record.body = body
    }
    catch {
      record.body = raw
      return send(event, record, 400, { error: 'The provided content-type \'text/plain\' is not supported.' })
    }
  }
  const due = traffic.faults.find(({ fault }) => fault.path.test(apiPath) && (!fault.method || fault.method.toUpperCase() === method))
  if (due) {
    if (--due.left <= 0) traffic.faults.splice(traffic.faults.indexOf(due), 1)
    return send(event, record, due.fault.status, due.fault.body ?? { message: `${due.fault.status}` }, due.fault.headers)
  }
  if (url.pathname.startsWith(`${prefix}/oauth/`)) {
    exchanges.set(event, { state, url, body, record })
    return undefined
  }
  const token = _token(event)
  const user = state.users.byToken(token)
  if (!user) return send(event, record, 401, state.users.expired(token) ? EXPIRED : unauthorized().body())
  exchanges.set(event, { state, url, body, user, record })
  return undefined
}

// GitLab reads `position[new_line]` of a form as `position: { new_line }` (how @gitbeaker/rest posts a diff thread).
function _nest(form: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(key)
    if (!nested) {
      body[key] = String(value)
      continue
    }
    const parent = (body[nested[1]!] ??= {}) as Record<string, unknown>
    parent[nested[2]!] = String(value)
  }
  return body
}

function _token(event: H3Event): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(getRequestHeader(event, 'authorization') ?? '')
  return getRequestHeader(event, 'private-token') ?? bearer?.[1] ?? ''
}

/**
 * GitLab's rate limiter (Rack::Attack) refusing a request: 429, a plain-text body, Retry-After in seconds and the
 * RateLimit-* headers (RateLimit-Reset in epoch seconds).
 */
export function rateLimited(options: { path?: RegExp, retryAfterSeconds?: number, times?: number } = {}): Fault {
  const seconds = options.retryAfterSeconds ?? 30
  const reset = Math.ceil(Date.now() / 1000) + seconds
  return {
    path: options.path ?? /./,
    status: 429,
    times: options.times ?? 1,
    body: 'Retry later\n',
    headers: {
      'retry-after': String(seconds),
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '2000',
      'ratelimit-observed': '2001',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(reset),
      'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
    },
  }
}
