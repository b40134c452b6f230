import { describe, expect, it } from 'vitest'
import { decideNoteEvent, NoteEventSchema } from '../../../../server/forges/gitlab/note-event'
import type { GitLabIdentity } from '../../../../server/forges/gitlab/identity'
import example from '../../../fixtures/gitlab/note-merge-request.json'
import commitExample from '../../../fixtures/gitlab/note-commit.json'
import mergeRequestExample from '../../../fixtures/gitlab/merge-request.json'

const REVUE: GitLabIdentity = { userId: 42, username: 'revue' }

/** GitLab's documented note on a merge request, with some note attributes and top-level fields changed. */
const payload = (attributes: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  ({ ...example, ...rest, object_attributes: { ...example.object_attributes, ...attributes } })

const decide = (attributes: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  decideNoteEvent(NoteEventSchema.parse(payload(attributes, rest)), REVUE)

const onMergeRequest = (changes: Record<string, unknown>) => ({ merge_request: { ...example.merge_request, ...changes } })

describe('decideNoteEvent', () => {
  it('queues a command from a person on an open merge request', () => {
    expect(decide({ note: '/revue review' })).toEqual({
      command: { command: 'review', projectId: 5, projectPath: 'gitlab-org/gitlab-test', iid: 1, noteId: 1244, author: 'root', title: 'Tempora et eos debitis quae laborum et.' },
    })
  })

  it('reads commands as on GitHub: the first /revue line, an unknown word asking for the help', () => {
    expect(decide({ note: 'Thanks!\n/Revue Summary\nmore text' })).toMatchObject({ command: { command: 'summary' } })
    expect(decide({ note: '/revue' })).toMatchObject({ command: { command: 'help' } })
    expect(decide({ note: '/revue deploy' })).toMatchObject({ command: { command: 'help', unknown: 'deploy' } })
    expect(decide({ note: 'we could run /revue review later' })).toEqual({ ignored: 'the note is not a /revue command' })
  })

  it('ignores the documented note, which is no command, and notes on anything but a merge request', () => {
    expect(decideNoteEvent(NoteEventSchema.parse(example), REVUE)).toEqual({ ignored: 'the note is not a /revue command' })
    expect(decideNoteEvent(NoteEventSchema.parse(commitExample), REVUE)).toEqual({ ignored: 'the note is on a Commit, not a merge request' })
  })

  it('ignores edits, system notes, Revue\'s own notes and bots, saying why', () => {
    expect(decide({ note: '/revue review', action: 'update' })).toEqual({ ignored: 'action \'update\' does not carry a command' })
    expect(decide({ note: '/revue review', system: true })).toEqual({ ignored: 'the note is a system note' })
    expect(decide({ note: '/revue review' }, { user: { ...example.user, id: 42, username: 'revue' } })).toEqual({ ignored: 'the note is Revue\'s own' })
    expect(decide({ note: '/revue review' }, { user: { ...example.user, id: 9, username: 'project_5_bot_e3a1' } })).toEqual({ ignored: 'the author project_5_bot_e3a1 is a bot' })
  })

  it('ignores commands on merged and closed merge requests', () => {
    expect(decide({ note: '/revue review' }, onMergeRequest({ state: 'merged' }))).toEqual({ ignored: 'the merge request is merged' })
    expect(decide({ note: '/revue review' }, onMergeRequest({ state: 'closed' }))).toEqual({ ignored: 'the merge request is closed' })
  })

  it('takes a note without action, as GitLab sent before 16.11, for a new note', () => {
    expect(decide({ note: '/revue help', action: undefined })).toMatchObject({ command: { command: 'help' } })
  })
})

describe('NoteEventSchema', () => {
  it('reads the documented notes and rejects other events or a note on a merge request without it', () => {
    expect(NoteEventSchema.safeParse(example).success).toBe(true)
    expect(NoteEventSchema.safeParse(commitExample).success).toBe(true)
    expect(NoteEventSchema.safeParse(mergeRequestExample).success).toBe(false)
    expect(NoteEventSchema.safeParse(payload({}, { merge_request: undefined })).error?.issues[0]).toMatchObject({
      path: ['merge_request'],
      message: 'is missing from a note on a merge request',
    })
  })
})
