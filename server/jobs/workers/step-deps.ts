import { githubPullRequest } from '../../forges/github/pull-request'
import { readOnly } from '../../forges/read-only'
import { getAppIdentity, getInstallationOctokit } from '../../forges/github/app'
import { useModelClient } from '../../models/clients'
import { allowedModels, modelLimits, priceOverride, serverModel } from '../../models/settings'
import type { StepDeps } from '../../review/deps'
import type { JobLogger } from '../log'

/** What a job's review or command works with: its pull request on GitHub (read-only for a shadow run), the models, the job's log. */
export async function stepDeps(data: { installationId: number, owner: string, repo: string, prNumber: number, shadow?: object }, log: JobLogger): Promise<StepDeps> {
  const octokit = await getInstallationOctokit(data.installationId)
  const model = serverModel()
  const forge = githubPullRequest(octokit, { owner: data.owner, repo: data.repo, prNumber: data.prNumber }, await getAppIdentity(), log.warn)
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
