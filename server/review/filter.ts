import type { SkippedFile } from '#shared/schemas/job'

/** A changed file as the pulls files API lists it. */
export interface ChangedFile {
  filename: string
  status: string
  patch?: string
  additions: number
  deletions: number
  previous_filename?: string
}

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

/** Splits the changed files into those to review and those skipped, with the reason for each. */
export function partitionFiles(files: ChangedFile[]): { reviewable: Array<ChangedFile & { patch: string }>, skipped: SkippedFile[] } {
  const reviewable: Array<ChangedFile & { patch: string }> = []
  const skipped: SkippedFile[] = []
  for (const file of files) {
    const reason = skipReason(file)
    if (reason || !file.patch) skipped.push({ path: file.filename, reason: reason ?? 'no textual diff' })
    else reviewable.push({ ...file, patch: file.patch })
  }
  return { reviewable, skipped }
}
