// The fake's projects: members and their access levels, the commit graph, files on refs, commit statuses.
import { createHash } from 'node:crypto'
import type { AccessLevel, FakeCommit, StoredStatus } from './types'

export interface FakeProject {
  id: number
  path: string
  defaultBranch: string
  members: Map<string, AccessLevel>
  commits: Map<string, FakeCommit>
  // `${ref}\0${path}` → content
  files: Map<string, string>
  statuses: StoredStatus[]
  // GitLab gave up computing comparisons (compare_timeout)
  compareTimeout: boolean
}

export class ProjectState {
  private readonly projects: FakeProject[] = []
  private nextId = 10

  add(path: string, options: { id?: number, defaultBranch?: string } = {}): FakeProject {
    const project: FakeProject = { id: options.id ?? this.nextId++, path, defaultBranch: options.defaultBranch ?? 'main', members: new Map(), commits: new Map(), files: new Map(), statuses: [], compareTimeout: false }
    this.projects.push(project)
    return project
  }

  /** By numeric id or full path, as `:id` of the API takes either. */
  find(idOrPath: string | number): FakeProject | undefined {
    const key = String(idOrPath)
    return this.projects.find(p => String(p.id) === key || p.path.toLowerCase() === key.toLowerCase())
  }

  require(idOrPath: string | number): FakeProject {
    const project = this.find(idOrPath)
    if (!project) throw new Error(`GitLab fake: no project ${idOrPath}`)
    return project
  }

  all(): readonly FakeProject[] {
    return this.projects
  }
}

/** The commits from `sha` back to the root, newest first. */
export function ancestry(project: FakeProject, sha: string): FakeCommit[] {
  const chain: FakeCommit[] = []
  for (let commit = project.commits.get(sha); commit; commit = commit.parent ? project.commits.get(commit.parent) : undefined) chain.push(commit)
  return chain
}

/** The newest commit both histories hold, or undefined when they share none. */
export function mergeBase(project: FakeProject, a: string, b: string): FakeCommit | undefined {
  const seen = new Set(ancestry(project, a).map(c => c.sha))
  return ancestry(project, b).find(c => seen.has(c.sha))
}

export function blobId(content: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(content)}\0${content}`).digest('hex')
}
