import type { ForgeName } from '#shared/schemas/job'
import type { ForgePullRequest } from '../../forges/forge'
import { getAppIdentity, getInstallationOctokit } from '../../forges/github/app'
import { githubPullRequest } from '../../forges/github/pull-request'
import { gitlabIdentity, useGitLab } from '../../forges/gitlab/app'
import { gitlabMergeRequest } from '../../forges/gitlab/merge-request'
import { readOnly } from '../../forges/read-only'
import { useModelClient } from '../../models/clients'
import { allowedModels, modelLimits, priceOverride, serverModel } from '../../models/settings'
import type { StepDeps } from '../../review/deps'
import type { JobLogger } from '../log'

interface JobPullRequest {
  forge?: ForgeName
  installationId: number
  owner: string
  repo: string
  prNumber: number
  shadow?: object
}

/** What a job's review or command works with: its pull request on its forge (read-only for a shadow run), the models, the job's log. */
export async function stepDeps(data: JobPullRequest, log: JobLogger): Promise<StepDeps> {
  const forge = await _forge(data, log)
  const model = serverModel()
  return {
    // A shadow run reads the pull request and writes nothing to it.
    forge: data.shadow ? readOnly(forge) : forge,
    log,
    model,
    models: { allowed: allowedModels(), serverProvider: model.provider },
    modelFor: choice => ({ client: useModelClient(choice.provider), limits: modelLimits(choice.provider) }),
    concurrency: useSettings().modelConcurrency,
    prices: priceOverride(),
  }
}

async function _forge(data: JobPullRequest, log: JobLogger): Promise<ForgePullRequest> {
  if (data.forge === 'gitlab') {
    // On GitLab a job's installation is its project.
    return gitlabMergeRequest(useGitLab(), { projectId: data.installationId, iid: data.prNumber, owner: data.owner, repo: data.repo }, await gitlabIdentity(), log.warn)
  }
  const octokit = await getInstallationOctokit(data.installationId)
  return githubPullRequest(octokit, { owner: data.owner, repo: data.repo, prNumber: data.prNumber }, await getAppIdentity(), log.warn)
}
