import { getRequestHeader, getRequestURL, setResponseHeaders, setResponseStatus } from 'h3'
import type { H3Event } from 'h3'

// The headers Google's front end puts on every answer of generativelanguage.googleapis.com.
const GOOGLE_HEADERS = {
  'vary': 'Origin, X-Origin, Referer',
  'server': 'scaffolding on HTTPServer2',
  'x-content-type-options': 'nosniff',
}

/** Sets the status and Google's headers; the handler returns the compact JSON text this gives back. */
export function answerJson(event: H3Event, status: number, body: unknown): string {
  setResponseStatus(event, status)
  setResponseHeaders(event, { 'content-type': 'application/json; charset=UTF-8', ...GOOGLE_HEADERS })
  return JSON.stringify(body)
}

/** Sets the status and headers of a server-sent event stream, written by the caller straight to the Node response. */
export function openEventStream(event: H3Event): void {
  setResponseStatus(event, 200)
  setResponseHeaders(event, { 'content-type': 'text/event-stream', ...GOOGLE_HEADERS })
  // From here on the handler owns the Node response: h3 must not answer 404 for a handler that returns nothing.
  event._handled = true
}

/**
 * Leaves the request without an answer: the socket stays open until the client gives up or the fake closes.
 * h3 would otherwise answer 404 for a handler that returns nothing.
 */
export function leaveUnanswered(event: H3Event): void {
  event._handled = true
}

/** The API key, from the `x-goog-api-key` header the SDK sends or the `?key=` query parameter. */
export function apiKeyOf(event: H3Event): string | undefined {
  return getRequestHeader(event, 'x-goog-api-key') ?? getRequestURL(event).searchParams.get('key') ?? undefined
}
