import type { OwnPost } from '../forge'
import type { GitLabApi } from './client'
import type { GitLabIdentity } from './identity'
import type { GitLabMergeRequestRef, GitLabProject } from './merge-requests'

interface NoteLike {
  id: number
  body: string
  system: boolean
  type?: string | null
  author: { id: number }
}

/**
 * Revue's own notes on the merge request's overview, oldest first: its summaries and its answers to commands. System
 * notes and the notes of its inline discussions (DiffNote) are left out.
 */
export async function listOwnNotes(api: GitLabApi, ref: GitLabMergeRequestRef, project: GitLabProject, identity: GitLabIdentity): Promise<OwnPost[]> {
  const notes = await api.MergeRequestNotes.all(ref.projectId, ref.iid, { sort: 'asc', orderBy: 'created_at', perPage: 100 }) as unknown as NoteLike[]
  return notes
    .filter(note => note.author.id === identity.userId && !note.system && note.type !== 'DiffNote')
    .sort((a, b) => a.id - b.id)
    .map(note => toOwnPost(ref, project, note))
}

export async function createNote(api: GitLabApi, ref: GitLabMergeRequestRef, project: GitLabProject, body: string): Promise<OwnPost> {
  const note = await api.MergeRequestNotes.create(ref.projectId, ref.iid, body) as unknown as NoteLike
  return toOwnPost(ref, project, note)
}

/** The 👀 award emoji on a command's note. */
export async function awardEyes(api: GitLabApi, ref: GitLabMergeRequestRef, noteId: number): Promise<void> {
  await api.MergeRequestNoteAwardEmojis.award(ref.projectId, ref.iid, noteId, 'eyes')
}

export function toOwnPost(ref: GitLabMergeRequestRef, project: GitLabProject, note: Pick<NoteLike, 'id' | 'body'>): OwnPost {
  return { id: note.id, url: `${project.webUrl}/-/merge_requests/${ref.iid}#note_${note.id}`, body: note.body }
}
