import { z } from 'zod'
import type { ComparisonResponse, JobState } from '#shared/schemas/api'
import { requireJob } from '../../../auth/job-access'
import { compareShadowRun } from '../../../jobs/comparison'
import { isShadowJobId } from '../../../jobs/ids'
import { summarizeJob } from '../../../jobs/summaries'

const ParamsSchema = z.object({ id: z.string().min(1) })

/**
 * A shadow run beside the posted review of the same head, for users who can read the repository: 404 for a job that
 * is not a shadow run, 409 until it has completed.
 */
export default defineEventHandler(async (event): Promise<ComparisonResponse> => {
  const { id } = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  if (!isShadowJobId(id)) throw createError({ statusCode: 404, message: `${id} is not a shadow run` })
  const { job } = await requireJob(event, id, 'read')
  const summary = summarizeJob(job, await job.getState() as JobState)
  if (summary.kind !== 'review' || !summary.outcome) throw createError({ statusCode: 409, message: `The shadow run is ${summary.state}: compare once it has completed` })
  return compareShadowRun({ ...summary, outcome: summary.outcome })
})
