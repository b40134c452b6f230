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
