import { pluralize } from '#shared/utils/plural'
import type { InlineComment, OwnPost, ReviewToPost } from '../forge'
import type { GitLabApi } from './client'
import { linePosition, type GitLabDiff } from './diff'
import { gitLabStatus } from './errors'
import type { GitLabIdentity } from './identity'
import { reviewedVersion, type DiffRefs, type GitLabMergeRequestRef, type GitLabProject } from './merge-requests'
import { createNote } from './notes'

/** A text position on a merge request's diff, in GitLab's terms. */
export interface TextPosition extends DiffRefs {
  position_type: 'text'
  old_path: string
  new_path: string
  old_line?: number
  new_line?: number
}

interface DiscussionLike {
  notes?: Array<{ body: string, author: { id: number }, position?: Partial<TextPosition> | null }>
}

/**
 * Posts a review as GitLab has none: one discussion per inline comment, anchored by a text position, then one note
 * with the body. GitLab judges each position on its own; a refused one (400) goes into the body. A comment Revue
 * already posted at the same place with the same words (an attempt that crashed midway) is not posted again.
 */
export async function postReviewDiscussions(api: GitLabApi, ref: GitLabMergeRequestRef, project: GitLabProject, identity: GitLabIdentity, review: ReviewToPost, warn: (message: string) => unknown): Promise<{ post: OwnPost, refused: InlineComment[] }> {
  const refused: InlineComment[] = []
  if (review.comments.length) {
    const { refs, diffs } = await reviewedVersion(api, ref, review.headSha)
    const posted = await _postedPlaces(api, ref, identity)
    for (const comment of review.comments) {
      const position = textPosition(diffs, refs, comment)
      if (posted.has(_placeKey(position, comment.body))) continue
      try {
        await api.MergeRequestDiscussions.create(ref.projectId, ref.iid, comment.body, { position: position as never })
      }
      catch (error) {
        if (gitLabStatus(error) !== 400) throw error
        refused.push(comment)
      }
    }
    if (refused.length) await warn(`GitLab refused ${pluralize(refused.length, 'inline comment')} on lines outside the diff; listing them in the summary instead`)
  }
  return { post: await createNote(api, ref, project, review.body(refused)), refused }
}

/**
 * Where a comment goes: the lines the file's hunks give it (both numbers on a context line). A line the hunks do not
 * show keeps the number asked for, and GitLab refuses it.
 */
export function textPosition(diffs: GitLabDiff[], refs: DiffRefs, comment: InlineComment): TextPosition {
  const diff = diffs.find(d => d.new_path === comment.path) ?? diffs.find(d => d.old_path === comment.path)
  const lines = (diff && linePosition(diff.diff, comment)) ?? (comment.side === 'LEFT' ? { old_line: comment.line } : { new_line: comment.line })
  return { ...refs, position_type: 'text', old_path: diff?.old_path ?? comment.path, new_path: diff?.new_path ?? comment.path, ...lines }
}

async function _postedPlaces(api: GitLabApi, ref: GitLabMergeRequestRef, identity: GitLabIdentity): Promise<Set<string>> {
  const discussions = await api.MergeRequestDiscussions.all(ref.projectId, ref.iid, { perPage: 100 }) as unknown as DiscussionLike[]
  const places = new Set<string>()
  for (const note of discussions.flatMap(discussion => discussion.notes ?? [])) {
    if (note.author.id === identity.userId && note.position) places.add(_placeKey(note.position, note.body))
  }
  return places
}

function _placeKey(position: Partial<TextPosition>, body: string): string {
  return JSON.stringify([position.head_sha, position.new_path, position.old_line ?? null, position.new_line ?? null, body])
}
