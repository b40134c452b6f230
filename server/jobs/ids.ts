import type { CommandJobData, ForgeName, ReviewJobData } from '#shared/schemas/job'

/**
 * Job ids, the whole grammar. They are lowercased, so every delivery for the same thing maps to the same job:
 *
 *   owner/repo#12@<head sha>             the review of a head commit, one per head
 *   owner/repo#12@<head sha>~<run>       a re-run of it: from the dashboard (`run`: the time in base 36), or from
 *                                        `/revue review` (`c<comment id>`); `shadow-<time>` a shadow run
 *   owner/repo#12!<comment id>           a `/revue` command, one per comment
 *
 * On GitLab the same, after `gitlab/` and the project's full path (`gitlab/group/sub/project#7@<sha>`, 7 the merge
 * request's iid, `!<note id>` for a command): three segments or more, where GitHub's have two, which stay as they were.
 * (BullMQ refuses `:` in a job id.)
 */
export type JobId
  = | { kind: 'review', repo: string, prNumber: number, headSha: string, run?: string }
    | { kind: 'command', repo: string, prNumber: number, commentId: number }

const REVIEW = /^([^#]+)#(\d+)@([0-9a-f]{40})(?:~([\w-]{1,64}))?$/
const COMMAND = /^([^#]+)#(\d+)!(\d+)$/

const SHADOW_RUN = /^shadow-[\w]+$/

/** What starts a GitLab project's repository key. */
export const GITLAB_PREFIX = 'gitlab/'

/**
 * How Redis keys name a job's installation (its circuit breaker, its shadow runs): GitHub's installation id as it
 * always was, `gitlab-<project id>` on GitLab, so the two forges' numbers never share a key.
 */
export function installationKey(data: { forge?: ForgeName, installationId: number }): string {
  return `${data.forge === 'gitlab' ? 'gitlab-' : ''}${data.installationId}`
}

/** How a job's repository is named in its id, its Redis keys and its live channel: `owner/repo`, `gitlab/path`. */
export function repoKey(data: { forge?: ForgeName, owner: string, repo: string }): string {
  return `${data.forge === 'gitlab' ? GITLAB_PREFIX : ''}${data.owner}/${data.repo}`
}

/** Repository keys of GitLab projects: `gitlab/` and the full path, which has a namespace and a name at least. */
export const GITLAB_KEY = /^gitlab\/[\w.-]+(?:\/[\w.-]+)+$/

/** Whether a repository key names a GitLab project (`gitlab/group/project`) rather than a GitHub repository. */
export function isGitLabKey(repo: string): boolean {
  return GITLAB_KEY.test(repo)
}

/** What a job id names, or undefined when it is not one Revue makes. */
export function parseJobId(id: string): JobId | undefined {
  const review = REVIEW.exec(id)
  if (review) return { kind: 'review', repo: review[1]!, prNumber: Number(review[2]), headSha: review[3]!, ...(review[4] ? { run: review[4] } : {}) }
  const command = COMMAND.exec(id)
  if (command) return { kind: 'command', repo: command[1]!, prNumber: Number(command[2]), commentId: Number(command[3]) }
  return undefined
}

/** One job per (repository, pull request, head commit), and one per re-run of it. */
export function reviewJobId(data: Pick<ReviewJobData, 'forge' | 'owner' | 'repo' | 'prNumber' | 'headSha'>, run?: string): string {
  const id = `${repoKey(data)}#${data.prNumber}@${data.headSha}`.toLowerCase()
  return run ? `${id}~${run}` : id
}

/** One job per `/revue` comment: a redelivered comment maps to the same id. */
export function commandJobId(data: Pick<CommandJobData, 'forge' | 'owner' | 'repo' | 'prNumber' | 'commentId'>): string {
  return `${repoKey(data)}#${data.prNumber}!${data.commentId}`.toLowerCase()
}

/** A shadow run's `run` part: `shadow-<time in base 36>`. */
export function shadowRun(now = Date.now()): string {
  return `shadow-${now.toString(36)}`
}

/** Whether a job id names a `/revue` command rather than a review. */
export function isCommandJobId(id: string): boolean {
  return parseJobId(id)?.kind === 'command'
}

/** Whether a job id names a shadow run. */
export function isShadowJobId(id: string): boolean {
  const parsed = parseJobId(id)
  return parsed?.kind === 'review' && SHADOW_RUN.test(parsed.run ?? '')
}

/** The repository a job id names, lowercased; '' when it is not a job id. */
export function repoOfJobId(id: string): string {
  return parseJobId(id)?.repo ?? ''
}
