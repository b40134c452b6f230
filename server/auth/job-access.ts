import type { H3Event } from 'h3'
import { getJob } from '../jobs/summaries'
import { parseJobId, repoKey } from '../jobs/ids'
import { RepoNameSchema, requireRepoAccess, type Permission } from './access'

/**
 * The job, after checking the user's access to the repository its id names (403 before anything is looked up),
 * or 404 when it does not exist.
 */
export async function requireJob(event: H3Event, id: string, level: Permission) {
  const repo = parseOr400(RepoNameSchema, parseJobId(id)?.repo ?? '', 'job id')
  const permission = await requireRepoAccess(event, repo, level)
  const job = await getJob(id)
  if (!job || repoKey(job.data).toLowerCase() !== repo) throw createError({ statusCode: 404, message: `No job ${id}` })
  return { job, permission }
}
