import { parseDocument } from 'yaml'
import { RepoConfigSchema, type RepoConfig } from '#shared/schemas/config'
import type { ForgePullRequest } from '../forges/forge'
import { checkAllowedModel } from '../models/choice'
import type { ProviderName } from '../models/provider'
import type { FileRules } from './filter'
import { codeBlock, codeSpan } from './markdown'

export const CONFIG_PATH = '.github/revue.yml'
const MAX_STYLE_GUIDE_CHARS = 20_000

/** Which models a repository may choose (NUXT_MODELS_ALLOWED) and the server's own provider. */
export interface ModelRules {
  allowed: string[]
  serverProvider: ProviderName
}

export type LoadedConfig
  = | { config: RepoConfig, styleGuide: string, sha?: string }
    | { error: string, sha: string }

/**
 * The repository's review rules: `.github/revue.yml` and its style guide, read from the default branch (never from
 * the pull request's head, so a pull request cannot loosen its own review). No file means the defaults; a file that is
 * not valid YAML or breaks the schema is an error that says which key and why. A shadow run gives a `draft` instead.
 */
export async function loadRepoConfig(forge: ForgePullRequest, defaultBranch: string, models: ModelRules, draft?: string): Promise<LoadedConfig> {
  const file = draft === undefined ? await _firstFile(forge, defaultBranch) : { text: draft, sha: 'draft' }
  if (!file) return { config: RepoConfigSchema.parse({}), styleGuide: '' }
  const parsed = parseRepoConfig(file.text, models.allowed, models.serverProvider)
  if ('error' in parsed) return { error: parsed.error, sha: file.sha }
  const { config } = parsed
  if (!config.style_guide) return { config, styleGuide: '', sha: file.sha }
  const guide = await forge.readFile(config.style_guide, defaultBranch)
  if (!guide) return { error: `style_guide: ${config.style_guide} does not exist on ${defaultBranch}`, sha: file.sha }
  return { config, styleGuide: guide.text.slice(0, MAX_STYLE_GUIDE_CHARS), sha: file.sha }
}

/** Parses and validates the text of `.github/revue.yml`; an empty file means the defaults. */
export function parseRepoConfig(text: string, allowedModels: string[] = [], serverProvider: ProviderName = 'gemini'): { config: RepoConfig } | { error: string } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (document.errors.length) return { error: document.errors.map(error => error.message).join('\n') }
  let value: unknown
  try {
    // yaml refuses to expand an alias bomb (`maxAliasCount`) by throwing: that is an invalid file, not a failed job.
    value = document.toJS({ maxAliasCount: 100 })
  }
  catch (error) {
    return { error: (error as Error).message }
  }
  const result = RepoConfigSchema.safeParse(value ?? {})
  if (!result.success) {
    return { error: result.error.issues.map(issue => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n') }
  }
  const refused = result.data.model ? checkAllowedModel(result.data.model, allowedModels, serverProvider) : undefined
  return refused ? { error: refused } : { config: result.data }
}

/** What Revue says on the pull request when the file on the default branch is invalid, and what it did not do. */
export function configErrorComment(branch: string, error: string, consequence: string): string {
  return [
    `Revue could not use \`${CONFIG_PATH}\` on ${codeSpan(branch)}, so it ${consequence}:`,
    codeBlock(error),
    `Fix the file on ${codeSpan(branch)} (a pull request cannot change its own review rules), then comment \`/revue review\`.`,
  ].join('\n')
}

/** The paths the repository wants reviewed, as `partitionFiles` takes them. */
export function fileRules(config: RepoConfig): FileRules {
  return { include: config.include, exclude: config.exclude, reviewWorkflows: config.review_workflows }
}

async function _firstFile(forge: ForgePullRequest, branch: string) {
  for (const path of forge.configPaths) {
    const file = await forge.readFile(path, branch)
    if (file) return file
  }
  return undefined
}
