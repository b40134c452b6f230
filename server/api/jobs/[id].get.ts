import { z } from 'zod'
import type { JobDetailResponse, JobState } from '#shared/schemas/api'
import { canWrite } from '../../auth/access'
import { requireJob } from '../../auth/job-access'
import { summarizeJob } from '../../jobs/summaries'
import { readJobLog } from '../../jobs/log'

const ParamsSchema = z.object({ id: z.string().min(1) })

/** One job with its log so far, for users who can read its repository. */
export default defineEventHandler(async (event): Promise<JobDetailResponse> => {
  const { id } = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const job = await requireJob(event, id, 'read')
  const prefix = redisPrefix()
  return {
    job: summarizeJob(job.job, await job.job.getState() as JobState),
    logs: await readJobLog(useRedis(), prefix, job.job.id!),
    canWrite: canWrite(job.permission),
  }
})
