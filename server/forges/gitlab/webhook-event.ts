import { z } from 'zod'
import type { GitLabIdentity } from './identity'

/**
 * The usernames GitLab gives machine users. A webhook's `user` carries no bot flag (only id, name, username,
 * avatar_url, email), so the username is all there is: project and group access tokens act as
 * `project_<id>_bot…` and `group_<id>_bot…` (`_bot`, `_bot2`, `_bot_<random>` across GitLab versions), service
 * accounts as `service_account_…`, and GitLab's own bots (`alert-bot`, `support-bot`…) and most others end in
 * `-bot` or `_bot`.
 */
const BOT_USERNAME = /^(?:project|group)_\d+_bot|^service_account_|[-_]bot\d*$/i

export function isBotUsername(username: string): boolean {
  return BOT_USERNAME.test(username)
}

/** Whether a webhook's user (or a listed reviewer) is Revue: by id when GitLab sends it, else by username. */
export function isIdentity(user: { id?: number, username: string }, identity: GitLabIdentity): boolean {
  if (user.id !== undefined) return user.id === identity.userId
  return user.username.toLowerCase() === identity.username.toLowerCase()
}

export const GitLabUserSchema = z.object({ id: z.number().int().positive().optional(), username: z.string().min(1) })

export const GitLabProjectSchema = z.object({ id: z.number().int().positive(), path_with_namespace: z.string().min(1) })

export const REVIEWED_ACTIONS = ['open', 'reopen', 'update'] as const

const Sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit SHA')

/** A `changes` entry: GitLab sends the field's value before and after the update. */
const change = <T extends z.ZodType>(value: T) => z.object({ previous: value, current: value }).optional()

/** The fields of a Merge Request Hook that Revue reads; anything else in the payload is ignored. */
export const MergeRequestEventSchema = z.object({
  object_kind: z.literal('merge_request'),
  user: GitLabUserSchema,
  project: GitLabProjectSchema,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    title: z.string(),
    state: z.string(),
    action: z.string(),
    // Present only when the update brought code (a push, or an applied suggestion): only its presence counts.
    oldrev: z.string().optional(),
    // GitLab sends null when the merge request has no commits yet.
    last_commit: z.object({ id: Sha }).nullish(),
  }),
  changes: z.object({
    draft: change(z.boolean().nullable()),
    work_in_progress: change(z.boolean().nullable()),
    reviewers: change(z.array(GitLabUserSchema)),
  }).default({}),
})
export type MergeRequestEvent = z.infer<typeof MergeRequestEventSchema>

/** What a review of a GitLab merge request needs to find it again. */
export interface MergeRequestReview {
  projectId: number
  projectPath: string
  iid: number
  headSha: string
  title: string
  /** `open`, `reopen`, `update` (new commits), `ready` (a draft marked ready) or `reviewer requested`. */
  trigger: string
}

export type MergeRequestDecision = { review: MergeRequestReview } | { ignored: string }

type Changes = MergeRequestEvent['changes']

function _markedReady(changes: Changes): boolean {
  const marked = changes.draft ?? changes.work_in_progress
  return marked?.previous === true && marked.current === false
}

function _revueRequested(changes: Changes, identity: GitLabIdentity): boolean {
  const reviewers = changes.reviewers
  if (!reviewers) return false
  return reviewers.current.some(user => isIdentity(user, identity)) && !reviewers.previous.some(user => isIdentity(user, identity))
}

/** Why an `update` asks for a review, or null when it does not (a title, label or assignee edit, an approval…). */
function _updateTrigger(event: MergeRequestEvent, identity: GitLabIdentity): string | null {
  if (event.object_attributes.oldrev) return 'update'
  if (_markedReady(event.changes)) return 'ready'
  if (_revueRequested(event.changes, identity)) return 'reviewer requested'
  return null
}

/**
 * Whether a Merge Request Hook asks for a review. Drafts are queued: whether they are reviewed is the project's
 * choice (`review_drafts` in its revue.yml), which the worker reads. GitLab names the user who caused the event, not
 * the author, so a bot's push or Revue's own activity is ignored while a person's push to a bot's merge request is
 * reviewed.
 */
export function decideMergeRequestEvent(event: MergeRequestEvent, identity: GitLabIdentity): MergeRequestDecision {
  const attributes = event.object_attributes
  const action = attributes.action
  if (!(REVIEWED_ACTIONS as readonly string[]).includes(action)) return { ignored: `action '${action}' does not trigger a review` }
  if (attributes.state !== 'opened') return { ignored: `the merge request is ${attributes.state}` }
  if (isIdentity(event.user, identity)) return { ignored: 'the event is Revue\'s own' }
  if (isBotUsername(event.user.username)) return { ignored: `the event is by ${event.user.username}, a bot` }
  const trigger = action === 'update' ? _updateTrigger(event, identity) : action
  if (!trigger) return { ignored: 'the update brings no new commits, does not mark a draft ready and does not ask Revue to review' }
  if (!attributes.last_commit) return { ignored: 'the merge request has no commits' }
  return {
    review: {
      projectId: event.project.id,
      projectPath: event.project.path_with_namespace,
      iid: attributes.iid,
      headSha: attributes.last_commit.id,
      title: attributes.title,
      trigger,
    },
  }
}
