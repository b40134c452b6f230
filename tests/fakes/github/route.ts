// How an API area declares its endpoints on an h3 router: a handler gets the request as a RouteContext and
// answers a Reply, which exchange.ts sends with GitHub's headers; errors become GitHub's error bodies.
import type { IncomingHttpHeaders } from 'node:http'
import { defineEventHandler, getRequestHeader, getRouterParams, type H3Event, type Router, type RouterMethod } from 'h3'
import { requireExchange, sendError, sendReply } from './exchange'
import { DOCS, HttpError } from './http'
import type { FakeState } from './state'

export interface Reply {
  status?: number
  body?: unknown
  // a string is sent as is with this content type instead of JSON
  text?: { content: string, contentType: string }
  headers?: Record<string, string>
}

export interface RouteContext {
  state: FakeState
  method: string
  url: URL
  params: Record<string, string>
  headers: IncomingHttpHeaders
  body: unknown
  docs: string
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>

export interface RouteOptions {
  // the documentation_url of its error answers
  docs?: string
  // also takes application/x-www-form-urlencoded bodies (as the github.com OAuth endpoints do); ctx.body is then a string record
  form?: boolean
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

// One endpoint as a test adds it with GitHubFake.addRoute; the path in h3's syntax (`:name`, `**:rest`).
export interface Route extends RouteOptions {
  method: Method
  path: string
  handler: Handler
}

/** Adds an endpoint to an h3 router; a GET also answers HEAD, as GitHub does. */
export function route(router: Router, method: Method, path: string, options: RouteOptions, handler: Handler): void {
  const methods: RouterMethod[] = method === 'GET' ? ['get', 'head'] : [method.toLowerCase() as RouterMethod]
  router.add(path, defineEventHandler(event => _answer(event, options, handler)), methods)
}

async function _answer(event: H3Event, options: RouteOptions, handler: Handler): Promise<string> {
  const exchange = requireExchange(event)
  const docs = options.docs ?? DOCS
  try {
    let body = exchange.body
    if (options.form && /^application\/x-www-form-urlencoded/i.test(getRequestHeader(event, 'content-type') ?? '')) {
      body = Object.fromEntries(new URLSearchParams(exchange.raw))
      if (exchange.raw) exchange.record.body = body
    }
    else if (exchange.badJson) {
      throw new HttpError(400, 'Problems parsing JSON')
    }
    const params = getRouterParams(event, { decode: true })
    const reply = await handler({ state: exchange.state, method: exchange.record.method, url: exchange.url, params, headers: event.node.req.headers, body, docs })
    return sendReply(event, reply.status ?? 200, reply)
  }
  catch (error) {
    return sendError(event, error, docs)
  }
}
