// Everything the GitLab fake knows, split by API area.
import { MergeRequestState } from './mr-state'
import { NoteState } from './note-state'
import { ProjectState } from './project-state'
import { UserState } from './user-state'

export class GitLabState {
  // the instance URL, with its path prefix: http://127.0.0.1:PORT or http://127.0.0.1:PORT/gitlab
  url = ''
  readonly users = new UserState()
  readonly projects = new ProjectState()
  readonly mergeRequests = new MergeRequestState()
  readonly notes = new NoteState()
  private nextStatus = 1

  statusId(): number {
    return this.nextStatus++
  }
}
