// The fake's merge requests, each with its diff versions (one per push), newest first.
import type { FakeDiff, FakeMergeRequestInput, MergeRequestVersion, StoredMergeRequest } from './types'

export class MergeRequestState {
  private readonly mrs: StoredMergeRequest[] = []
  private nextId = 5000
  private nextVersion = 900

  add(input: FakeMergeRequestInput): StoredMergeRequest {
    const mr: StoredMergeRequest = {
      id: this.nextId++,
      project: input.project,
      iid: input.iid,
      title: input.title ?? `Merge request ${input.iid}`,
      description: input.description ?? '',
      state: input.state ?? 'opened',
      draft: input.draft ?? false,
      author: input.author,
      reviewers: input.reviewers ?? [],
      sourceBranch: input.sourceBranch ?? `feature-${input.iid}`,
      targetBranch: input.targetBranch ?? 'main',
      versions: [],
    }
    this.mrs.push(mr)
    this.push(mr, { headSha: input.headSha, baseSha: input.baseSha, startSha: input.startSha, diffs: input.diffs })
    return mr
  }

  /** A push: a new version with its head, base and diffs (the base and diffs of the previous one when left out). */
  push(mr: StoredMergeRequest, next: { headSha: string, baseSha?: string, startSha?: string, diffs?: FakeDiff[] }): MergeRequestVersion {
    const previous = mr.versions[0]
    const base = next.baseSha ?? previous?.base_commit_sha ?? ''
    const version: MergeRequestVersion = {
      id: this.nextVersion++,
      head_commit_sha: next.headSha,
      base_commit_sha: base,
      start_commit_sha: next.startSha ?? base,
      created_at: new Date().toISOString(),
      diffs: next.diffs ?? previous?.diffs ?? [],
    }
    mr.versions.unshift(version)
    return version
  }

  find(project: string, iid: number): StoredMergeRequest | undefined {
    return this.mrs.find(mr => mr.project.toLowerCase() === project.toLowerCase() && mr.iid === iid)
  }

  require(project: string, iid: number): StoredMergeRequest {
    const mr = this.find(project, iid)
    if (!mr) throw new Error(`GitLab fake: no merge request ${project}!${iid}`)
    return mr
  }
}

export function currentVersion(mr: StoredMergeRequest): MergeRequestVersion {
  return mr.versions[0]!
}
