import examples from '@octokit/webhooks-examples'

export interface PullRequestOptions {
  action?: string
  owner?: string
  repo?: string
  number?: number
  title?: string
  headSha?: string
  draft?: boolean
  state?: 'open' | 'closed'
  author?: { login: string, type: 'User' | 'Bot' }
  installationId?: number
  requestedReviewer?: { login: string, type: 'User' | 'Bot' }
}

interface User { login: string, type: string }
/** The parts of the example payload that are pointed elsewhere; the rest is kept as GitHub sent it. */
interface PullRequestPayload {
  [key: string]: unknown
  number: number
  installation?: { id: number, node_id: string }
  repository: { name: string, full_name: string, owner: { login: string } }
  pull_request: { number: number, title: string, state: string, draft: boolean, user: User, head: { sha: string } }
  requested_reviewer?: User
}

/** A real `pull_request` delivery from @octokit/webhooks-examples, pointed at the given repository and head. */
export function pullRequestPayload(options: PullRequestOptions = {}): PullRequestPayload {
  const action = options.action ?? 'opened'
  const definition = examples.find(example => example.name === 'pull_request')
  const example = definition?.examples.find(candidate => 'action' in candidate && candidate.action === action && 'installation' in candidate)
  if (!example) throw new Error(`No pull_request.${action} example with an installation`)
  const payload = structuredClone(example) as unknown as PullRequestPayload
  const owner = options.owner ?? 'octo-org'
  const repo = options.repo ?? 'hello'
  const number = options.number ?? 1
  payload.number = number
  payload.installation = { id: options.installationId ?? 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' }
  Object.assign(payload.repository, { name: repo, full_name: `${owner}/${repo}` })
  Object.assign(payload.repository.owner, { login: owner })
  Object.assign(payload.pull_request, {
    number,
    title: options.title ?? payload.pull_request.title,
    state: options.state ?? 'open',
    draft: options.draft ?? false,
    user: { ...payload.pull_request.user, ...(options.author ?? { login: 'octocat', type: 'User' }) },
  })
  payload.pull_request.head.sha = options.headSha ?? 'a'.repeat(40)
  if (options.requestedReviewer) payload.requested_reviewer = { ...payload.requested_reviewer, ...options.requestedReviewer }
  return payload
}

export interface IssueCommentOptions {
  owner?: string
  repo?: string
  // the pull request commented on
  number?: number
  // the pull request's title
  title?: string
  installationId?: number
  // e.g. what GitHubFake.addIssueComment returned
  comment?: { id?: number, body?: string, user?: { login: string, type: 'User' | 'Bot' }, author_association?: string }
}

/** The parts of the example payload that are pointed elsewhere; the rest is kept as GitHub sent it. */
interface IssueCommentPayload {
  [key: string]: unknown
  action: string
  installation?: { id: number, node_id: string }
  repository: { name: string, full_name: string, owner: { login: string } }
  issue: { number: number, title: string, url: string, html_url: string, pull_request?: { url: string, html_url: string, diff_url: string, patch_url: string, merged_at: string | null } }
  comment: { id: number, body: string, user: User, author_association: string, url: string, html_url: string, issue_url: string }
  sender: User
}

/** A real `issue_comment.created` delivery from @octokit/webhooks-examples, made a comment on the given pull request. */
export function issueCommentPayload(options: IssueCommentOptions = {}): IssueCommentPayload {
  const definition = examples.find(example => example.name === 'issue_comment')
  const example = definition?.examples.find(candidate => 'action' in candidate && candidate.action === 'created' && 'installation' in candidate)
  if (!example) throw new Error('No issue_comment.created example with an installation')
  const payload = structuredClone(example) as unknown as IssueCommentPayload
  const owner = options.owner ?? 'octo-org'
  const repo = options.repo ?? 'hello'
  const number = options.number ?? 1
  const api = `https://api.github.com/repos/${owner}/${repo}`
  const html = `https://github.com/${owner}/${repo}/pull/${number}`
  const id = options.comment?.id ?? payload.comment.id
  const user = options.comment?.user ?? { login: 'octocat', type: 'User' }
  payload.installation = { id: options.installationId ?? 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' }
  Object.assign(payload.repository, { name: repo, full_name: `${owner}/${repo}` })
  Object.assign(payload.repository.owner, { login: owner })
  Object.assign(payload.issue, { number, title: options.title ?? payload.issue.title, url: `${api}/issues/${number}`, html_url: html })
  // what makes it a comment on a pull request rather than on an issue
  payload.issue.pull_request = { url: `${api}/pulls/${number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null }
  Object.assign(payload.comment, {
    id,
    body: options.comment?.body ?? payload.comment.body,
    user: { ...payload.comment.user, ...user },
    author_association: options.comment?.author_association ?? payload.comment.author_association,
    url: `${api}/issues/comments/${id}`,
    html_url: `${html}#issuecomment-${id}`,
    issue_url: `${api}/issues/${number}`,
  })
  // the commenter sent it
  payload.sender = { ...payload.sender, ...user }
  return payload
}
