import { HTML_URL, isoSeconds, numericId } from './ids'
import type { PullState } from './pull-state'
import type { FakeState, RepoPermissions } from './state'

// The link templates GitHub puts on every user and repository, relative to its API url.
const USER_LINKS = {
  followers: '/followers', following: '/following{/other_user}', gists: '/gists{/gist_id}', starred: '/starred{/owner}{/repo}',
  subscriptions: '/subscriptions', organizations: '/orgs', repos: '/repos', events: '/events{/privacy}', received_events: '/received_events',
}
const REPO_LINKS = {
  archive: '/{archive_format}{/ref}', assignees: '/assignees{/user}', blobs: '/git/blobs{/sha}', branches: '/branches{/branch}',
  collaborators: '/collaborators{/collaborator}', comments: '/comments{/number}', commits: '/commits{/sha}', compare: '/compare/{base}...{head}',
  contents: '/contents/{+path}', contributors: '/contributors', deployments: '/deployments', downloads: '/downloads', events: '/events',
  forks: '/forks', git_commits: '/git/commits{/sha}', git_refs: '/git/refs{/sha}', git_tags: '/git/tags{/sha}', hooks: '/hooks',
  issue_comment: '/issues/comments{/number}', issue_events: '/issues/events{/number}', issues: '/issues{/number}', keys: '/keys{/key_id}',
  labels: '/labels{/name}', languages: '/languages', merges: '/merges', milestones: '/milestones{/number}',
  notifications: '/notifications{?since,all,participating}', pulls: '/pulls{/number}', releases: '/releases{/id}', stargazers: '/stargazers',
  statuses: '/statuses/{sha}', subscribers: '/subscribers', subscription: '/subscription', tags: '/tags', teams: '/teams', trees: '/git/trees{/sha}',
}

export function links(url: string, templates: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(templates).map(([name, path]) => [`${name}_url`, url + path]))
}

export function userJson(state: FakeState, user: { login: string, type: 'User' | 'Bot' | 'Organization', id?: number }): Record<string, unknown> {
  const id = user.id ?? numericId(user.login, 100_000)
  const isBot = user.type === 'Bot'
  const url = `${state.url}/users/${encodeURIComponent(user.login)}`
  return {
    login: user.login,
    id,
    node_id: `${isBot ? 'BOT' : 'U'}_kgDO${id.toString(36)}`,
    avatar_url: `https://avatars.githubusercontent.com/${isBot ? 'in/' : 'u/'}${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: isBot ? `${HTML_URL}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${HTML_URL}/${user.login}`,
    ...links(url, USER_LINKS),
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  }
}

// `permissions` is only in answers to a user-to-server token, as on GitHub.
export function repoJson(state: FakeState, owner: string, repo: string, permissions?: RepoPermissions): Record<string, unknown> {
  const id = state.access.repoId(owner, repo)
  const fullName = `${owner}/${repo}`
  const isPrivate = state.access.isPrivate(owner, repo)
  const url = `${state.url}/repos/${fullName}`
  const created = isoSeconds(Date.UTC(2024, 0, 1))
  const openIssues = state.pulls.of(owner, repo).filter(p => p.state === 'open').length
  const json: Record<string, unknown> = {
    id,
    node_id: `R_kgDO${id.toString(36)}`,
    name: repo,
    full_name: fullName,
    private: isPrivate,
    owner: userJson(state, { login: owner, type: 'Organization' }),
    html_url: `${HTML_URL}/${fullName}`,
    description: null,
    fork: false,
    url,
    ...links(url, REPO_LINKS),
    created_at: created, updated_at: created, pushed_at: created,
    git_url: `git://github.com/${fullName}.git`, ssh_url: `git@github.com:${fullName}.git`, clone_url: `${HTML_URL}/${fullName}.git`, svn_url: `${HTML_URL}/${fullName}`,
    homepage: null, language: null, mirror_url: null, license: null, topics: [],
    size: 0, stargazers_count: 0, watchers_count: 0, watchers: 0, forks_count: 0, forks: 0, network_count: 0, subscribers_count: 0,
    open_issues_count: openIssues, open_issues: openIssues,
    has_issues: true, has_projects: true, has_downloads: true, has_wiki: true, has_pages: false, has_discussions: false,
    archived: false, disabled: false, allow_forking: !isPrivate, is_template: false, web_commit_signoff_required: false,
    visibility: isPrivate ? 'private' : 'public',
    default_branch: state.repoFiles.defaultBranch(owner, repo),
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
