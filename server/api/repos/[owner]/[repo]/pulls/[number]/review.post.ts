import { z } from 'zod'
import type { QueuedResponse } from '#shared/schemas/api'
import { RepoNameSchema, requireRepoAccess } from '../../../../../../auth/access'
import { lookUpPullRequest } from '../../../../../../forges/github/lookup'
import { dashboardReviewJob } from '../../../../../../jobs/dashboard-job'
import { enqueueReview } from '../../../../../../jobs/enqueue'
import { isGitLabKey } from '../../../../../../jobs/ids'

const ParamsSchema = z.object({ owner: z.string(), repo: z.string(), number: z.coerce.number().int().positive() })

/** Reviews the pull request's current head again, posting a new review, for users with push access. */
export default defineEventHandler(async (event): Promise<QueuedResponse> => {
  const params = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const repo = parseOr400(RepoNameSchema, `${params.owner}/${params.repo}`, 'repository')
  await requireRepoAccess(event, repo, 'push')
  if (isGitLabKey(repo)) throw createError({ statusCode: 501, message: 'Re-running a review from the dashboard is not yet for GitLab merge requests: push a commit, or comment /revue review on the merge request' })
  const { installationId, pr } = await lookUpPullRequest(params.owner, params.repo, params.number)
  if (pr.state !== 'open') throw createError({ statusCode: 409, message: `Pull request #${params.number} is ${pr.state}` })
  const { data, jobId } = dashboardReviewJob(installationId, pr, Date.now().toString(36), { trigger: 'rerun' })
  await enqueueReview(data, jobId)
  return { queued: jobId }
})
