import { z } from 'zod'
import type { QueuedResponse } from '#shared/schemas/api'
import { requireJob } from '../../../auth/job-access'
import { repoKey } from '../../../jobs/ids'
import { publishJobEvent } from '../../../jobs/log'

const ParamsSchema = z.object({ id: z.string().min(1) })

/**
 * Retries a failed job, for users with push access to its repository, with a fresh set of attempts: one that had
 * spent them all would otherwise run once more as attempt N + 1 of N.
 */
export default defineEventHandler(async (event): Promise<QueuedResponse> => {
  const { id } = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const { job } = await requireJob(event, id, 'push')
  if (await job.getState() !== 'failed') throw createError({ statusCode: 409, message: 'Only a failed job can be retried' })
  await job.retry('failed', { resetAttemptsMade: true })
  const prefix = redisPrefix()
  await publishJobEvent(useRedis(), prefix, repoKey(job.data), { jobId: id, state: 'waiting' })
  return { queued: id }
})
