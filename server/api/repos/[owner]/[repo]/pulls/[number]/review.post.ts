import { z } from 'zod'
import type { QueuedResponse } from '#shared/schemas/api'
import { RepoNameSchema, requireRepoAccess } from '../../../../../../auth/access'
import { dashboardReviewJob, findPullRequest } from '../../../../../../jobs/dashboard-job'
import { enqueueReview } from '../../../../../../jobs/enqueue'

const ParamsSchema = z.object({ owner: z.string(), repo: z.string(), number: z.coerce.number().int().positive() })

/** Reviews the pull request's (or merge request's) current head again, posting a new review, for users with push access. */
export default defineEventHandler(async (event): Promise<QueuedResponse> => {
  const params = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const repo = parseOr400(RepoNameSchema, `${params.owner}/${params.repo}`, 'repository')
  await requireRepoAccess(event, repo, 'push')
  const found = await findPullRequest(repo, params.number)
  const { pr } = found
  if (pr.state !== 'open') throw createError({ statusCode: 409, message: `Pull request #${params.number} is ${pr.state}` })
  const { data, jobId } = dashboardReviewJob(found, Date.now().toString(36), { trigger: 'rerun' })
  await enqueueReview(data, jobId)
  return { queued: jobId }
})
