import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Builds the production server the integration tests run, unless .output is newer than every source file. */
export default function setup() {
  // The script `npm start` runs first: one rule for when a build is stale. Nuxt's progress would flood the test output.
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-if-stale.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] })
}
