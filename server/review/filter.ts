import type { SkippedFile } from '#shared/schemas/job'
import type { ChangedFile } from '../forges/forge'
import { MAX_GLOB_PATH_CHARS, compileGlobs } from './glob'

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'deno.lock',
  'Cargo.lock', 'Gemfile.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'composer.lock', 'go.sum', 'mix.lock',
  'flake.lock', 'pubspec.lock', 'Podfile.lock', 'packages.lock.json', 'gradle.lockfile', 'Package.resolved',
])
const VENDORED = /(^|\/)(vendor|vendors|third[_-]party|node_modules|bower_components|Pods|\.yarn\/releases)\//
const GENERATED = /(\.min\.(js|css)|\.map|\.snap|\.pb\.go|_pb2\.pyi?|\.g\.dart|\.designer\.cs|\.generated\.\w+)$|(^|\/)(dist|__generated__|__snapshots__)\//
const BINARY = /\.(png|jpe?g|gif|webp|avif|ico|bmp|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|so|dylib|dll|exe|bin|o|a|wasm|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|ogg|wav|flac|sqlite|db|pyc)$/i

/** Why a file is not worth the model's attention, or null when it should be reviewed. */
export function skipReason(file: ChangedFile): string | null {
  const name = file.filename.split('/').pop() ?? file.filename
  if (file.status === 'removed') return 'deleted'
  if (BINARY.test(file.filename)) return 'binary'
  if (LOCKFILES.has(name) || name.endsWith('.lock')) return 'lockfile'
  if (VENDORED.test(file.filename)) return 'vendored'
  if (GENERATED.test(file.filename)) return 'generated'
  if (!file.patch) return file.status === 'renamed' && !file.additions ? 'renamed without changes' : 'no textual diff (binary or too large for GitHub to show)'
  if (file.additions === 0) return 'deletions only'
  return null
}

export interface FileRules {
  include: string[]
  exclude: string[]
  reviewWorkflows: boolean
}

const WORKFLOW = /^\.github\/workflows\//
const ALL_FILES: FileRules = { include: ['**'], exclude: [], reviewWorkflows: false }

/**
 * Splits the changed files into those to review and those skipped, with the reason for each; the repository's
 * include/exclude globs apply on top of the built-in rules. Changed workflows are skipped unless the repository
 * asks for them, and returned apart so the review can flag them.
 */
export function partitionFiles(files: ChangedFile[], rules: FileRules = ALL_FILES) {
  const included = compileGlobs(rules.include)
  const excluded = compileGlobs(rules.exclude)
  const reviewable: Array<ChangedFile & { patch: string }> = []
  const skipped: SkippedFile[] = []
  const workflows: string[] = []
  for (const file of files) {
    const workflow = WORKFLOW.test(file.filename) && file.status !== 'removed'
    if (workflow) workflows.push(file.filename)
    const reason = (workflow && !rules.reviewWorkflows ? 'GitHub Actions workflow: review it by hand' : null)
      ?? (file.filename.length > MAX_GLOB_PATH_CHARS ? `path longer than ${MAX_GLOB_PATH_CHARS} characters` : null)
      ?? (!included(file.filename) ? 'not matched by include in .github/revue.yml' : null)
      ?? (excluded(file.filename) ? 'matched by exclude in .github/revue.yml' : null)
      ?? skipReason(file)
    if (reason || !file.patch) skipped.push({ path: file.filename, reason: reason ?? 'no textual diff' })
    else reviewable.push({ ...file, patch: file.patch })
  }
  return { reviewable, skipped, workflows }
}
