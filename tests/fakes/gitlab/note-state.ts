// The fake's notes on merge requests, the discussions that hold them, and the award emoji on them.
import { randomBytes } from 'node:crypto'
import type { StoredAward, StoredDiscussion, StoredNote, TextPosition } from './types'

export class NoteState {
  readonly notes: StoredNote[] = []
  readonly discussions: StoredDiscussion[] = []
  readonly awards: StoredAward[] = []
  private nextNote = 7000
  private nextAward = 300

  /** A note in a new discussion: an overview note (individual), a thread, or a diff thread when it has a position. */
  add(input: { project: string, iid: number, body: string, author: string, system?: boolean, position?: TextPosition, thread?: boolean }): StoredNote {
    const discussion: StoredDiscussion = { id: randomBytes(20).toString('hex'), project: input.project, iid: input.iid, individualNote: !input.position && !input.thread, noteIds: [] }
    const note: StoredNote = {
      id: this.nextNote++,
      project: input.project,
      iid: input.iid,
      discussionId: discussion.id,
      type: input.position ? 'DiffNote' : input.thread ? 'DiscussionNote' : null,
      body: input.body,
      author: input.author,
      system: input.system ?? false,
      createdAt: new Date(Date.UTC(2026, 0, 1) + this.nextNote * 1000).toISOString(),
      ...(input.position ? { position: input.position } : {}),
    }
    discussion.noteIds.push(note.id)
    this.discussions.push(discussion)
    this.notes.push(note)
    return note
  }

  of(project: string, iid: number): StoredNote[] {
    return this.notes.filter(note => note.project.toLowerCase() === project.toLowerCase() && note.iid === iid)
  }

  discussionsOf(project: string, iid: number): StoredDiscussion[] {
    return this.discussions.filter(d => d.project.toLowerCase() === project.toLowerCase() && d.iid === iid)
  }

  award(noteId: number, name: string, user: string): StoredAward | undefined {
    if (this.awards.some(a => a.noteId === noteId && a.name === name && a.user === user)) return undefined
    const award = { id: this.nextAward++, name, user, noteId }
    this.awards.push(award)
    return award
  }
}
