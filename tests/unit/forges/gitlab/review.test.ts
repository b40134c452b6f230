import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InlineComment, ReviewToPost } from '../../../../server/forges/forge'
import { createGitLabClient } from '../../../../server/forges/gitlab/client'
import { gitlabMergeRequest } from '../../../../server/forges/gitlab/merge-request'
import { BASE, BOT_TOKEN, HEAD, PROJECT, seed } from '../../../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../../../fakes/gitlab/server'

const ADDED: InlineComment = { path: 'src/app.ts', side: 'RIGHT', line: 2, body: 'b changed' }
const REMOVED: InlineComment = { path: 'src/app.ts', side: 'LEFT', line: 2, body: 'b was 2' }
const CONTEXT: InlineComment = { path: 'src/app.ts', side: 'RIGHT', line: 3, body: 'c stays' }
const RENAMED: InlineComment = { path: 'src/new-name.ts', side: 'RIGHT', line: 1, body: 'z is 2' }
const OUTSIDE: InlineComment = { path: 'src/app.ts', side: 'RIGHT', line: 40, body: 'far away' }

function review(comments: InlineComment[]): ReviewToPost & { bodies: InlineComment[][] } {
  const bodies: InlineComment[][] = []
  return {
    headSha: HEAD,
    comments,
    bodies,
    body: (refused) => {
      bodies.push(refused)
      return `Summary${refused.map(c => `\n- ${c.path}:${c.line} ${c.body}`).join('')}\n<!-- revue:head:${HEAD} -->`
    },
  }
}

describe.each(['', '/gitlab'] as const)('a review posted on GitLab under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  let warnings: string[]
  const open = () => gitlabMergeRequest(createGitLabClient(fake.url, { token: BOT_TOKEN }), { projectId: PROJECT, iid: 3, owner: 'acme/tools', repo: 'widget' }, { userId: 1, username: 'revue-bot' }, message => warnings.push(message))
  const positions = () => fake.discussions(PROJECT, 3).flatMap(d => d.notes).filter(n => n.position).map(n => ({ body: n.body, path: n.position!.new_path, old: n.position!.old_line, new: n.position!.new_line }))

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    warnings = []
  })
  afterEach(() => fake.close())

  it('anchors each finding on its line (new_line, old_line, both for context) with the diff refs, then one summary note', async () => {
    const result = await open().postReview(review([ADDED, REMOVED, CONTEXT, RENAMED]))
    expect(positions()).toEqual([
      { body: 'b changed', path: 'src/app.ts', old: null, new: 2 },
      { body: 'b was 2', path: 'src/app.ts', old: 2, new: null },
      { body: 'c stays', path: 'src/app.ts', old: 3, new: 3 },
      { body: 'z is 2', path: 'src/new-name.ts', old: null, new: 1 },
    ])
    expect(fake.discussions(PROJECT, 3)[0]!.notes[0]!.position).toMatchObject({ base_sha: BASE, start_sha: BASE, head_sha: HEAD, old_path: 'src/app.ts' })
    expect(fake.discussions(PROJECT, 3).find(d => d.notes[0]!.body === 'z is 2')!.notes[0]!.position!.old_path).toBe('src/old-name.ts')
    expect(result.refused).toEqual([])
    const summary = fake.notes(PROJECT, 3).filter(n => n.type === null)
    expect(summary.map(n => n.body)).toEqual([`Summary\n<!-- revue:head:${HEAD} -->`])
    expect(result.post).toEqual({ id: summary[0]!.id, url: `${fake.url}/${PROJECT}/-/merge_requests/3#note_${summary[0]!.id}`, body: summary[0]!.body })
  })

  it('moves a finding GitLab refuses into the summary and keeps the others', async () => {
    const posted = review([ADDED, OUTSIDE])
    const result = await open().postReview(posted)
    expect(result.refused).toEqual([OUTSIDE])
    expect(posted.bodies).toEqual([[OUTSIDE]])
    expect(positions().map(p => p.body)).toEqual(['b changed'])
    expect(result.post.body).toContain('src/app.ts:40 far away')
    expect(warnings).toHaveLength(1)
  })

  it('posts nothing twice when a crashed attempt is retried', async () => {
    fake.inject({ method: 'POST', path: /\/notes$/, status: 500, body: { message: '500 Internal Server Error' } })
    await expect(open().postReview(review([ADDED, CONTEXT]))).rejects.toThrow()
    expect(positions()).toHaveLength(2)
    const result = await open().postReview(review([ADDED, CONTEXT, REMOVED]))
    expect(positions().map(p => p.body)).toEqual(['b changed', 'c stays', 'b was 2'])
    expect(fake.notes(PROJECT, 3).filter(n => n.type === null).map(n => n.id)).toEqual([result.post.id])
  })

  it('anchors on the version of the head it reviewed after a newer push', async () => {
    fake.push(PROJECT, 3, { headSha: 'c'.repeat(40), diffs: [] })
    const result = await open().postReview(review([CONTEXT]))
    expect(result.refused).toEqual([])
    expect(fake.discussions(PROJECT, 3)[0]!.notes[0]!.position).toMatchObject({ head_sha: HEAD, old_line: 3, new_line: 3 })
  })
})
