import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import type { GitHubFake } from '../fakes/github/server'

/** A real installation Octokit (REST methods and pagination) pointed at the local GitHub: what the fake's tests call it with. */
export function installationOctokit(fake: GitHubFake, installationId = 1) {
  const app = new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit: Octokit.plugin(paginateRest, restEndpointMethods).defaults({ baseUrl: fake.url }) })
  return app.getInstallationOctokit(installationId)
}
