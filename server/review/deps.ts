import type { ForgePullRequest } from '../forges/forge'
import type { JobLogger } from '../jobs/log'
import type { ModelChoice } from '../models/choice'
import type { PriceOverride } from '../models/prices'
import type { ModelClient } from '../models/provider'
import type { ModelLimits } from '../models/settings'
import type { ModelRules } from './config'

/** What reviews and commands are given by the worker that runs them: the forge, the models, the job's log. */
export interface StepDeps {
  /** The pull request on its forge. */
  forge: ForgePullRequest
  /** The job's log, which the dashboard shows live. */
  log: JobLogger
  /** The server's model, unless the repository's configuration names another. */
  model: ModelChoice
  /** Which models a repository may choose. */
  models: ModelRules
  /** The client and limits of a model's provider. */
  modelFor: (choice: ModelChoice) => { client: ModelClient, limits: ModelLimits }
  /** Parts of one pull request asked at once (NUXT_MODEL_CONCURRENCY, also the bound of the whole process). */
  concurrency: number
  prices: PriceOverride
}
