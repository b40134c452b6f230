import examples from '@octokit/webhooks-examples'

export interface PullRequestOptions {
  action?: string
  owner?: string
  repo?: string
  number?: number
  headSha?: string
  draft?: boolean
  state?: 'open' | 'closed'
  author?: { login: string, type: 'User' | 'Bot' }
  installationId?: number
  requestedReviewer?: { login: string, type: 'User' | 'Bot' }
}

/** A real `pull_request` delivery from @octokit/webhooks-examples, pointed at the given repository and head. */
export function pullRequestPayload(options: PullRequestOptions = {}): Record<string, unknown> {
  const action = options.action ?? 'opened'
  const definition = examples.find(example => example.name === 'pull_request')
  const example = definition?.examples.find(candidate => candidate.action === action && 'installation' in candidate)
  if (!example) throw new Error(`No pull_request.${action} example with an installation`)
  const payload = structuredClone(example) as unknown as Record<string, any>
  const owner = options.owner ?? 'octo-org'
  const repo = options.repo ?? 'hello'
  const number = options.number ?? 1
  payload.number = number
  payload.installation = { id: options.installationId ?? 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' }
  Object.assign(payload.repository, { name: repo, full_name: `${owner}/${repo}` })
  Object.assign(payload.repository.owner, { login: owner })
  Object.assign(payload.pull_request, {
    number,
    state: options.state ?? 'open',
    draft: options.draft ?? false,
    user: { ...payload.pull_request.user, ...(options.author ?? { login: 'octocat', type: 'User' }) },
  })
  payload.pull_request.head.sha = options.headSha ?? 'a'.repeat(40)
  if (options.requestedReviewer) payload.requested_reviewer = { ...payload.requested_reviewer, ...options.requestedReviewer }
  return payload
}
