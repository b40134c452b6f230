// What the fake's first handler learns of a request, for the route that answers it, and the one way answers go out:
// with GitHub's headers, and recorded for the tests.
import { randomBytes } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { readRawBody, setResponseHeaders, setResponseStatus, type H3Event } from 'h3'
import type { Fault, RecordedRequest, RequestHook } from './api'
import { DOCS, errorBody, HttpError } from './http'
import type { Reply } from './route'
import type { FakeState } from './state'

export interface Exchange {
  state: FakeState
  url: URL
  raw: string
  body: unknown
  // a body that is not JSON: 400 unless the route takes a form
  badJson: boolean
  record: RecordedRequest
  rate: { limit: number, used: number, remaining: number, reset: number }
}

// What a test sees of and does to the requests: the record, its hooks, the faults still to answer.
export interface Traffic {
  requests: RecordedRequest[]
  hooks: RequestHook[]
  faults: { fault: Fault, left: number }[]
}

const exchanges = new WeakMap<H3Event, Exchange>()

// pages of github.com, not api.github.com: the OAuth web flow and the App registration form
export const WEB_PAGE = /^\/(?:login\/|settings\/|organizations\/[^/]+\/settings\/)/

function _hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase()
}

export function requestId(): string {
  return `${_hex(2)}:${_hex(2)}:${_hex(3)}:${_hex(3)}:${_hex(4)}`
}

export function requireExchange(event: H3Event): Exchange {
  const exchange = exchanges.get(event)
  if (!exchange) throw new Error('GitHub fake: a route ran before the request was taken in')
  return exchange
}

/** Reads and records the request, counts it against the rate limit, runs the tests' hooks; answers a fault if one is due. */
export async function takeIn(event: H3Event, state: FakeState, traffic: Traffic): Promise<string | undefined> {
  const method = event.method.toUpperCase()
  const url = new URL(event.path, state.url)
  const raw = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? await readRawBody(event, 'utf8') ?? '' : ''
  const headers = event.node.req.headers
  const record: RecordedRequest = { method, path: url.pathname + url.search, status: 0, headers: { ...headers } }
  // the github.com pages are outside the API's rate limit
  const rate = state.consumeRate(headers, url.pathname !== '/rate_limit' && !WEB_PAGE.test(url.pathname))
  const exchange: Exchange = { state, url, raw, body: undefined, badJson: false, record, rate }
  if (raw.trim()) {
    try {
      exchange.body = JSON.parse(raw)
    }
    catch {
      exchange.body = raw
      exchange.badJson = true
    }
  }
  if (raw) record.body = exchange.body
  exchanges.set(event, exchange)
  traffic.requests.push(record)
  try {
    for (const hook of traffic.hooks) await hook({ method, path: record.path })
    const fault = _takeFault(traffic, method, url) ?? (state.overWritePace(headers, method) ? secondaryRateLimit(/./) : undefined)
    if (!fault) return undefined
    return sendReply(event, fault.status, { headers: fault.headers, body: fault.body ?? errorBody(fault.status, STATUS_CODES[fault.status] ?? 'Error') })
  }
  catch (error) {
    return sendError(event, error, DOCS)
  }
}

function _pathMatches(pattern: RegExp, url: URL): boolean {
  pattern.lastIndex = 0
  if (pattern.test(url.pathname)) return true
  pattern.lastIndex = 0
  return pattern.test(url.pathname + url.search)
}

function _takeFault({ faults }: Traffic, method: string, url: URL): Fault | undefined {
  const index = faults.findIndex(({ fault }) => (!fault.method || fault.method.toUpperCase() === method) && _pathMatches(fault.path, url))
  const entry = faults[index]
  if (!entry) return undefined
  if (--entry.left <= 0) faults.splice(index, 1)
  return entry.fault
}

export function sendReply(event: H3Event, status: number, reply: Reply): string {
  const { record, rate } = requireExchange(event)
  record.status = status
  const text = reply.text ?? (typeof reply.body === 'string' ? { content: reply.body, contentType: 'text/plain; charset=utf-8' } : undefined)
  const content = text ? text.content : reply.body === undefined ? '' : JSON.stringify(reply.body)
  // as sent: a handler may keep changing the object it answered
  if (!text && content) record.response = JSON.parse(content)
  setResponseStatus(event, status)
  setResponseHeaders(event, {
    'content-type': text?.contentType ?? 'application/json; charset=utf-8',
    'x-github-request-id': requestId(),
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.reset),
    'x-ratelimit-used': String(rate.used),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
    'content-length': Buffer.byteLength(content),
  })
  return content
}

export function sendError(event: H3Event, error: unknown, docs: string): string {
  if (error instanceof HttpError) return sendReply(event, error.status, { body: errorBody(error.status, error.message, error.docs ?? docs, error.extra) })
  return sendReply(event, 500, { body: errorBody(500, `GitHub fake failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`) })
}

// Builders for the exact faults GitHub sends.

export function primaryRateLimit(path: RegExp, resetInSeconds = 60): Fault {
  return {
    path,
    status: 403,
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
    },
  }
}

export function secondaryRateLimit(path: RegExp, retryAfterSeconds = 60, status: 403 | 429 = 403): Fault {
  const id = requestId()
  return {
    path,
    status,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-github-request-id': id },
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
      documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    },
  }
}

export function serverError(path: RegExp, status: 500 | 502 | 503 = 502, times = 1): Fault {
  return { path, status, times, body: { message: status === 500 ? 'Server Error' : STATUS_CODES[status] } }
}
