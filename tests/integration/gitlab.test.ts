import { readFileSync } from 'node:fs'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CommandJobData, CommandOutcome } from '../../shared/schemas/job'
import { BASE, BOT_TOKEN, DIFFS, HEAD, PROJECT, seed } from '../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../fakes/gitlab/server'
import { firstAddedLineReviewer } from '../support/reviewer'
import { startStack, waitForJob, type Stack } from '../support/stack'

// GitLab's documented webhook payloads (tests/fixtures/gitlab/README.md names their source), pointed at the fake's
// project and merge request.
const MR_HOOK = JSON.parse(readFileSync(new URL('../fixtures/gitlab/merge-request.json', import.meta.url), 'utf8'))
const NOTE_HOOK = JSON.parse(readFileSync(new URL('../fixtures/gitlab/note-merge-request.json', import.meta.url), 'utf8'))
const SECRET = 'gitlab-webhook-secret'
const PROJECT_ID = 12

function mergeRequestEvent(iid: number, headSha: string, extra: Record<string, unknown> = {}) {
  return {
    ...MR_HOOK,
    user: { ...MR_HOOK.user, id: 2, username: 'ada' },
    project: { ...MR_HOOK.project, id: PROJECT_ID, path_with_namespace: PROJECT },
    object_attributes: { ...MR_HOOK.object_attributes, iid, state: 'opened', action: 'open', draft: false, work_in_progress: false, last_commit: { ...MR_HOOK.object_attributes.last_commit, id: headSha }, ...extra },
  }
}

function noteEvent(iid: number, noteId: number, username: string, note: string) {
  return {
    ...NOTE_HOOK,
    user: { ...NOTE_HOOK.user, id: username === 'ada' ? 2 : 3, username },
    project: { ...NOTE_HOOK.project, id: PROJECT_ID, path_with_namespace: PROJECT },
    object_attributes: { ...NOTE_HOOK.object_attributes, id: noteId, note, noteable_type: 'MergeRequest', system: false },
    merge_request: { ...NOTE_HOOK.merge_request, iid, state: 'opened', draft: false, work_in_progress: false, last_commit: { ...NOTE_HOOK.merge_request.last_commit, id: HEAD } },
  }
}

describe.each([
  { name: 'a gitlab.com-style URL', pathPrefix: '' as const },
  { name: 'a self-managed URL with a path prefix', pathPrefix: '/gitlab' as const },
])('GitLab merge requests on $name', ({ pathPrefix }) => {
  let gitlab: GitLabFake
  let stack: Stack
  let delivery = 0

  beforeAll(async () => {
    gitlab = await startGitLabServer({ pathPrefix })
    seed(gitlab)
    stack = await startStack({ NUXT_GITLAB_URL: gitlab.url, NUXT_GITLAB_TOKEN: BOT_TOKEN, NUXT_GITLAB_WEBHOOK_SECRET: SECRET })
  })
  afterAll(async () => {
    await stack?.stop()
    await gitlab?.close()
  })
  beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

  function deliver(event: string, payload: unknown, token: string | null = SECRET) {
    return fetch(`${stack.app.url}/api/webhook/gitlab`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': event, 'idempotency-key': `delivery-${++delivery}`, ...(token === null ? {} : { 'x-gitlab-token': token }) },
      body: JSON.stringify(payload),
    })
  }

  it('refuses a delivery without the secret token and queues nothing', async () => {
    expect((await deliver('Merge Request Hook', mergeRequestEvent(3, HEAD), null)).status).toBe(401)
    expect((await deliver('Merge Request Hook', mergeRequestEvent(3, HEAD), 'wrong')).status).toBe(401)
    expect(await stack.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 })
  })

  it('reviews a merge request once: inline discussions on the right lines, one summary note, a commit status', async () => {
    const first = await deliver('Merge Request Hook', mergeRequestEvent(3, HEAD))
    expect(first.status).toBe(202)
    const { queued } = await first.json() as { queued: string }
    expect(queued).toBe(`gitlab/${PROJECT}#3@${HEAD}`)
    // A redelivery is the same job.
    expect(await (await deliver('Merge Request Hook', mergeRequestEvent(3, HEAD))).json()).toEqual({ queued })
    const job = await waitForJob(stack.queue, queued)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 3 })
    const inline = gitlab.notes(PROJECT, 3).filter(note => note.position)
    expect(inline.map(note => ({ path: note.position!.new_path, new: note.position!.new_line, old: note.position!.old_line })).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'src/app.ts', new: 2, old: null },
      { path: 'src/new-name.ts', new: 1, old: null },
      { path: 'src/new.ts', new: 1, old: null },
    ])
    const summaries = gitlab.notes(PROJECT, 3).filter(note => note.body.includes(`<!-- revue:review sha=${HEAD} -->`))
    expect(summaries).toHaveLength(1)
    expect(summaries[0]!.body.trimEnd().split('\n').at(-1)).toBe(`<!-- revue:review sha=${HEAD} -->`)
    expect(gitlab.statuses(PROJECT, HEAD).map(status => [status.name, status.status])).toContainEqual(['revue', 'success'])
  })

  it('moves a finding whose position GitLab refuses into the summary, and still posts the review', async () => {
    const head = 'c'.repeat(40)
    gitlab.addMergeRequest({ project: PROJECT, iid: 4, title: 'Refused', author: 'ada', baseSha: BASE, headSha: head, diffs: DIFFS.slice(0, 1) })
    gitlab.inject({ path: /merge_requests\/4\/discussions/, method: 'POST', status: 400, body: { message: '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}' }, times: 1 })
    const { queued } = await (await deliver('Merge Request Hook', mergeRequestEvent(4, head))).json() as { queued: string }
    const job = await waitForJob(stack.queue, queued)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 0, summaryFindings: 1 })
    expect(gitlab.notes(PROJECT, 4).filter(note => note.position)).toEqual([])
    expect(gitlab.notes(PROJECT, 4).find(note => note.body.includes('revue:review'))!.body).toContain('src/app.ts')
  })

  it('reviews only what a push changed, and never repeats a finding', async () => {
    const first = 'd'.repeat(40)
    const second = 'e'.repeat(40)
    gitlab.addMergeRequest({ project: PROJECT, iid: 6, title: 'Grows', author: 'ada', baseSha: BASE, headSha: first, diffs: [{ old_path: 'src/grow.ts', new_path: 'src/grow.ts', new_file: true, diff: '@@ -0,0 +1,2 @@\n+one()\n+two()\n' }] })
    const opened = await (await deliver('Merge Request Hook', mergeRequestEvent(6, first))).json() as { queued: string }
    expect((await waitForJob(stack.queue, opened.queued)).returnvalue).toMatchObject({ status: 'posted', inlineComments: 1 })
    gitlab.addCommit(PROJECT, { sha: second, parent: first, diffs: [{ old_path: 'src/grow.ts', new_path: 'src/grow.ts', diff: '@@ -2,0 +3,2 @@\n+three()\n+four()\n' }] })
    gitlab.push(PROJECT, 6, { headSha: second, diffs: [{ old_path: 'src/grow.ts', new_path: 'src/grow.ts', new_file: true, diff: '@@ -0,0 +1,4 @@\n+one()\n+two()\n+three()\n+four()\n' }] })
    const pushed = await (await deliver('Merge Request Hook', mergeRequestEvent(6, second, { action: 'update', oldrev: first }))).json() as { queued: string }
    const job = await waitForJob(stack.queue, pushed.queued)
    expect(job.returnvalue).toMatchObject({ status: 'posted', since: { sha: first, forced: false } })
    const lines = gitlab.notes(PROJECT, 6).filter(note => note.position).map(note => note.position!.new_line)
    expect(lines.sort()).toEqual([1, 3])
  })

  it('waits as long as GitLab asks after a 429, and fails for good naming the token on a 401', async () => {
    const busy = 'f'.repeat(40)
    gitlab.addMergeRequest({ project: PROJECT, iid: 7, title: 'Busy', author: 'ada', baseSha: BASE, headSha: busy, diffs: DIFFS.slice(1, 2) })
    gitlab.inject({ path: /merge_requests\/7$/, method: 'GET', status: 429, headers: { 'retry-after': '1' }, body: 'Retry later\n', times: 1 })
    const started = Date.now()
    const waited = await (await deliver('Merge Request Hook', mergeRequestEvent(7, busy))).json() as { queued: string }
    const job = await waitForJob(stack.queue, waited.queued)
    expect(job.returnvalue).toMatchObject({ status: 'posted' })
    expect(job.attemptsMade).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)

    const refused = '9'.repeat(40)
    gitlab.addMergeRequest({ project: PROJECT, iid: 8, title: 'Refused token', author: 'ada', baseSha: BASE, headSha: refused, diffs: DIFFS.slice(1, 2) })
    gitlab.inject({ path: /merge_requests\/8$/, method: 'GET', status: 401, body: { message: '401 Unauthorized' }, times: 5 })
    const failing = await (await deliver('Merge Request Hook', mergeRequestEvent(8, refused))).json() as { queued: string }
    const failed = await waitForJob(stack.queue, failing.queued)
    expect(await failed.getState()).toBe('failed')
    expect(failed.attemptsMade).toBe(1)
    expect(failed.failedReason).toContain('(check NUXT_GITLAB_TOKEN)')
  })

  it('carries out /revue summary from a Developer, acknowledged with an award emoji, and ignores a Reporter', async () => {
    const commands = new Queue<CommandJobData, CommandOutcome>('pr-command', { connection: stack.redis, prefix: stack.prefix })
    const fromReporter = gitlab.addNote(PROJECT, 3, { author: 'rita', body: '/revue summary' })
    const refused = await (await deliver('Note Hook', noteEvent(3, fromReporter.id, 'rita', '/revue summary'))).json() as { queued: string }
    expect((await waitForJob(commands, refused.queued)).returnvalue).toMatchObject({ status: 'refused' })
    expect(gitlab.awards(fromReporter.id)).toEqual([])

    const fromDeveloper = gitlab.addNote(PROJECT, 3, { author: 'ada', body: '/revue summary' })
    const answer = await (await deliver('Note Hook', noteEvent(3, fromDeveloper.id, 'ada', '/revue summary'))).json() as { queued: string }
    expect(answer.queued).toBe(`gitlab/${PROJECT}#3!${fromDeveloper.id}`)
    expect((await waitForJob(commands, answer.queued)).returnvalue).toMatchObject({ status: 'done' })
    await commands.close()
    expect(gitlab.awards(fromDeveloper.id).map(award => award.name)).toEqual(['eyes'])
    expect(gitlab.notes(PROJECT, 3).some(note => note.body.includes('### Revue summary'))).toBe(true)
  })

  it('answers 202 to events it understands and ignores', async () => {
    const closed = await deliver('Merge Request Hook', mergeRequestEvent(3, HEAD, { state: 'closed', action: 'close' }))
    expect(closed.status).toBe(202)
    expect(await closed.json()).toHaveProperty('ignored')
    const push = await deliver('Push Hook', { object_kind: 'push' })
    expect(push.status).toBe(202)
    expect(await push.json()).toEqual({ ignored: 'event \'Push Hook\' is not handled' })
  })
})

describe('GitLab alone, with no GitHub App configured', () => {
  let gitlab: GitLabFake
  let stack: Stack

  beforeAll(async () => {
    gitlab = await startGitLabServer()
    seed(gitlab)
    stack = await startStack({
      NUXT_GITHUB_APP_ID: '', NUXT_GITHUB_PRIVATE_KEY: '', NUXT_GITHUB_WEBHOOK_SECRET: '', NUXT_GITHUB_APP_SLUG: '',
      NUXT_OAUTH_GITHUB_CLIENT_ID: '', NUXT_OAUTH_GITHUB_CLIENT_SECRET: '',
      NUXT_GITLAB_URL: gitlab.url, NUXT_GITLAB_TOKEN: BOT_TOKEN, NUXT_GITLAB_WEBHOOK_SECRET: SECRET,
      // Pushes within 1.5 s collapse into one review of the newest head.
      NUXT_WORKER_DEBOUNCE_MS: '1500',
    })
    stack.gemini.setHandler(firstAddedLineReviewer())
  })
  afterAll(async () => {
    await stack?.stop()
    await gitlab?.close()
  })

  it('is ready, reviews merge requests, and says GitHub is not used', async () => {
    expect(await (await fetch(`${stack.app.url}/api/ready`)).json()).toMatchObject({ ready: true, github: 'not used', worker: 'ok' })
    const response = await fetch(`${stack.app.url}/api/webhook/gitlab`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET },
      body: JSON.stringify(mergeRequestEvent(3, HEAD)),
    })
    const { queued } = await response.json() as { queued: string }
    expect((await waitForJob(stack.queue, queued)).returnvalue).toMatchObject({ status: 'posted', inlineComments: 3 })
  })

  it('collapses a burst of pushes into one review of the newest head', async () => {
    const heads = ['1', '2', '3'].map(digit => digit.repeat(40))
    gitlab.addMergeRequest({ project: PROJECT, iid: 9, title: 'Bursty', author: 'ada', baseSha: BASE, headSha: heads[0]!, diffs: DIFFS.slice(0, 1) })
    const ids: string[] = []
    for (const [index, head] of heads.entries()) {
      if (index) gitlab.push(PROJECT, 9, { headSha: head })
      const response = await fetch(`${stack.app.url}/api/webhook/gitlab`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET },
        body: JSON.stringify(mergeRequestEvent(9, head, index ? { action: 'update', oldrev: heads[index - 1] } : {})),
      })
      ids.push((await response.json() as { queued: string }).queued)
    }
    expect((await waitForJob(stack.queue, ids[2]!)).returnvalue).toMatchObject({ status: 'posted' })
    expect(await stack.queue.getJob(ids[0]!)).toBeUndefined()
    expect(await stack.queue.getJob(ids[1]!)).toBeUndefined()
    const summaries = gitlab.notes(PROJECT, 9).filter(note => note.body.includes('<!-- revue:review sha='))
    expect(summaries.map(note => note.body.trimEnd().split('\n').at(-1))).toEqual([`<!-- revue:review sha=${heads[2]} -->`])
  })
})
