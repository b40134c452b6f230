import type { Job, Worker } from 'bullmq'
import type { CommandJobData, CommandOutcome } from '#shared/schemas/job'
import { runCommand } from './commands'
import { classifyError } from './errors'
import { createQueueWorker } from './queue-worker'

/** The worker of the `pr-command` queue: `/revue` commands from pull request comments, each with its live log. */
export function createCommandWorker(): Worker<CommandJobData, CommandOutcome> {
  return createQueueWorker<CommandJobData, CommandOutcome>(COMMAND_QUEUE, _process, { concurrency: Number(useRuntimeConfig().worker.commandConcurrency), tag: 'command worker' })
}

async function _process(job: Job<CommandJobData, CommandOutcome>): Promise<CommandOutcome> {
  const config = useRuntimeConfig()
  const log = createJobLogger(useRedis(), {
    prefix: config.redis.prefix,
    jobId: job.id!,
    repo: `${job.data.owner}/${job.data.repo}`,
    maxLines: Number(config.worker.logRetention),
  })
  try {
    await log.info(`/revue ${job.data.unknown ?? job.data.command} by @${job.data.author} on #${job.data.prNumber} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts})`)
    return await runCommand(job.data, {
      ...geminiSettings(),
      octokit: await getInstallationOctokit(job.data.installationId),
      gemini: useGemini(),
      log,
      enqueueReview,
    })
  }
  catch (error) {
    const classified = classifyError(error)
    await log.error(classified.message).catch(() => {})
    throw classified
  }
}
