import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ChangedFile } from '../../../server/forges/forge'

/** Two releases of a package diffed like a pull request: files as `pulls.listFiles` gives them, and the new contents. */
export interface ReleaseDiff {
  files: ChangedFile[]
  /** Paths git holds for binary: no patch and no line counts. */
  binary: Set<string>
  /** The new content of every text file that still exists after the change. */
  contents: Map<string, string>
}

// Tarballs are kept between runs; the OS empties its temp dir on its own schedule.
const CACHE = join(tmpdir(), 'revue-bench-tokens')
const NPM_TIMEOUT_MS = 90_000
const GIT_TIMEOUT_MS = 30_000
// No git config of the user's may change the diff (renames, algorithm, prefixes).
const CHILD_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@localhost',
}
const STATUS: Record<string, string> = { A: 'added', D: 'removed', M: 'modified', T: 'modified', R: 'renamed' }

const _run = promisify(execFile)

async function _exec(command: string, args: string[], options: { cwd?: string, timeoutMs: number }): Promise<string> {
  const { stdout } = await _run(command, args, { cwd: options.cwd, env: CHILD_ENV, timeout: options.timeoutMs, maxBuffer: 512 * 2 ** 20, encoding: 'utf8' })
  return stdout
}

/** The release's tarball from the cache, fetched with `npm pack` the first time; throws when the registry cannot be reached. */
export async function requireTarball(name: string, version: string): Promise<string> {
  const file = join(CACHE, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`)
  if (existsSync(file)) return file
  mkdirSync(CACHE, { recursive: true })
  const staging = mkdtempSync(join(CACHE, 'pack-'))
  const spec = `${name}@${version}`
  try {
    const stdout = await _exec('npm', ['pack', spec, '--pack-destination', staging, '--json', '--ignore-scripts', '--loglevel=error', '--fetch-retries=1', '--fetch-timeout=20000'], { timeoutMs: NPM_TIMEOUT_MS })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
    if (!packed) throw new Error(`npm pack ${spec} printed no tarball`)
    renameSync(join(staging, packed.filename), file) // whole or not at all: a killed run leaves no half tarball
    return file
  }
  catch (error) {
    const timedOut = error instanceof Error && 'killed' in error && error.killed
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : ''
    // npm's error code and first message line, without the stack or the path to its log.
    const detail = stderr.split('\n').filter(line => line.startsWith('npm error '))
      .map(line => line.slice('npm error '.length)).filter(line => line.trim() && !/^(\s+at |syscall |errno |A complete log)/.test(line)).slice(0, 2).join('; ')
      || (error instanceof Error ? error.message : String(error))
    const registry = process.env.npm_config_registry ?? 'https://registry.npmjs.org/'
    throw new Error(`npm pack ${spec} failed${timedOut ? ` (no answer in ${NPM_TIMEOUT_MS / 1000} s)` : ''}: ${detail}\n`
      + `This benchmark downloads release tarballs from the npm registry (${registry}): check that \`npm ping\` answers, `
      + 'or point npm at a reachable mirror with `npm config set registry <url>`.', { cause: error })
  }
  finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Commits release A, then release B, in a throwaway repository and reads `git diff A B` file by file. */
export async function diffReleases(fromTarball: string, toTarball: string): Promise<ReleaseDiff> {
  const repo = mkdtempSync(join(tmpdir(), 'revue-bench-tokens-repo-'))
  const git = (...args: string[]) => _exec('git', ['-c', 'core.quotePath=false', ...args], { cwd: repo, timeoutMs: GIT_TIMEOUT_MS })
  try {
    await git('init', '-q')
    for (const [label, tarball] of [['from', fromTarball], ['to', toTarball]] as const) {
      for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true })
      await _exec('tar', ['-xzf', tarball, '-C', repo, '--strip-components=1', '--no-same-owner'], { timeoutMs: GIT_TIMEOUT_MS })
      // Tarballs stamp every file with the same mtime, so a same-size edit can look unchanged to the index's stat
      // cache; a fresh index makes git hash every file.
      rmSync(join(repo, '.git', 'index'), { force: true })
      await git('add', '-A', '-f')
      await git('commit', '-q', '--allow-empty', '--no-verify', '-m', label)
    }
    const range = ['HEAD~1', 'HEAD']
    const [names, counts, patches] = await Promise.all([
      git('diff', '-M', '--name-status', '-z', ...range),
      git('diff', '-M', '--numstat', '-z', ...range),
      git('diff', '-M', '-U3', '--no-color', '--no-ext-diff', ...range),
    ])
    return _assemble(repo, names, counts, patches)
  }
  finally {
    rmSync(repo, { recursive: true, force: true })
  }
}

function _assemble(repo: string, names: string, counts: string, patches: string): ReleaseDiff {
  const statuses = _records(names, fields => /^[RC]/.test(fields[0] ?? '') ? 3 : 2)
  const numbers = _records(counts, fields => fields[0]?.endsWith('\t') ? 3 : 1)
  const sections = patches.split(/^(?=diff --git )/m).filter(Boolean)
  if (statuses.length !== numbers.length || statuses.length !== sections.length) {
    throw new Error(`git diff disagrees with itself: ${statuses.length} names, ${numbers.length} counts, ${sections.length} patches`)
  }
  const diff: ReleaseDiff = { files: [], binary: new Set(), contents: new Map() }
  statuses.forEach(([code = '', first = '', second], index) => {
    const filename = second ?? first
    const [additions = '0', deletions = '0'] = (numbers[index]?.[0] ?? '').split('\t')
    const section = sections[index] ?? ''
    const hunks = section.indexOf('\n@@')
    const file: ChangedFile = {
      filename,
      status: STATUS[code[0] ?? ''] ?? 'modified',
      additions: Number(additions) || 0,
      deletions: Number(deletions) || 0,
      ...(hunks >= 0 && { patch: section.slice(hunks + 1).replace(/\n$/, '') }),
      ...(second && { previous_filename: first }),
    }
    diff.files.push(file)
    if (additions === '-') diff.binary.add(filename)
    else if (file.status !== 'removed') diff.contents.set(filename, readFileSync(join(repo, filename), 'utf8'))
  })
  return diff
}

/** Splits `-z` output into records of `size(first field)` NUL-separated fields. */
function _records(output: string, size: (fields: string[]) => number): string[][] {
  const fields = output.split('\0')
  const records: string[][] = []
  for (let i = 0; i < fields.length && fields[i];) {
    const count = size(fields.slice(i, i + 1))
    records.push(fields.slice(i, i + count))
    i += count
  }
  return records
}
