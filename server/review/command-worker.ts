import type { Job, Worker } from 'bullmq'
import { consola } from 'consola'
import type { CommandJobData, CommandOutcome } from '#shared/schemas/job'
import { runCommand } from './commands'
import { classifyError } from './errors'
import { createQueueWorker } from './queue-worker'

/** The worker of the `pr-command` queue: `/revue` commands from pull request comments. */
export function createCommandWorker(): Worker<CommandJobData, CommandOutcome> {
  return createQueueWorker<CommandJobData, CommandOutcome>(COMMAND_QUEUE, _process, { concurrency: Number(useRuntimeConfig().worker.commandConcurrency), tag: 'command worker' })
}

async function _process(job: Job<CommandJobData, CommandOutcome>): Promise<CommandOutcome> {
  const log = consola.withTag(job.id ?? 'command')
  try {
    const outcome = await runCommand(job.data, {
      ...geminiSettings(),
      octokit: await getInstallationOctokit(job.data.installationId),
      gemini: useGemini(),
      warn: message => log.warn(message),
      enqueueReview,
    })
    log.info(`/revue ${job.data.command} by @${job.data.author}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`)
    return outcome
  }
  catch (error) {
    throw classifyError(error)
  }
}
