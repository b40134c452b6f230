// A local stand-in for a GitLab instance's REST v4 API and OAuth provider, written from GitLab's documentation, close
// enough for the real @gitbeaker/rest client to run against it unmodified; on gitlab.com-style URLs or under a path
// prefix.
import { createApp, createRouter, defineEventHandler } from 'h3'
import { listen } from '../listen'
import { takeIn, type Traffic } from './exchange'
import { notFound } from './http'
import { newOAuthState, oauthRoutes, type OAuthState } from './oauth'
import { mergeRequestRoutes } from './merge-requests'
import { noteRoutes } from './notes'
import type { FakeProject } from './project-state'
import { projectRoutes } from './projects'
import { repositoryRoutes } from './repository'
import { exchanges, send } from './route'
import { GitLabState } from './state'
import { statusRoutes } from './statuses'
import type { AccessLevel, FakeCommit, FakeGitLabUser, FakeMergeRequestInput, Fault, RecordedRequest, StoredAward, StoredDiscussion, StoredMergeRequest, StoredNote, StoredStatus } from './types'
import { userRoutes } from './users'

export type * from './types'
export type { FakeProject } from './project-state'
export type { OAuthState } from './oauth'
export { rateLimited } from './exchange'
export { LINE_CODE_REFUSAL } from './positions'

const AREAS = [userRoutes, projectRoutes, mergeRequestRoutes, noteRoutes, statusRoutes, repositoryRoutes]

export interface GitLabFake {
  // the instance URL a client is given: http://127.0.0.1:PORT, or http://127.0.0.1:PORT/gitlab with a prefix
  url: string
  // `${url}/api/v4`
  apiUrl: string
  state: GitLabState
  // the OAuth application (clientId, clientSecret), the access token lifetime in seconds, the grants asked for
  oauth: OAuthState
  // the user who approves the next GET /oauth/authorize
  authorizeAs: (username: string) => void
  // every request, oldest first; `path` is under the API root
  requests: RecordedRequest[]
  addUser: (username: string, options?: { token?: string, bot?: boolean, id?: number, name?: string }) => FakeGitLabUser
  addProject: (path: string, options?: { id?: number, defaultBranch?: string }) => FakeProject
  addMember: (project: string, username: string, level: AccessLevel) => void
  addCommit: (project: string, commit: FakeCommit) => void
  // a file on a ref (a branch name or a sha); null deletes it
  setFile: (project: string, ref: string, path: string, content: string | null) => void
  // registers its base and head commits when the project lacks them
  addMergeRequest: (input: FakeMergeRequestInput) => StoredMergeRequest
  // a push: a new version whose head's parent is the previous head, with its diffs (the previous ones when left out)
  push: (project: string, iid: number, next: { headSha: string, baseSha?: string, diffs?: FakeMergeRequestInput['diffs'] }) => void
  addNote: (project: string, iid: number, note: { author: string, body: string, system?: boolean }) => StoredNote
  notes: (project: string, iid: number) => StoredNote[]
  discussions: (project: string, iid: number) => Array<StoredDiscussion & { notes: StoredNote[] }>
  statuses: (project: string, sha?: string) => StoredStatus[]
  awards: (noteId?: number) => StoredAward[]
  // answers matching requests with the fault instead (before authentication), `times` times
  inject: (fault: Fault) => void
  close: () => Promise<void>
}

export async function startGitLabServer(options: { pathPrefix?: '' | '/gitlab' } = {}): Promise<GitLabFake> {
  const prefix = options.pathPrefix ?? ''
  const apiRoot = `${prefix}/api/v4`
  const state = new GitLabState()
  const oauth = newOAuthState()
  const traffic: Traffic = { requests: [], faults: [] }
  const router = createRouter()
  for (const addRoutes of AREAS) addRoutes(router, apiRoot)
  oauthRoutes(router, prefix, oauth)
  const app = createApp()
  app.use(defineEventHandler(event => takeIn(event, state, traffic, prefix)))
  app.use(router.handler)
  app.use(defineEventHandler(event => send(event, exchanges.get(event)!.record, 404, notFound().body())))
  const listening = await listen(app)
  state.url = `${listening.origin}${prefix}`
  return _handle(state, oauth, traffic, listening.close)
}

function _handle(state: GitLabState, oauth: OAuthState, traffic: Traffic, close: () => Promise<void>): GitLabFake {
  const addCommit = (project: string, commit: FakeCommit) => {
    state.projects.require(project).commits.set(commit.sha, commit)
  }
  const ensureCommit = (project: string, sha: string, parent?: string) => {
    if (!state.projects.require(project).commits.has(sha)) addCommit(project, { sha, ...(parent ? { parent } : {}), diffs: [] })
  }
  return {
    url: state.url,
    oauth,
    authorizeAs: (username) => {
      oauth.approver = state.users.require(username).username
    },
    apiUrl: `${state.url}/api/v4`,
    state,
    requests: traffic.requests,
    addUser: (username, options) => state.users.add(username, options),
    addProject: (path, options) => state.projects.add(path, options),
    addMember: (project, username, level) => {
      state.projects.require(project).members.set(state.users.require(username).username.toLowerCase(), level)
    },
    addCommit,
    setFile: (project, ref, path, content) => {
      const files = state.projects.require(project).files
      if (content === null) files.delete(`${ref}\0${path}`)
      else files.set(`${ref}\0${path}`, content)
    },
    addMergeRequest: (input) => {
      ensureCommit(input.project, input.baseSha)
      ensureCommit(input.project, input.headSha, input.baseSha)
      return state.mergeRequests.add({ ...input, project: state.projects.require(input.project).path })
    },
    push: (project, iid, next) => {
      const mr = state.mergeRequests.require(state.projects.require(project).path, iid)
      ensureCommit(project, next.headSha, mr.versions[0]?.head_commit_sha)
      state.mergeRequests.push(mr, next)
    },
    addNote: (project, iid, note) => state.notes.add({ project: state.projects.require(project).path, iid, ...note }),
    notes: (project, iid) => state.notes.of(project, iid),
    discussions: (project, iid) => state.notes.discussionsOf(project, iid).map(d => ({ ...d, notes: state.notes.notes.filter(n => d.noteIds.includes(n.id)) })),
    statuses: (project, sha) => state.projects.require(project).statuses.filter(s => !sha || s.sha === sha),
    awards: noteId => state.notes.awards.filter(a => noteId === undefined || a.noteId === noteId),
    inject: (fault) => {
      traffic.faults.push({ fault, left: fault.times ?? 1 })
    },
    close,
  }
}
