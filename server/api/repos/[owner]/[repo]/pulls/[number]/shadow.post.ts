import { z } from 'zod'
import { ShadowRequestSchema, type ShadowResponse } from '#shared/schemas/api'
import { RepoNameSchema, requireRepoAccess, requireUserTokens } from '../../../../../../auth/access'
import { dashboardReviewJob, findPullRequest } from '../../../../../../jobs/dashboard-job'
import { enqueueReview } from '../../../../../../jobs/enqueue'
import { installationKey, shadowRun } from '../../../../../../jobs/ids'
import { takeShadowRun } from '../../../../../../jobs/shadow-quota'
import { checkAllowedModel, parseModelId, providerLabel } from '../../../../../../models/choice'
import type { ProviderName } from '../../../../../../models/provider'
import { allowedModels, apiKeySetting, providerApiKey, serverModel } from '../../../../../../models/settings'
import { parseRepoConfig } from '../../../../../../review/config'

const ParamsSchema = z.object({ owner: z.string(), repo: z.string(), number: z.coerce.number().int().positive() })

/**
 * A shadow run of the pull request's current head, for users with push access: the whole review with another model
 * and/or a draft `.github/revue.yml`, posting nothing on GitHub, to compare with the posted review on its job's page.
 * At most NUXT_SHADOW_RUNS_PER_DAY per installation and day (429 past it, saying when they come back).
 */
export default defineEventHandler(async (event): Promise<ShadowResponse> => {
  const params = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const repo = parseOr400(RepoNameSchema, `${params.owner}/${params.repo}`, 'repository')
  await requireRepoAccess(event, repo, 'push')
  const { user } = await requireUserTokens(event)
  const body = await readValidatedBody(event, ShadowRequestSchema.parse)
  const perDay = useSettings().shadow.runsPerDay
  if (!perDay) throw createError({ statusCode: 403, message: 'Shadow runs are off on this server (NUXT_SHADOW_RUNS_PER_DAY=0)' })
  _checkRequest(body)

  const found = await findPullRequest(repo, params.number)
  const { pr } = found
  if (pr.state !== 'open') throw createError({ statusCode: 409, message: `Pull request #${params.number} is ${pr.state}` })
  const spent = await takeShadowRun(installationKey(found), perDay)
  if (spent) {
    setResponseHeader(event, 'retry-after', Math.ceil((spent.resetsAt - Date.now()) / 1000))
    throw createError({ statusCode: 429, message: `This installation's ${perDay} shadow runs of today are spent: more from ${new Date(spent.resetsAt).toISOString()} (NUXT_SHADOW_RUNS_PER_DAY)` })
  }
  const { data, jobId: job } = dashboardReviewJob(found, shadowRun(), {
    trigger: `shadow run by @${user.login}`,
    shadow: { ...(body.model ? { model: body.model } : {}), ...(body.config !== undefined ? { config: body.config } : {}) },
  })
  await enqueueReview(data, job)
  setResponseStatus(event, 202)
  return { job }
})

/** 400 for a model the server does not allow or has no key for (asked, or named by the draft), or an invalid draft. */
function _checkRequest(body: { model?: string, config?: string }): void {
  const server = serverModel()
  if (body.model) _checkModel(body.model, server.provider, 'model')
  if (body.config === undefined) return
  const parsed = parseRepoConfig(body.config, allowedModels(), server.provider)
  if ('error' in parsed) throw createError({ statusCode: 400, message: `config: ${parsed.error}` })
  if (!body.model && parsed.config.model) _checkModel(parsed.config.model, server.provider, 'config: model')
}

function _checkModel(model: string, serverProvider: ProviderName, field: string): void {
  const refused = checkAllowedModel(model, allowedModels(), serverProvider)
  if (refused) throw createError({ statusCode: 400, message: field === 'model' ? refused : `config: ${refused}` })
  const { provider } = parseModelId(model)
  if (provider !== 'ollama' && !providerApiKey(provider)) {
    throw createError({ statusCode: 400, message: `${field}: Revue has no ${providerLabel(provider)} API key: set ${apiKeySetting(provider)}` })
  }
}
