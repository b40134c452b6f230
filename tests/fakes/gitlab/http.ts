// GitLab's error answers and its offset pagination, as the REST v4 API sends them.
import type { RouteContext } from './route'

/** An error answer: GitLab's `{ "message": ... }` body, or `{ "error": ... }` for a parameter it refuses. */
export class GitLabError extends Error {
  constructor(readonly status: number, message: string, readonly field: 'message' | 'error' = 'message') {
    super(message)
  }

  body(): Record<string, string> {
    return { [this.field]: this.message }
  }
}

export const unauthorized = () => new GitLabError(401, '401 Unauthorized')
export const forbidden = () => new GitLabError(403, '403 Forbidden')
/** `404 Project Not Found`, `404 File Not Found`…; `404 Not found` without a resource. */
export const notFound = (resource?: string) => new GitLabError(404, resource ? `404 ${resource} Not Found` : '404 Not found')
export const badRequest = (message: string) => new GitLabError(400, `400 Bad request - ${message}`)
/** Grape's refusal of a missing or invalid parameter. */
export const invalidParam = (message: string) => new GitLabError(400, message, 'error')

export function intParam(ctx: RouteContext, name: string, resource?: string): number {
  const raw = ctx.params[name] ?? ''
  if (!/^\d+$/.test(raw)) throw notFound(resource)
  return Number(raw)
}

function _positive(raw: string | null, fallback: number): number {
  return raw !== null && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : fallback
}

/**
 * GitLab's offset pagination: `per_page` 20 by default and at most 100, 1-based `page`; X-Page, X-Per-Page,
 * X-Next-Page and X-Prev-Page (empty on the last and first page), X-Total, X-Total-Pages and a Link header with
 * absolute URLs that keep the caller's query.
 */
export function paginate<T>(ctx: RouteContext, items: readonly T[]): { items: T[], headers: Record<string, string> } {
  const perPage = Math.min(_positive(ctx.url.searchParams.get('per_page'), 20), 100)
  const page = _positive(ctx.url.searchParams.get('page'), 1)
  const totalPages = Math.max(Math.ceil(items.length / perPage), 1)
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(ctx.url.searchParams)
    query.set('page', String(n))
    query.set('per_page', String(perPage))
    return `<${ctx.url.origin}${ctx.url.pathname}?${query.toString()}>; rel="${rel}"`
  }
  const links = [
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < totalPages ? [link(page + 1, 'next')] : []),
    link(1, 'first'),
    link(totalPages, 'last'),
  ]
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      'x-total': String(items.length),
      'x-total-pages': String(totalPages),
      'link': links.join(', '),
    },
  }
}
