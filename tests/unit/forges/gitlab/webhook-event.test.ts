import { describe, expect, it } from 'vitest'
import { decideMergeRequestEvent, isBotUsername, MergeRequestEventSchema } from '../../../../server/forges/gitlab/webhook-event'
import type { GitLabIdentity } from '../../../../server/forges/gitlab/identity'
import example from '../../../fixtures/gitlab/merge-request.json'
import noteExample from '../../../fixtures/gitlab/note-merge-request.json'

const REVUE: GitLabIdentity = { userId: 42, username: 'revue' }
const HEAD = 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7'
const OLDREV = 'b'.repeat(40)
const REVIEWER = example.reviewers[0]!

/** GitLab's documented Merge Request Hook with some attributes and top-level fields changed. */
const payload = (attributes: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  ({ ...example, ...rest, object_attributes: { ...example.object_attributes, ...attributes } })

const decide = (attributes: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  decideMergeRequestEvent(MergeRequestEventSchema.parse(payload(attributes, rest)), REVUE)

// The example's changes without its draft change: an edit of the labels.
const labelsOnly = { changes: { labels: example.changes.labels } }

const reviewersChange = (previous: unknown[], current: unknown[]) => ({ changes: { reviewers: { previous, current } } })

describe('decideMergeRequestEvent', () => {
  it('reviews the documented opened merge request', () => {
    expect(decide()).toEqual({
      review: { projectId: 1, projectPath: 'gitlabhq/gitlab-test', iid: 1, headSha: HEAD, title: 'MS-Viewport', trigger: 'open' },
    })
  })

  it('reviews a reopened merge request and an update that brings commits', () => {
    expect(decide({ action: 'reopen' })).toMatchObject({ review: { trigger: 'reopen' } })
    expect(decide({ action: 'update', oldrev: OLDREV }, labelsOnly)).toMatchObject({ review: { trigger: 'update', headSha: HEAD } })
    // New commits win over the draft marked ready in the same update.
    expect(decide({ action: 'update', oldrev: OLDREV })).toMatchObject({ review: { trigger: 'update' } })
  })

  it('reviews a draft marked ready, as GitLab says it now and said it before 14.0', () => {
    expect(decide({ action: 'update' })).toMatchObject({ review: { trigger: 'ready' } })
    expect(decide({ action: 'update' }, { changes: { work_in_progress: { previous: true, current: false } } })).toMatchObject({ review: { trigger: 'ready' } })
    expect(decide({ action: 'update' }, { changes: { draft: { previous: false, current: true } } }))
      .toEqual({ ignored: 'the update brings no new commits, does not mark a draft ready and does not ask Revue to review' })
  })

  it('reviews when Revue is added as a reviewer, and only then', () => {
    const revue = { ...REVIEWER, id: 42, username: 'revue' }
    expect(decide({ action: 'update' }, reviewersChange([REVIEWER], [REVIEWER, revue]))).toMatchObject({ review: { trigger: 'reviewer requested' } })
    expect(decide({ action: 'update' }, reviewersChange([revue], [revue, REVIEWER]))).toHaveProperty('ignored')
    expect(decide({ action: 'update' }, reviewersChange([], [REVIEWER]))).toHaveProperty('ignored')
    expect(decide({ action: 'update' }, reviewersChange([revue], []))).toHaveProperty('ignored')
    // Without ids, the username tells, in any case.
    expect(decide({ action: 'update' }, reviewersChange([], [{ username: 'Revue' }]))).toMatchObject({ review: { trigger: 'reviewer requested' } })
  })

  it('queues drafts: the project\'s review_drafts decides in the worker', () => {
    expect(decide({ draft: true, work_in_progress: true })).toMatchObject({ review: { trigger: 'open' } })
  })

  it('ignores updates without commits, other actions, and merge requests no longer open, saying why', () => {
    expect(decide({ action: 'update' }, labelsOnly)).toEqual({ ignored: 'the update brings no new commits, does not mark a draft ready and does not ask Revue to review' })
    expect(decide({ action: 'update' }, { changes: {} })).toHaveProperty('ignored')
    expect(decide({ action: 'update' }, { changes: undefined })).toHaveProperty('ignored')
    for (const action of ['close', 'merge', 'approved', 'unapproved', 'approval', 'unapproval']) {
      expect(decide({ action })).toEqual({ ignored: `action '${action}' does not trigger a review` })
    }
    expect(decide({ action: 'update', oldrev: OLDREV, state: 'merged' })).toEqual({ ignored: 'the merge request is merged' })
    expect(decide({ action: 'reopen', state: 'closed' })).toEqual({ ignored: 'the merge request is closed' })
    expect(decide({ state: 'locked' })).toEqual({ ignored: 'the merge request is locked' })
  })

  it('ignores Revue\'s own events and bots\' events', () => {
    expect(decide({}, { user: { ...example.user, id: 42, username: 'revue-renamed' } })).toEqual({ ignored: 'the event is Revue\'s own' })
    expect(decide({}, { user: { username: 'revue' } })).toEqual({ ignored: 'the event is Revue\'s own' })
    expect(decide({}, { user: { ...example.user, id: 7, username: 'project_1_bot_3f9a2c' } })).toEqual({ ignored: 'the event is by project_1_bot_3f9a2c, a bot' })
    // Another user with Revue's username but another id is not Revue: the id decides.
    expect(decide({}, { user: { ...example.user, id: 7, username: 'revue' } })).toHaveProperty('review')
  })

  it('ignores a merge request without commits', () => {
    expect(decide({ last_commit: null })).toEqual({ ignored: 'the merge request has no commits' })
  })
})

describe('isBotUsername', () => {
  it.each([
    'project_1_bot', 'project_12_bot2', 'project_123_bot_3f9a2c71', 'group_7_bot_a1b2', 'service_account_6018816a18e515214e0c34c2b33523fc',
    'alert-bot', 'support-bot', 'renovate-bot', 'release_bot',
  ])('%s is a bot', (username) => {
    expect(isBotUsername(username)).toBe(true)
  })

  it.each(['root', 'user1', 'abbot', 'robotnik', 'bot-herder', 'project_manager'])('%s is a person', (username) => {
    expect(isBotUsername(username)).toBe(false)
  })
})

describe('MergeRequestEventSchema', () => {
  it('reads the documented payload and rejects other events or a malformed head', () => {
    expect(MergeRequestEventSchema.safeParse(example).success).toBe(true)
    expect(MergeRequestEventSchema.safeParse(noteExample).success).toBe(false)
    expect(MergeRequestEventSchema.safeParse(payload({ last_commit: { id: 'nope' } })).error?.issues[0]?.message).toBe('must be a 40-character commit SHA')
    expect(MergeRequestEventSchema.safeParse(payload({ iid: undefined })).success).toBe(false)
    expect(MergeRequestEventSchema.safeParse(payload({}, { project: { id: 1 } })).success).toBe(false)
  })
})
