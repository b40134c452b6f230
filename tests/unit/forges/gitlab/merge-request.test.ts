import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitLabClient } from '../../../../server/forges/gitlab/client'
import { toChangedFile } from '../../../../server/forges/gitlab/diff'
import { gitlabMergeRequest } from '../../../../server/forges/gitlab/merge-request'
import { BASE, BOT_TOKEN, HEAD, PROJECT, seed } from '../../../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../../../fakes/gitlab/server'

describe.each(['', '/gitlab'] as const)('a GitLab merge request on an instance under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  let warnings: string[]
  const open = (projectId: number | string = 12) => gitlabMergeRequest(createGitLabClient(fake.url, { token: BOT_TOKEN }), { projectId, iid: 3, owner: 'acme/tools', repo: 'widget' }, { userId: 1, username: 'revue-bot' }, message => warnings.push(message))

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    warnings = []
  })
  afterEach(() => fake.close())

  it('reads the merge request with its diff refs and the project\'s default branch', async () => {
    const mr = open(PROJECT)
    expect(mr.ref).toEqual({ owner: 'acme/tools', repo: 'widget', prNumber: 3 })
    expect(await mr.get()).toEqual({ owner: 'acme/tools', repo: 'widget', number: 3, state: 'open', draft: false, title: 'Widgets', body: '', headSha: HEAD, baseSha: BASE, defaultBranch: 'main' })
  })

  it('lists every changed file over several pages of diffs, with counts, statuses and renames', async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({ old_path: `f${i}.ts`, new_path: `f${i}.ts`, new_file: true, diff: `@@ -0,0 +1,2 @@\n+a${i}\n+b${i}\n` }))
    fake.push(PROJECT, 3, { headSha: 'c'.repeat(40), diffs: [...many, { old_path: 'old.ts', new_path: 'new.ts', renamed_file: true, diff: '@@ -1,2 +1,2 @@\n-x\n+y\n z\n' }, { old_path: 'gone.ts', new_path: 'gone.ts', deleted_file: true, diff: '@@ -1 +0,0 @@\n-x\n' }] })
    const files = await open().changedFiles()
    expect(files).toHaveLength(232)
    expect(files[0]).toEqual({ filename: 'f0.ts', status: 'added', patch: '@@ -0,0 +1,2 @@\n+a0\n+b0\n', additions: 2, deletions: 0 })
    expect(files[230]).toMatchObject({ filename: 'new.ts', status: 'renamed', previous_filename: 'old.ts', additions: 1, deletions: 1 })
    expect(files[231]).toMatchObject({ filename: 'gone.ts', status: 'removed', deletions: 1 })
    expect(fake.requests.filter(r => r.path.includes('/diffs')).map(r => new URLSearchParams(r.path.split('?')[1]).get('page') ?? '1')).toEqual(['1', '2', '3'])
  })

  it('finds its own notes (not system notes, not other people\'s), oldest first, with their web URL', async () => {
    fake.addNote(PROJECT, 3, { author: 'ada', body: '/revue review' })
    fake.addNote(PROJECT, 3, { author: 'revue-bot', body: 'changed the description', system: true })
    const mr = open()
    const first = await mr.comment('first <!-- revue -->')
    await mr.comment('second')
    const own = await mr.ownReviews()
    expect(own.map(p => p.body)).toEqual(['first <!-- revue -->', 'second'])
    expect(own[0]).toEqual({ id: first.id, url: `${fake.url}/${PROJECT}/-/merge_requests/3#note_${first.id}`, body: 'first <!-- revue -->' })
    expect(await mr.ownComments()).toEqual(own)
  })

  it('acknowledges a command with the eyes emoji', async () => {
    const command = fake.addNote(PROJECT, 3, { author: 'ada', body: '/revue review' })
    await open().acknowledge(command.id)
    expect(fake.awards(command.id)).toMatchObject([{ name: 'eyes', user: 'revue-bot' }])
  })

  it('reads a file on a branch, and nothing when GitLab has none', async () => {
    fake.setFile(PROJECT, 'main', '.gitlab/revue.yml', 'review_drafts: true\n')
    const file = await open().readFile('.gitlab/revue.yml', 'main')
    expect(file?.text).toBe('review_drafts: true\n')
    expect(file?.sha).toMatch(/^[0-9a-f]{40}$/)
    expect(await open().readFile('.github/revue.yml', 'main')).toBeUndefined()
  })

  it('maps access levels to roles, and a stranger or an unknown name to none', async () => {
    fake.addUser('mia')
    fake.addMember(PROJECT, 'mia', 50)
    fake.addUser('eve')
    const mr = open()
    expect(await Promise.all(['mia', 'ada', 'revue-bot', 'rita', 'gus', 'eve', 'nobody'].map(name => mr.roleOf(name)))).toEqual(['admin', 'admin', 'write', 'read', 'none', 'none', 'none'])
  })

  it('sets the revue commit status running, then success or failed, once per attempt', async () => {
    const mr = open()
    const check = await mr.startCheck(HEAD)
    expect(fake.statuses(PROJECT, HEAD)).toMatchObject([{ name: 'revue', status: 'running' }])
    // a retried job starts the same status again without GitLab refusing it
    await mr.startCheck(HEAD)
    await check.complete({ conclusion: 'neutral', title: 'x'.repeat(300), summary: '' })
    expect(fake.statuses(PROJECT, HEAD)).toMatchObject([{ name: 'revue', status: 'success', description: 'x'.repeat(255) }])
    const next = 'c'.repeat(40)
    fake.push(PROJECT, 3, { headSha: next })
    await (await mr.startCheck(next)).complete({ conclusion: 'failure', title: '2 findings', summary: '' })
    expect(fake.statuses(PROJECT, next)).toMatchObject([{ name: 'revue', status: 'failed', description: '2 findings' }])
    expect(warnings).toEqual([])
  })

  it('goes on without the status when the token\'s role is short of it, and says so', async () => {
    fake.addMember(PROJECT, 'revue-bot', 20)
    const check = await open().startCheck(HEAD)
    await check.complete({ conclusion: 'success', title: 'ok', summary: '' })
    expect(fake.statuses(PROJECT)).toEqual([])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/Developer access/)
  })
})

describe('a changed file counted from its hunks', () => {
  it('counts lines that look like diff headers as lines of the file', () => {
    const file = toChangedFile({ old_path: 'q.sql', new_path: 'q.sql', new_file: false, renamed_file: false, deleted_file: false, diff: '@@ -1,2 +1,2 @@\n--- old comment\n+++ new comment\n select 1\n\\ No newline at end of file\n' })
    expect(file).toMatchObject({ status: 'modified', additions: 1, deletions: 1 })
  })
})
