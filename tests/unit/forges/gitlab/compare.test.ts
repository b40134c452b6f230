import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitLabClient } from '../../../../server/forges/gitlab/client'
import { gitlabMergeRequest } from '../../../../server/forges/gitlab/merge-request'
import { BASE, BOT_TOKEN, DIFFS, HEAD, PROJECT, seed } from '../../../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../../../fakes/gitlab/server'

const NEXT = 'c'.repeat(40)
const FORCED = 'd'.repeat(40)

describe.each(['', '/gitlab'] as const)('comparing heads on GitLab under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  const open = () => gitlabMergeRequest(createGitLabClient(fake.url, { token: BOT_TOKEN }), { projectId: 12, iid: 3, owner: 'acme/tools', repo: 'widget' }, { userId: 1, username: 'revue-bot' }, () => undefined)

  beforeEach(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    fake.addCommit(PROJECT, { sha: NEXT, parent: HEAD, diffs: [DIFFS[1]!] })
    // a force-push: a head rebuilt on the base, beside the reviewed one
    fake.addCommit(PROJECT, { sha: FORCED, parent: BASE, diffs: [DIFFS[0]!, DIFFS[2]!] })
  })
  afterEach(() => fake.close())

  it('says a push on top of the reviewed head is ahead, with the files it changed', async () => {
    const comparison = await open().compare(HEAD, NEXT)
    expect(comparison).toEqual({ status: 'ahead', files: [{ filename: 'src/new.ts', status: 'added', patch: DIFFS[1]!.diff, additions: 2, deletions: 0 }] })
  })

  it('says a force-pushed head diverged, with the files from the merge base', async () => {
    const comparison = await open().compare(HEAD, FORCED)
    expect(comparison).not.toBe('unknown')
    expect(comparison).toMatchObject({ status: 'diverged', files: [{ filename: 'src/app.ts' }, { filename: 'src/new-name.ts', previous_filename: 'src/old-name.ts' }] })
  })

  it('says identical for the same head, behind for an older one', async () => {
    expect(await open().compare(HEAD, HEAD)).toEqual({ status: 'identical', files: [] })
    expect(await open().compare(NEXT, HEAD)).toMatchObject({ status: 'behind' })
  })

  it('says unknown when GitLab no longer has the reviewed head', async () => {
    expect(await open().compare('0'.repeat(40), NEXT)).toBe('unknown')
  })

  it('says too-large when GitLab gave up computing the diff', async () => {
    fake.state.projects.require(PROJECT).compareTimeout = true
    expect(await open().compare(HEAD, NEXT)).toBe('too-large')
  })
})
