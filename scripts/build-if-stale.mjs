// `npm start` runs this first (prestart), and so do the integration tests: builds the production server when .output is
// missing or older than a source file, so a fresh clone starts with `npm install && npm start`.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const SOURCES = ['server', 'shared', 'modules', 'pages', 'components', 'composables', 'layouts', 'middleware', 'assets', 'app.vue', 'app.config.ts', 'nuxt.config.ts', 'package-lock.json']
const BUILT = join(ROOT, '.output', 'nitro.json')

function newest(paths) {
  let time = 0
  for (const path of paths) {
    if (!existsSync(path)) continue
    const stats = statSync(path)
    time = Math.max(time, stats.mtimeMs)
    if (stats.isDirectory()) time = Math.max(time, newest(readdirSync(path).map(name => join(path, name))))
  }
  return time
}

if (!existsSync(join(ROOT, '.output', 'server', 'index.mjs')) || !existsSync(BUILT) || newest(SOURCES.map(source => join(ROOT, source))) > statSync(BUILT).mtimeMs) {
  console.log('[build] building the production server (.output is missing or older than the sources)…')
  execFileSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: 'inherit' })
}
