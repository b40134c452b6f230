import { z } from 'zod'
import type { CommandName } from '#shared/schemas/job'
import { parseCommand } from '../command'
import type { GitLabIdentity } from './identity'
import { GitLabProjectSchema, GitLabUserSchema, isBotUsername, isIdentity } from './webhook-event'

/** The fields of a Note Hook that Revue reads. Notes on commits, issues and snippets parse too, to be ignored. */
export const NoteEventSchema = z.object({
  object_kind: z.literal('note'),
  user: GitLabUserSchema,
  project: GitLabProjectSchema,
  object_attributes: z.object({
    id: z.number().int().positive(),
    note: z.string().nullable(),
    noteable_type: z.string(),
    system: z.boolean().default(false),
    // `create` or `update`; GitLab before 16.11 sends no action, and only for new notes.
    action: z.string().default('create'),
  }),
  merge_request: z.object({
    iid: z.number().int().positive(),
    title: z.string().default(''),
    state: z.string(),
  }).optional(),
}).refine(event => event.object_attributes.noteable_type !== 'MergeRequest' || event.merge_request, {
  message: 'is missing from a note on a merge request',
  path: ['merge_request'],
})
export type NoteEvent = z.infer<typeof NoteEventSchema>

/** A `/revue …` command from a merge request note. */
export interface MergeRequestCommand {
  projectId: number
  projectPath: string
  iid: number
  noteId: number
  author: string
  command: CommandName
  /** The word after `/revue` when it is not a command; the help is given instead. */
  unknown?: string
  title: string
}

export type NoteDecision = { command: MergeRequestCommand } | { ignored: string }

/**
 * Whether a Note Hook is a command for Revue. Bots (Revue included) are never obeyed; whether the author may give
 * commands (Developer or more) is checked by the worker, which can ask GitLab.
 */
export function decideNoteEvent(event: NoteEvent, identity: GitLabIdentity): NoteDecision {
  const { object_attributes: note, merge_request: mergeRequest } = event
  // The schema requires `merge_request` on a note on a merge request; the second test only tells TypeScript so.
  if (note.noteable_type !== 'MergeRequest' || !mergeRequest) return { ignored: `the note is on a ${note.noteable_type}, not a merge request` }
  if (note.action !== 'create') return { ignored: `action '${note.action}' does not carry a command` }
  if (note.system) return { ignored: 'the note is a system note' }
  if (isIdentity(event.user, identity)) return { ignored: 'the note is Revue\'s own' }
  if (isBotUsername(event.user.username)) return { ignored: `the author ${event.user.username} is a bot` }
  if (mergeRequest.state !== 'opened') return { ignored: `the merge request is ${mergeRequest.state}` }
  const parsed = parseCommand(note.note)
  if (!parsed) return { ignored: 'the note is not a /revue command' }
  return {
    command: {
      ...parsed,
      projectId: event.project.id,
      projectPath: event.project.path_with_namespace,
      iid: mergeRequest.iid,
      noteId: note.id,
      author: event.user.username,
      title: mergeRequest.title,
    },
  }
}
