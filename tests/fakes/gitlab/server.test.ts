import { Gitlab, GitbeakerRequestError } from '@gitbeaker/rest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BASE, BOT_TOKEN, DIFFS, HEAD, PROJECT, seed } from './fixture'
import { LINE_CODE_REFUSAL, startGitLabServer, type GitLabFake } from './server'

async function failure(call: Promise<unknown>): Promise<{ status: number, description: string }> {
  const error = await call.then(() => undefined, (e: unknown) => e)
  if (!(error instanceof GitbeakerRequestError) || !error.cause) throw new Error(`expected a GitLab error, got ${String(error)}`)
  return { status: error.cause.response.status, description: error.cause.description }
}

describe.each(['', '/gitlab'] as const)('the GitLab fake under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  let api: InstanceType<typeof Gitlab>

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    api = new Gitlab({ host: fake.url, token: BOT_TOKEN })
  })
  afterEach(() => fake.close())

  it('serves the API under the instance URL and refuses a missing or wrong token with 401', async () => {
    expect(fake.apiUrl).toBe(`${fake.url}/api/v4`)
    expect(fake.url.endsWith(pathPrefix)).toBe(true)
    expect((await api.Users.showCurrentUser()).username).toBe('revue-bot')
    const bearer = new Gitlab({ host: fake.url, oauthToken: 'glpat-ada' })
    expect((await bearer.Users.showCurrentUser()).username).toBe('ada')
    const anonymous = new Gitlab({ host: fake.url, token: 'wrong' })
    expect(await failure(anonymous.Projects.show(12))).toEqual({ status: 401, description: '401 Unauthorized' })
  })

  it('finds a project by id or by its URL-encoded full path, and hides it from non-members', async () => {
    const byPath = await api.Projects.show(PROJECT)
    expect(byPath).toMatchObject({ id: 12, path_with_namespace: PROJECT, default_branch: 'main', web_url: `${fake.url}/${PROJECT}` })
    expect(fake.requests.at(-1)?.path).toBe('/projects/acme%2Ftools%2Fwidget')
    fake.addUser('eve', { token: 'glpat-eve' })
    const eve = new Gitlab({ host: fake.url, token: 'glpat-eve' })
    expect(await failure(eve.Projects.show(12))).toEqual({ status: 404, description: '404 Project Not Found' })
  })

  it('tells the caller its access level on a project, and lists the projects it belongs to over pages', async () => {
    const rita = new Gitlab({ host: fake.url, token: 'glpat-rita' })
    expect((await rita.Projects.show(PROJECT)).permissions).toEqual({ project_access: { access_level: 20, notification_level: 3 }, group_access: null })
    for (let n = 0; n < 3; n++) {
      fake.addProject(`acme/extra-${n}`)
      fake.addMember(`acme/extra-${n}`, 'rita', n === 0 ? 10 : 30)
    }
    const all = await rita.Projects.all({ membership: true, perPage: 2 })
    expect(all.map(project => project.path_with_namespace).sort()).toEqual(['acme/extra-0', 'acme/extra-1', 'acme/extra-2', PROJECT].sort())
    const reporter = await rita.Projects.all({ membership: true, minAccessLevel: 20, perPage: 2 })
    expect(reporter.map(project => project.path_with_namespace).sort()).toEqual(['acme/extra-1', 'acme/extra-2', PROJECT].sort())
  })

  it('shows a merge request with its diff refs and lists its diffs over pages with GitLab\'s headers', async () => {
    const mr = await api.MergeRequests.show(PROJECT, 3)
    expect(mr).toMatchObject({ iid: 3, state: 'opened', draft: false, sha: HEAD, diff_refs: { base_sha: BASE, start_sha: BASE, head_sha: HEAD } })
    const first = await api.MergeRequests.allDiffs(PROJECT, 3, { perPage: 2, page: 1, showExpanded: true })
    expect(first.data.map(d => d.new_path)).toEqual(['src/app.ts', 'src/new.ts'])
    expect(first.paginationInfo).toMatchObject({ total: 3, next: 2, current: 1, perPage: 2, totalPages: 2 })
    const all = await api.MergeRequests.allDiffs(PROJECT, 3, { perPage: 2 })
    expect(all.map(d => d.diff)).toEqual(DIFFS.map(d => d.diff))
    expect(fake.requests.filter(r => r.path.includes('/diffs')).at(-1)?.path).toContain('page=2')
    expect(await failure(api.MergeRequests.show(PROJECT, 99))).toEqual({ status: 404, description: '404 Merge Request Not Found' })
  })

  it('lists a version per push', async () => {
    fake.push(PROJECT, 3, { headSha: 'c'.repeat(40) })
    const versions = await api.MergeRequests.allDiffVersions(PROJECT, 3)
    expect(versions.map(v => v.head_commit_sha)).toEqual(['c'.repeat(40), HEAD])
    expect((await api.MergeRequests.show(PROJECT, 3)).sha).toBe('c'.repeat(40))
  })

  it('anchors a discussion on added, removed and context lines, and refuses one outside the diff with GitLab\'s message', async () => {
    const refs = { baseSha: BASE, startSha: BASE, headSha: HEAD, positionType: 'text' as const }
    const at = (lines: { oldLine?: string, newLine?: string }) => ({ position: { ...refs, oldPath: 'src/app.ts', newPath: 'src/app.ts', ...lines } })
    await api.MergeRequestDiscussions.create(PROJECT, 3, 'added', at({ newLine: '2' }))
    await api.MergeRequestDiscussions.create(PROJECT, 3, 'removed', at({ oldLine: '2' }))
    await api.MergeRequestDiscussions.create(PROJECT, 3, 'context', at({ oldLine: '3', newLine: '3' }))
    expect(await failure(api.MergeRequestDiscussions.create(PROJECT, 3, 'context, one side', at({ newLine: '3' })))).toEqual({ status: 400, description: `400 Bad request - ${LINE_CODE_REFUSAL}` })
    expect(await failure(api.MergeRequestDiscussions.create(PROJECT, 3, 'far', at({ newLine: '40' })))).toMatchObject({ status: 400 })
    const discussions = await api.MergeRequestDiscussions.all(PROJECT, 3)
    expect(discussions.map(d => d.notes?.[0]?.position)).toMatchObject([{ new_line: 2, old_line: null }, { old_line: 2, new_line: null }, { old_line: 3, new_line: 3 }])
    expect(fake.discussions(PROJECT, 3).map(d => d.notes[0]?.type)).toEqual(['DiffNote', 'DiffNote', 'DiffNote'])
  })

  it('lists notes newest first with system notes, posts one, and awards an emoji once', async () => {
    fake.addNote(PROJECT, 3, { author: 'ada', body: 'added 1 commit', system: true })
    const note = await api.MergeRequestNotes.create(PROJECT, 3, 'Summary')
    expect(note).toMatchObject({ body: 'Summary', system: false, author: { username: 'revue-bot' }, noteable_iid: 3 })
    expect((await api.MergeRequestNotes.all(PROJECT, 3)).map(n => n.body)).toEqual(['Summary', 'added 1 commit'])
    expect((await api.MergeRequestNotes.all(PROJECT, 3, { sort: 'asc' })).map(n => n.body)).toEqual(['added 1 commit', 'Summary'])
    await api.MergeRequestNoteAwardEmojis.award(PROJECT, 3, note.id, 'eyes')
    expect(fake.awards(note.id)).toMatchObject([{ name: 'eyes', user: 'revue-bot' }])
    expect(await failure(api.MergeRequestNoteAwardEmojis.award(PROJECT, 3, note.id, 'eyes'))).toMatchObject({ status: 404 })
  })

  it('moves a commit status from running to success, refuses the same state twice, and needs Developer access', async () => {
    await api.Commits.editStatus(PROJECT, HEAD, 'running', { name: 'revue', description: 'Reviewing' })
    expect(await failure(api.Commits.editStatus(PROJECT, HEAD, 'running', { name: 'revue' }))).toMatchObject({ status: 400, description: expect.stringContaining('Cannot transition status via :run from :running') })
    await api.Commits.editStatus(PROJECT, HEAD, 'success', { name: 'revue', description: 'No findings' })
    expect(fake.statuses(PROJECT, HEAD)).toMatchObject([{ name: 'revue', status: 'success', description: 'No findings' }])
    expect(await api.Commits.allStatuses(PROJECT, HEAD)).toMatchObject([{ name: 'revue', status: 'success' }])
    const rita = new Gitlab({ host: fake.url, token: 'glpat-rita' })
    expect(await failure(rita.Commits.editStatus(PROJECT, HEAD, 'running', { name: 'revue' }))).toEqual({ status: 403, description: '403 Forbidden' })
    expect(await failure(api.Commits.editStatus(PROJECT, 'f'.repeat(40), 'running'))).toEqual({ status: 404, description: '404 Commit Not Found' })
  })

  it('compares commits from their merge base and finds the merge base', async () => {
    const side = 'd'.repeat(40)
    fake.addCommit(PROJECT, { sha: side, parent: BASE, diffs: [DIFFS[1]!] })
    fake.addCommit(PROJECT, { sha: 'e'.repeat(40), parent: HEAD, diffs: [DIFFS[2]!] })
    const forward = await api.Repositories.compare(PROJECT, HEAD, 'e'.repeat(40))
    expect(forward).toMatchObject({ compare_timeout: false, compare_same_ref: false, diffs: [{ new_path: 'src/new-name.ts' }] })
    expect((await api.Repositories.mergeBase(PROJECT, [HEAD, side])).id).toBe(BASE)
    expect(await api.Repositories.compare(PROJECT, side, HEAD)).toMatchObject({ commits: [{ id: HEAD }] })
    expect(await failure(api.Repositories.compare(PROJECT, HEAD, '0'.repeat(40)))).toEqual({ status: 404, description: '404 Ref Not Found' })
    expect(await failure(api.Repositories.mergeBase(PROJECT, [HEAD, '0'.repeat(40)]))).toEqual({ status: 400, description: `Could not find ref: ${'0'.repeat(40)}` })
  })

  it('reads a file on a ref, base64-encoded, and answers 404 File Not Found', async () => {
    fake.setFile(PROJECT, 'main', '.gitlab/revue.yml', 'review_drafts: true\n')
    const file = await api.RepositoryFiles.show(PROJECT, '.gitlab/revue.yml', 'main')
    expect(Buffer.from(file.content, 'base64').toString()).toBe('review_drafts: true\n')
    expect(file.blob_id).toMatch(/^[0-9a-f]{40}$/)
    expect(await failure(api.RepositoryFiles.show(PROJECT, 'missing.yml', 'main'))).toEqual({ status: 404, description: '404 File Not Found' })
  })

  it('tells a member\'s access level, and 404 for a stranger', async () => {
    expect((await api.Users.all({ username: 'RITA' })).map(u => u.id)).toEqual([3])
    expect(await api.Users.all({ username: 'nobody' })).toEqual([])
    expect((await api.ProjectMembers.show(PROJECT, 3, { includeInherited: true })).access_level).toBe(20)
    fake.addUser('eve')
    expect(await failure(api.ProjectMembers.show(PROJECT, 5, { includeInherited: true }))).toEqual({ status: 404, description: '404 Not found' })
  })

  it('answers an injected fault before authentication, with its headers', async () => {
    fake.inject({ path: /\/merge_requests\/3$/, status: 403, body: { message: '403 Forbidden' } })
    expect(await failure(api.MergeRequests.show(PROJECT, 3))).toEqual({ status: 403, description: '403 Forbidden' })
    expect((await api.MergeRequests.show(PROJECT, 3)).iid).toBe(3)
  })
})
