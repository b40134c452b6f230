// How an API area declares its endpoints: a handler gets the request as a RouteContext and answers a Reply;
// a GitLabError it throws becomes GitLab's error body.
import { defineEventHandler, getRouterParams, setResponseHeaders, setResponseStatus, type H3Event, type Router, type RouterMethod } from 'h3'
import { forbidden, GitLabError, notFound } from './http'
import type { FakeProject } from './project-state'
import type { GitLabState } from './state'
import type { AccessLevel, FakeGitLabUser, RecordedRequest } from './types'

export interface Reply {
  status?: number
  body?: unknown
  headers?: Record<string, string>
}

export interface RouteContext {
  state: GitLabState
  url: URL
  params: Record<string, string>
  // the JSON body's fields over the query's: GitLab takes a parameter from either
  input: Record<string, unknown>
  user: FakeGitLabUser
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>

/** What the first handler learned of a request: the signed-in user and the record to complete. */
export interface Exchange {
  state: GitLabState
  url: URL
  body: Record<string, unknown>
  // none on the OAuth provider's pages
  user?: FakeGitLabUser
  record: RecordedRequest
}

export const exchanges = new WeakMap<H3Event, Exchange>()

/** Adds an endpoint under the API root (`/api/v4`, after the instance's path prefix). */
export function route(router: Router, apiRoot: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler): void {
  router.add(apiRoot + path, defineEventHandler(event => _answer(event, handler)), method.toLowerCase() as RouterMethod)
}

async function _answer(event: H3Event, handler: Handler): Promise<unknown> {
  const exchange = exchanges.get(event)
  if (!exchange?.user) throw new Error('GitLab fake: an API route ran before the request was signed in')
  const user = exchange.user
  try {
    const input = { ...Object.fromEntries(exchange.url.searchParams), ...exchange.body }
    const reply = await handler({ state: exchange.state, url: exchange.url, params: getRouterParams(event, { decode: true }), input, user })
    return send(event, exchange.record, reply.status ?? 200, reply.body, reply.headers)
  }
  catch (error) {
    if (!(error instanceof GitLabError)) throw error
    return send(event, exchange.record, error.status, error.body())
  }
}

/** Sends an answer (JSON, or a string as text/plain) and notes its status in the request's record. */
export function send(event: H3Event, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): string {
  record.status = status
  setResponseStatus(event, status)
  const text = typeof body === 'string'
  setResponseHeaders(event, { 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json', 'cache-control': 'no-cache', ...headers })
  return text ? body : JSON.stringify(body ?? null)
}

/**
 * The project of `:id` (numeric, or the URL-encoded full path), seen by the signed-in user: 404 when they are not a
 * member (projects are private), 403 when their access level is below `minLevel`.
 */
export function requireProject(ctx: RouteContext, minLevel: AccessLevel = 10): FakeProject {
  const project = ctx.state.projects.find(ctx.params.id ?? '')
  const level = project?.members.get(ctx.user.username.toLowerCase()) ?? 0
  if (!project || level < 10) throw notFound('Project')
  if (level < minLevel) throw forbidden()
  return project
}
