import { HTML_URL, numericId, type FakeState, type PullState, type RepoPermissions } from './state'

export function userJson(state: FakeState, user: { login: string, type: 'User' | 'Bot' | 'Organization', id?: number }): Record<string, unknown> {
  const id = user.id ?? numericId(user.login, 100_000)
  const isBot = user.type === 'Bot'
  return {
    login: user.login,
    id,
    node_id: `${isBot ? 'BOT' : 'U'}_kgDO${id.toString(36)}`,
    avatar_url: `https://avatars.githubusercontent.com/${isBot ? 'in/' : 'u/'}${id}?v=4`,
    url: `${state.url}/users/${encodeURIComponent(user.login)}`,
    html_url: isBot ? `${HTML_URL}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${HTML_URL}/${user.login}`,
    type: user.type,
    site_admin: false,
  }
}

// `permissions` is only in answers to a user-to-server token, as on GitHub.
export function repoJson(state: FakeState, owner: string, repo: string, permissions?: RepoPermissions): Record<string, unknown> {
  const id = state.repoId(owner, repo)
  const fullName = `${owner}/${repo}`
  const isPrivate = state.isPrivate(owner, repo)
  const json: Record<string, unknown> = {
    id,
    node_id: `R_kgDO${id.toString(36)}`,
    name: repo,
    full_name: fullName,
    private: isPrivate,
    owner: userJson(state, { login: owner, type: 'Organization' }),
    html_url: `${HTML_URL}/${fullName}`,
    url: `${state.url}/repos/${fullName}`,
    fork: false,
    default_branch: state.repoFiles.defaultBranch(owner, repo),
    visibility: isPrivate ? 'private' : 'public',
  }
  if (permissions) json.permissions = { ...permissions }
  return json
}

export function pullUrl(state: FakeState, pull: PullState): string {
  return `${state.url}/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}`
}

export function pullHtmlUrl(pull: PullState): string {
  return `${HTML_URL}/${pull.owner}/${pull.repo}/pull/${pull.number}`
}
