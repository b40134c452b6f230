// GET /projects/:id/merge_requests/:iid, .../diffs (paginated), .../versions, .../versions/:version_id
import type { Router } from 'h3'
import { intParam, notFound, paginate } from './http'
import { namedUserJson, projectWebUrl } from './json'
import { currentVersion } from './mr-state'
import { requireProject, route, type RouteContext } from './route'
import type { FakeDiff, StoredMergeRequest } from './types'

export function mergeRequestRoutes(router: Router, api: string): void {
  route(router, api, 'GET', '/projects/:id/merge_requests/:iid', (ctx) => {
    const { mr, projectId, webUrl } = requireMergeRequest(ctx)
    const version = currentVersion(mr)
    return {
      body: {
        id: mr.id,
        iid: mr.iid,
        project_id: projectId,
        title: mr.draft ? `Draft: ${mr.title}` : mr.title,
        description: mr.description,
        state: mr.state,
        created_at: version.created_at,
        updated_at: version.created_at,
        target_branch: mr.targetBranch,
        source_branch: mr.sourceBranch,
        author: namedUserJson(ctx.state, mr.author),
        assignees: [],
        reviewers: mr.reviewers.map(name => namedUserJson(ctx.state, name)),
        source_project_id: projectId,
        target_project_id: projectId,
        draft: mr.draft,
        work_in_progress: mr.draft,
        merge_status: 'can_be_merged',
        detailed_merge_status: mr.draft ? 'draft_status' : 'mergeable',
        sha: version.head_commit_sha,
        merge_commit_sha: null,
        squash_commit_sha: null,
        user_notes_count: ctx.state.notes.of(mr.project, mr.iid).filter(n => !n.system).length,
        references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${mr.project}!${mr.iid}` },
        web_url: `${webUrl}/-/merge_requests/${mr.iid}`,
        diff_refs: { base_sha: version.base_commit_sha, head_sha: version.head_commit_sha, start_sha: version.start_commit_sha },
        has_conflicts: false,
        blocking_discussions_resolved: true,
      },
    }
  })

  route(router, api, 'GET', '/projects/:id/merge_requests/:iid/diffs', (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const page = paginate(ctx, currentVersion(mr).diffs.map(diffJson))
    return { body: page.items, headers: page.headers }
  })

  route(router, api, 'GET', '/projects/:id/merge_requests/:iid/versions', (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    return { body: mr.versions.map(({ diffs, ...version }) => ({ ...version, merge_request_id: mr.id, state: 'collected', real_size: String(diffs.length), patch_id_sha: version.head_commit_sha })) }
  })

  route(router, api, 'GET', '/projects/:id/merge_requests/:iid/versions/:version_id', (ctx) => {
    const { mr } = requireMergeRequest(ctx)
    const found = mr.versions.find(v => v.id === intParam(ctx, 'version_id'))
    if (!found) throw notFound()
    const { diffs, ...version } = found
    const commits = [{ id: version.head_commit_sha, short_id: version.head_commit_sha.slice(0, 8), title: 'Head', message: 'Head', created_at: version.created_at }]
    return { body: { ...version, merge_request_id: mr.id, state: 'collected', real_size: String(diffs.length), patch_id_sha: version.head_commit_sha, commits, diffs: diffs.map(diffJson) } }
  })
}

/** The merge request of `:id` and `:iid`, with what its answers need of the project. */
export function requireMergeRequest(ctx: RouteContext): { mr: StoredMergeRequest, projectId: number, webUrl: string } {
  const project = requireProject(ctx)
  const mr = ctx.state.mergeRequests.find(project.path, intParam(ctx, 'iid', 'Merge Request'))
  if (!mr) throw notFound('Merge Request')
  return { mr, projectId: project.id, webUrl: projectWebUrl(ctx.state, project) }
}

export function diffJson(diff: FakeDiff): Record<string, unknown> {
  return {
    old_path: diff.old_path,
    new_path: diff.new_path,
    a_mode: diff.a_mode ?? (diff.new_file ? '0' : '100644'),
    b_mode: diff.b_mode ?? (diff.deleted_file ? '0' : '100644'),
    diff: diff.diff,
    new_file: diff.new_file ?? false,
    renamed_file: diff.renamed_file ?? false,
    deleted_file: diff.deleted_file ?? false,
    generated_file: diff.generated_file ?? false,
  }
}
