import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitLabClient } from '../../../../server/forges/gitlab/client'
import { askProjectPermission, permissionOfLevel } from '../../../../server/forges/gitlab/permissions'
import { isGitLabKey } from '../../../../server/jobs/ids'
import { PROJECT, seed } from '../../../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../../../fakes/gitlab/server'

describe('GitLab repository keys and roles', () => {
  it('tells a GitLab project key from a GitHub repository name', () => {
    expect(isGitLabKey('gitlab/acme/widget')).toBe(true)
    expect(isGitLabKey('gitlab/acme/tools/my.widget-2')).toBe(true)
    // A GitHub owner may be called gitlab: two segments stay GitHub's.
    expect(isGitLabKey('gitlab/widget')).toBe(false)
    expect(isGitLabKey('octo-org/hello')).toBe(false)
    for (const bad of ['gitlab/acme//widget', 'gitlab/acme/widget/', 'gitlab/acme/*', 'gitlab/acme/wid get', 'gitlab/acme/widget#3']) {
      expect(isGitLabKey(bad), bad).toBe(false)
    }
  })

  it('maps GitLab access levels: Reporter reads, Developer pushes, Maintainer and Owner administer', () => {
    expect([0, 5, 10, 15, 20, 30, 40, 50].map(permissionOfLevel)).toEqual([null, null, null, null, 'read', 'push', 'admin', 'admin'])
  })
})

describe.each(['', '/gitlab'] as const)('asking a user\'s role on a GitLab project under "%s"', (pathPrefix) => {
  let fake: GitLabFake
  const ask = (token: string, path: string) => askProjectPermission(createGitLabClient(fake.url, { oauthToken: token }), path)

  beforeAll(async () => {
    fake = await startGitLabServer({ pathPrefix })
    seed(fake)
    fake.addUser('nina', { token: 'glpat-nina' })
    fake.addUser('gil', { token: 'glpat-gil' })
    fake.addMember(PROJECT, 'gil', 10)
  })
  afterAll(() => fake.close())

  it('answers with the user\'s own token, by the project\'s full path', async () => {
    expect(await ask('glpat-ada', PROJECT)).toBe('admin')
    expect(await ask('glpat-rita', PROJECT)).toBe('read')
    expect(fake.requests.at(-1)?.path).toBe('/projects/acme%2Ftools%2Fwidget')
  })

  it('gives no access to a Guest, a non-member or a project that does not exist, and says when the token is refused', async () => {
    expect(await ask('glpat-gil', PROJECT)).toBeNull()
    expect(await ask('glpat-nina', PROJECT)).toBeNull()
    expect(await ask('glpat-ada', 'acme/nothing')).toBeNull()
    expect(await ask('not-a-token', PROJECT)).toBe('refused')
  })
})
