import { z } from 'zod'
import type { QueuedResponse } from '#shared/schemas/api'
import { RepoNameSchema, requireRepoAccess } from '../../../../../../auth/access'
import { useGitHubApp } from '../../../../../../forges/github/app'
import { enqueueReview } from '../../../../../../jobs/enqueue'
import { reviewJobId } from '../../../../../../jobs/queues'

const ParamsSchema = z.object({ owner: z.string(), repo: z.string(), number: z.coerce.number().int().positive() })

/** Reviews the pull request's current head again, posting a new review, for users with push access. */
export default defineEventHandler(async (event): Promise<QueuedResponse> => {
  const params = await getValidatedRouterParams(event, ParamsSchema.parse)
  const repo = parseOr400(RepoNameSchema, `${params.owner}/${params.repo}`, 'repository')
  await requireRepoAccess(event, repo, 'push')
  const app = useGitHubApp()
  const { data: installation } = await app.octokit.rest.apps.getRepoInstallation({ owner: params.owner, repo: params.repo })
  const octokit = await app.getInstallationOctokit(installation.id)
  const { data: pr } = await octokit.rest.pulls.get({ owner: params.owner, repo: params.repo, pull_number: params.number })
  if (pr.state !== 'open') throw createError({ statusCode: 409, message: `Pull request #${params.number} is ${pr.state}` })
  const run = Date.now().toString(36)
  const data = {
    installationId: installation.id,
    owner: pr.base.repo.owner.login,
    repo: pr.base.repo.name,
    prNumber: pr.number,
    headSha: pr.head.sha,
    deliveryId: `dashboard-${run}`,
    trigger: 'rerun',
    title: pr.title,
    rerun: run,
  }
  const jobId = `${reviewJobId(data)}~${run}`
  await enqueueReview(data, jobId)
  return { queued: jobId }
})
