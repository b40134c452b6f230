// The JSON GitLab answers with for users, projects, notes and commits.
import type { FakeProject } from './project-state'
import type { GitLabState } from './state'
import type { FakeGitLabUser, StoredNote } from './types'

export function userJson(state: GitLabState, user: FakeGitLabUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: `https://secure.gravatar.com/avatar/${user.id}?s=80&d=identicon`,
    web_url: `${state.url}/${user.username}`,
    ...(user.bot ? { bot: true } : {}),
  }
}

export function namedUserJson(state: GitLabState, username: string): Record<string, unknown> {
  return userJson(state, state.users.require(username))
}

export function projectWebUrl(state: GitLabState, project: FakeProject): string {
  return `${state.url}/${project.path}`
}

export function projectJson(state: GitLabState, project: FakeProject): Record<string, unknown> {
  const slash = project.path.lastIndexOf('/')
  const namespace = project.path.slice(0, slash)
  return {
    id: project.id,
    description: null,
    name: project.path.slice(slash + 1),
    name_with_namespace: project.path.split('/').join(' / '),
    path: project.path.slice(slash + 1),
    path_with_namespace: project.path,
    created_at: '2026-01-01T00:00:00.000Z',
    default_branch: project.defaultBranch,
    visibility: 'private',
    ssh_url_to_repo: `git@127.0.0.1:${project.path}.git`,
    http_url_to_repo: `${projectWebUrl(state, project)}.git`,
    web_url: projectWebUrl(state, project),
    namespace: { id: project.id + 1000, name: namespace, path: namespace.split('/').pop(), kind: 'group', full_path: namespace, web_url: `${state.url}/groups/${namespace}` },
  }
}

export function noteJson(state: GitLabState, note: StoredNote, noteableId: number): Record<string, unknown> {
  return {
    id: note.id,
    type: note.type,
    body: note.body,
    attachment: null,
    author: namedUserJson(state, note.author),
    created_at: note.createdAt,
    updated_at: note.createdAt,
    system: note.system,
    noteable_id: noteableId,
    noteable_type: 'MergeRequest',
    project_id: state.projects.require(note.project).id,
    resolvable: note.type !== null,
    ...(note.type !== null ? { resolved: false, resolved_by: null } : {}),
    confidential: false,
    internal: false,
    noteable_iid: note.iid,
    commands_changes: {},
    ...(note.position ? { position: { ...note.position, line_range: null } } : {}),
  }
}

export function commitJson(state: GitLabState, project: FakeProject, sha: string, message = `Commit ${sha.slice(0, 8)}`): Record<string, unknown> {
  const commit = project.commits.get(sha)
  return {
    id: sha,
    short_id: sha.slice(0, 8),
    title: message.split('\n')[0],
    message,
    author_name: 'Ada',
    author_email: 'ada@example.com',
    created_at: '2026-01-01T00:00:00.000Z',
    parent_ids: commit?.parent ? [commit.parent] : [],
    web_url: `${projectWebUrl(state, project)}/-/commit/${sha}`,
  }
}
