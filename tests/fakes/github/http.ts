import type { RouteContext } from './route'

export const DOCS = 'https://docs.github.com/rest'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly docs?: string,
  ) {
    super(message)
  }
}

export function errorBody(status: number, message: string, docs = DOCS, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message, ...extra, documentation_url: docs, status: String(status) }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found')
}

/** The value, or GitHub's 404 when there is none. */
export function orNotFound<T>(value: T | undefined): T {
  if (value === undefined) throw notFound()
  return value
}

export function unprocessable(errors: unknown[]): HttpError {
  return new HttpError(422, 'Unprocessable Entity', { errors })
}

// GitHub's JSON-schema refusals of a request body.
export function invalid(property: string, value: unknown, expected: string): HttpError {
  return new HttpError(422, `Invalid request.\n\nFor 'properties/${property}', ${JSON.stringify(value)} ${expected}.`)
}

export function oneOf(values: readonly string[]): string {
  return `is not one of [${values.map(v => JSON.stringify(v)).join(', ')}]`
}

export function missing(property: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n"${property}" wasn't supplied.`)
}

// GitHub's model validations: `{ message: 'Validation Failed', errors: [{ resource, code, field, message? }] }`.
export function validationFailed(error: { resource: string, code: string, field: string, message?: string }): HttpError {
  return new HttpError(422, 'Validation Failed', { errors: [error] })
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// a nested object of a request body, or GitHub's schema refusal of it at `property`
export function requireObject(raw: unknown, property: string): Record<string, unknown> {
  if (!isObject(raw)) throw invalid(property, raw, 'is not an object')
  return raw
}

export function objectBody(ctx: RouteContext): Record<string, unknown> {
  const body = ctx.body ?? {}
  if (!isObject(body)) throw new HttpError(400, 'Problems parsing JSON')
  return body
}

/** `:owner` and `:repo` of a repository route, after GitHub's checks: a token that can see it, and the repository. */
export function repoParams(ctx: RouteContext): { owner: string, repo: string } {
  const owner = ctx.params.owner ?? ''
  const repo = ctx.params.repo ?? ''
  ctx.state.requireRepo(ctx, owner, repo)
  return { owner, repo }
}

export function intParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? ''
  if (!/^\d+$/.test(raw)) throw notFound()
  return Number(raw)
}

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback
  const value = Number(raw)
  return value >= 1 ? value : fallback
}

// GitHub's pagination: per_page defaults to 30 and caps at 100, pages are 1-based and
// `link` lists prev, next, last, first with absolute URLs that keep the caller's query.
export function paginate<T>(ctx: RouteContext, items: readonly T[]): { items: T[], headers: Record<string, string> } {
  const perPage = Math.min(positiveInt(ctx.url.searchParams.get('per_page'), 30), 100)
  const page = positiveInt(ctx.url.searchParams.get('page'), 1)
  const last = Math.max(Math.ceil(items.length / perPage), 1)
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(ctx.url.searchParams)
    query.set('page', String(n))
    return `<${ctx.state.url}${ctx.url.pathname}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  }
}
