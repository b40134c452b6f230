// POST /projects/:id/statuses/:sha (Developer or more), GET /projects/:id/repository/commits/:sha/statuses
import type { Router } from 'h3'
import { GitLabError, invalidParam, notFound, paginate } from './http'
import { namedUserJson } from './json'
import { requireProject, route } from './route'
import type { StoredStatus } from './types'

const STATES = ['pending', 'running', 'success', 'failed', 'canceled'] as const
// the state machine's event that leads to each state, named in GitLab's refusal of a transition
const EVENTS: Record<StoredStatus['status'], string> = { pending: 'enqueue', running: 'run', success: 'success', failed: 'drop', canceled: 'cancel' }

export function statusRoutes(router: Router, api: string): void {
  route(router, api, 'POST', '/projects/:id/statuses/:sha', (ctx) => {
    const project = requireProject(ctx, 30)
    const sha = ctx.params.sha ?? ''
    if (!project.commits.has(sha)) throw notFound('Commit')
    const state = ctx.input.state
    if (!STATES.includes(state as StoredStatus['status'])) throw invalidParam('state does not have a valid value')
    const status = state as StoredStatus['status']
    const name = typeof ctx.input.name === 'string' && ctx.input.name ? ctx.input.name : 'default'
    const latest = project.statuses.findLast(s => s.sha === sha && s.name === name)
    // A status moves through its states; once finished, a new one takes its place.
    if (latest && latest.status === status) {
      const event = EVENTS[status]
      throw new GitLabError(400, `Cannot transition status via :${event} from :${latest.status} (Reason(s): Status cannot transition via "${event}")`)
    }
    const text = (key: string) => typeof ctx.input[key] === 'string' ? ctx.input[key] : null
    const stored: StoredStatus = latest && ['pending', 'running'].includes(latest.status)
      ? Object.assign(latest, { status, description: text('description') ?? latest.description, targetUrl: text('target_url') ?? latest.targetUrl })
      : { id: ctx.state.statusId(), project: project.path, sha, name, status, description: text('description'), targetUrl: text('target_url'), author: ctx.user.username, createdAt: new Date().toISOString() }
    if (!project.statuses.includes(stored)) project.statuses.push(stored)
    return { status: 201, body: statusJson(ctx.state, stored) }
  })

  // the latest status of each name unless `all=true`, filtered by `name`
  route(router, api, 'GET', '/projects/:id/repository/commits/:sha/statuses', (ctx) => {
    const project = requireProject(ctx, 20)
    const sha = ctx.params.sha ?? ''
    if (!project.commits.has(sha)) throw notFound('Commit')
    const name = ctx.url.searchParams.get('name')
    let statuses = project.statuses.filter(s => s.sha === sha && (!name || s.name === name))
    if (ctx.url.searchParams.get('all') !== 'true') statuses = statuses.filter(s => statuses.findLast(o => o.name === s.name) === s)
    const page = paginate(ctx, statuses.map(s => statusJson(ctx.state, s)))
    return { body: page.items, headers: page.headers }
  })
}

function statusJson(state: Parameters<typeof namedUserJson>[0], status: StoredStatus): Record<string, unknown> {
  const finished = !['pending', 'running'].includes(status.status)
  return {
    id: status.id,
    sha: status.sha,
    ref: null,
    status: status.status,
    name: status.name,
    target_url: status.targetUrl,
    description: status.description,
    created_at: status.createdAt,
    started_at: status.status === 'pending' ? null : status.createdAt,
    finished_at: finished ? new Date().toISOString() : null,
    allow_failure: false,
    coverage: null,
    author: namedUserJson(state, status.author),
  }
}
