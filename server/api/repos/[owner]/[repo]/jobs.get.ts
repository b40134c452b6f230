import { z } from 'zod'
import type { JobsResponse } from '#shared/schemas/api'
import { RepoNameSchema, canWrite, requireRepoAccess } from '../../../../auth/access'
import { listRepoJobs } from '../../../../jobs/summaries'

const ParamsSchema = z.object({ owner: z.string(), repo: z.string() })

/**
 * The repository's recent review jobs, newest first, for users who can read it. A GitLab project comes as owner
 * `gitlab` and its full path encoded as one segment (`/api/repos/gitlab/acme%2Fwidget/jobs`).
 */
export default defineEventHandler(async (event): Promise<JobsResponse> => {
  const params = await getValidatedRouterParams(event, ParamsSchema.parse, { decode: true })
  const repo = parseOr400(RepoNameSchema, `${params.owner}/${params.repo}`, 'repository')
  const permission = await requireRepoAccess(event, repo)
  return { jobs: await listRepoJobs(repo), canWrite: canWrite(permission) }
})
