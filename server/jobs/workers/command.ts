import type { Job, Worker } from 'bullmq'
import type { CommandJobData, CommandOutcome } from '#shared/schemas/job'
import type { JobLogger } from '../log'
import { runCommand } from '../../review/commands'
import { createQueueWorker } from './queue-worker'
import { enqueueReview } from '../enqueue'
import { COMMAND_QUEUE } from '../queues'
import { commandTrigger } from '../summaries'
import { reviewJobId } from '../ids'
import { stepDeps } from './step-deps'

/** The worker of the `pr-command` queue: `/revue` commands from pull request comments, each with its live log. */
export function createCommandWorker(): Worker<CommandJobData, CommandOutcome> {
  return createQueueWorker<CommandJobData, CommandOutcome>(COMMAND_QUEUE, _process, { concurrency: useSettings().worker.commandConcurrency, tag: 'command worker' })
}

async function _process(job: Job<CommandJobData, CommandOutcome>, log: JobLogger): Promise<CommandOutcome> {
  await log.info(`${commandTrigger(job.data)} on #${job.data.prNumber} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts})`)
  const outcome = await runCommand(job.data, { ...await stepDeps(job.data, log), reviewJobId, enqueueReview })
  if (outcome.tokens && outcome.model) countModelUse(useMetrics(), { provider: outcome.provider ?? 'gemini', model: outcome.model }, outcome.tokens, outcome.costUsd)
  return outcome
}
