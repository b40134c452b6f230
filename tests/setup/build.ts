import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
const SOURCES = ['server', 'shared', 'modules', 'pages', 'components', 'composables', 'layouts', 'app.vue', 'nuxt.config.ts', 'package-lock.json']
const BUILT = join(ROOT, '.output', 'nitro.json')

/** Builds the production server the integration tests run, unless .output is newer than every source file. */
export default function setup() {
  if (existsSync(BUILT) && _newest(SOURCES.map(source => join(ROOT, source))) < statSync(BUILT).mtimeMs) return
  console.log('[tests] building the production server (.output is missing or stale)…')
  execFileSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
}

function _newest(paths: string[]): number {
  let newest = 0
  for (const path of paths) {
    if (!existsSync(path)) continue
    const stats = statSync(path)
    newest = Math.max(newest, stats.mtimeMs)
    if (stats.isDirectory()) newest = Math.max(newest, _newest(readdirSync(path).map(name => join(path, name))))
  }
  return newest
}
