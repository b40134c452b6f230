import type { Router } from 'h3'
import { appJson } from './apps'
import { CHECK_STATUSES, readCheckRun, type CheckRunInput } from './check-input'
import { knowsCommit, resolveRef } from './commits'
import { HttpError, intParam, invalid, objectBody, oneOf, orNotFound, paginate, repoParams } from './http'
import { HTML_URL, isoSeconds, numericId } from './ids'
import { pullUrl } from './json'
import type { PullState } from './pull-state'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'
import type { StoredCheckRun } from './types'

const DOCS = 'https://docs.github.com/rest/checks/runs'
const FILTERS = ['latest', 'all']

function inRepo(run: StoredCheckRun, owner: string, repo: string): boolean {
  return run.owner.toLowerCase() === owner.toLowerCase() && run.repo.toLowerCase() === repo.toLowerCase()
}

function findRun(ctx: RouteContext): StoredCheckRun {
  const { owner, repo } = repoParams(ctx)
  const id = intParam(ctx, 'check_run_id')
  const run = orNotFound(ctx.state.checkRuns.find(r => r.id === id && inRepo(r, owner, repo)))
  return run
}

function pullRef(state: FakeState, pull: PullState, ref: string, sha: string): Record<string, unknown> {
  const repo = { id: state.access.repoId(pull.owner, pull.repo), url: `${state.url}/repos/${pull.owner}/${pull.repo}`, name: pull.repo }
  return { ref, sha, repo }
}

export function checkRunJson(state: FakeState, run: StoredCheckRun): Record<string, unknown> {
  const url = `${state.url}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`
  const pulls = state.pulls.of(run.owner, run.repo).filter(p => p.state === 'open' && p.headSha === run.head_sha)
  return {
    id: run.id,
    name: run.name,
    node_id: `CR_kwDO${run.id.toString(36)}`,
    head_sha: run.head_sha,
    external_id: run.external_id,
    url,
    html_url: `${HTML_URL}/${run.owner}/${run.repo}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    check_suite: { id: numericId(`${run.owner}/${run.repo}@${run.head_sha}`.toLowerCase(), 10_000_000_000) },
    app: appJson(state),
    pull_requests: pulls.map(pull => ({
      url: pullUrl(state, pull),
      id: pull.id,
      number: pull.number,
      head: pullRef(state, pull, pull.headRef, pull.headSha),
      base: pullRef(state, pull, pull.baseRef, pull.baseSha),
    })),
  }
}

function apply(run: StoredCheckRun, input: CheckRunInput): void {
  if (input.name !== undefined) run.name = input.name
  if (input.details_url !== undefined) run.details_url = input.details_url
  if (input.external_id !== undefined) run.external_id = input.external_id
  if (input.started_at !== undefined) run.started_at = input.started_at
  if (input.status !== undefined) run.status = input.status
  // a conclusion completes the run
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion
    run.status = 'completed'
  }
  if (run.status === 'completed') run.completed_at = input.completed_at ?? run.completed_at ?? isoSeconds()
  if (input.output) {
    run.output.title = input.output.title ?? run.output.title
    run.output.summary = input.output.summary ?? run.output.summary
    run.output.text = input.output.text ?? run.output.text
    // annotations are appended, 50 per request
    run.output.annotations.push(...input.output.annotations)
  }
}

function createRun(ctx: RouteContext): StoredCheckRun {
  const { state } = ctx
  const { owner, repo } = repoParams(ctx)
  const input = readCheckRun(objectBody(ctx), true)
  const headSha = input.head_sha ?? ''
  if (!state.pulls.of(owner, repo).some(pull => knowsCommit(pull, headSha))) throw new HttpError(422, `No commit found for SHA: ${headSha}`)
  const run: StoredCheckRun = {
    id: state.nextId('check_run'),
    owner,
    repo,
    name: input.name ?? '',
    head_sha: headSha,
    status: 'queued',
    conclusion: null,
    started_at: isoSeconds(),
    completed_at: null,
    // GitHub shows the App's homepage when there is no details_url
    details_url: state.app.externalUrl,
    external_id: '',
    output: { title: null, summary: null, text: null, annotations: [] },
    app_id: state.appId,
  }
  apply(run, input)
  state.checkRuns.push(run)
  return run
}

// GET /repos/{owner}/{repo}/commits/{ref}/check-runs: newest first; `latest` keeps the newest run of each name.
function listForRef(ctx: RouteContext): StoredCheckRun[] {
  const { state } = ctx
  const { owner, repo } = repoParams(ctx)
  const query = ctx.url.searchParams
  const ref = ctx.params.ref ?? ''
  const pulls = state.pulls.of(owner, repo)
  const sha = resolveRef(pulls, ref)
  if (!pulls.some(pull => knowsCommit(pull, sha))) throw new HttpError(422, `No commit found for SHA: ${ref}`)
  const status = query.get('status')
  if (status !== null && !CHECK_STATUSES.includes(status)) throw invalid('status', status, oneOf(CHECK_STATUSES))
  const filter = query.get('filter') ?? 'latest'
  if (!FILTERS.includes(filter)) throw invalid('filter', filter, oneOf(FILTERS))
  const name = query.get('check_name')
  const appId = query.get('app_id')
  const runs = state.checkRuns
    .filter(run => inRepo(run, owner, repo) && run.head_sha === sha)
    .filter(run => (name === null || run.name === name) && (status === null || run.status === status) && (appId === null || String(run.app_id) === appId))
    .reverse()
  return filter === 'all' ? runs : runs.filter((run, i) => runs.findIndex(r => r.name === run.name) === i)
}

export function checkRoutes(router: Router): void {
  route(router, 'POST', '/repos/:owner/:repo/check-runs', { docs: `${DOCS}#create-a-check-run` }, ctx => ({ status: 201, body: checkRunJson(ctx.state, createRun(ctx)) }))
  route(router, 'GET', '/repos/:owner/:repo/check-runs/:check_run_id', { docs: `${DOCS}#get-a-check-run` }, ctx => ({ body: checkRunJson(ctx.state, findRun(ctx)) }))
  route(router, 'PATCH', '/repos/:owner/:repo/check-runs/:check_run_id', { docs: `${DOCS}#update-a-check-run` }, (ctx) => {
    const run = findRun(ctx)
    apply(run, readCheckRun(objectBody(ctx), false, run.conclusion !== null))
    return { body: checkRunJson(ctx.state, run) }
  })
  route(router, 'GET', '/repos/:owner/:repo/check-runs/:check_run_id/annotations', { docs: `${DOCS}#list-check-run-annotations` }, (ctx) => {
    const run = findRun(ctx)
    const page = paginate(ctx, run.output.annotations)
    const blob = `${HTML_URL}/${run.owner}/${run.repo}/blob/${run.head_sha}`
    const body = page.items.map(a => ({
      path: a.path,
      blob_href: `${blob}/${a.path}`,
      start_line: a.start_line,
      end_line: a.end_line,
      start_column: a.start_column ?? null,
      end_column: a.end_column ?? null,
      annotation_level: a.annotation_level,
      title: a.title ?? null,
      message: a.message,
      raw_details: a.raw_details ?? null,
    }))
    return { body, headers: page.headers }
  })
  route(router, 'GET', '/repos/:owner/:repo/commits/:ref/check-runs', { docs: `${DOCS}#list-check-runs-for-a-git-reference` }, (ctx) => {
    const runs = listForRef(ctx)
    const page = paginate(ctx, runs)
    return { body: { total_count: runs.length, check_runs: page.items.map(run => checkRunJson(ctx.state, run)) }, headers: page.headers }
  })
}
