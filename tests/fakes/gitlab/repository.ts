// GET /projects/:id/repository/compare, .../merge_base?refs[]=, .../files/:file_path?ref=
import type { Router } from 'h3'
import { GitLabError, invalidParam, notFound } from './http'
import { commitJson, projectWebUrl } from './json'
import { diffJson } from './merge-requests'
import { ancestry, blobId, mergeBase } from './project-state'
import { requireProject, route } from './route'
import type { FakeDiff } from './types'

export function repositoryRoutes(router: Router, api: string): void {
  // From the merge base of `from` and `to` unless `straight=true`, as `git diff from...to`.
  route(router, api, 'GET', '/projects/:id/repository/compare', (ctx) => {
    const project = requireProject(ctx, 20)
    const from = ctx.url.searchParams.get('from')
    const to = ctx.url.searchParams.get('to')
    if (!from) throw invalidParam('from is missing')
    if (!to) throw invalidParam('to is missing')
    if (!project.commits.has(from) || !project.commits.has(to)) throw notFound('Ref')
    const start = ctx.url.searchParams.get('straight') === 'true' ? from : mergeBase(project, from, to)?.sha
    const commits = ancestry(project, to)
    const index = start ? commits.findIndex(c => c.sha === start) : -1
    const between = (index === -1 ? commits : commits.slice(0, index)).reverse()
    const diffs = new Map<string, FakeDiff>()
    for (const commit of between) for (const diff of commit.diffs) diffs.set(diff.new_path, diff)
    return {
      body: {
        commit: from === to ? null : commitJson(ctx.state, project, to),
        commits: from === to ? [] : between.map(c => commitJson(ctx.state, project, c.sha, c.message)),
        diffs: from === to || project.compareTimeout ? [] : [...diffs.values()].map(diffJson),
        compare_timeout: project.compareTimeout,
        compare_same_ref: from === to,
        web_url: `${projectWebUrl(ctx.state, project)}/-/compare/${from}...${to}`,
      },
    }
  })

  route(router, api, 'GET', '/projects/:id/repository/merge_base', (ctx) => {
    const project = requireProject(ctx, 20)
    const refs = ctx.url.searchParams.getAll('refs[]')
    if (refs.length < 2) throw new GitLabError(400, 'Provide at least 2 refs')
    const unknown = refs.filter(ref => !project.commits.has(ref))
    if (unknown.length) throw new GitLabError(400, `Could not find ref${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`)
    const base = refs.slice(1).reduce<string | undefined>((sha, ref) => sha && mergeBase(project, sha, ref)?.sha, refs[0])
    if (!base) throw notFound('Merge Base')
    return { body: commitJson(ctx.state, project, base, project.commits.get(base)?.message) }
  })

  route(router, api, 'GET', '/projects/:id/repository/files/:file_path', (ctx) => {
    const project = requireProject(ctx, 20)
    const ref = ctx.url.searchParams.get('ref')
    if (!ref) throw invalidParam('ref is missing')
    const path = ctx.params.file_path ?? ''
    const content = project.files.get(`${ref}\0${path}`)
    if (content === undefined) throw notFound('File')
    const id = blobId(content)
    return {
      body: {
        file_name: path.split('/').pop(),
        file_path: path,
        size: Buffer.byteLength(content),
        encoding: 'base64',
        content_sha256: '',
        ref,
        blob_id: id,
        commit_id: project.commits.has(ref) ? ref : id,
        last_commit_id: project.commits.has(ref) ? ref : id,
        execute_filemode: false,
        content: Buffer.from(content).toString('base64'),
      },
    }
  })
}
