import type { RollupConfig } from 'nitropack/types'
import type { GetManualChunk, ModuleInfo, OutputOptions, Plugin } from 'rollup'
import { addTypeTemplate, createResolver, defineNuxtModule } from 'nuxt/kit'

const ID = '#review-thread'

/**
 * Builds the review thread (server/review/thread.ts) into the server output as `review-thread.mjs`, beside
 * `index.mjs`, and gives the server its address as `import locate from '#review-thread'` (`locate()`). The modules the thread runs
 * get a chunk of their own: left to Nitro, they would join its runtime chunk, and the thread would start a second
 * Nitro app. In `nuxt dev` the server is one bundle that cannot emit a second entry: `locate` is null there, and
 * reviews run these steps on the event loop's thread (review-threads.ts says so in the log).
 */
export default defineNuxtModule({
  meta: { name: 'review-thread' },
  setup(_, nuxt) {
    const entry = createResolver(import.meta.url).resolve('../server/review/thread.ts')
    addTypeTemplate({
      filename: 'types/review-thread.d.ts',
      getContents: () => `declare module '${ID}' {\n  const locate: (() => string) | null\n  export default locate\n}\n`,
    }, { nitro: true })
    nuxt.hook('nitro:init', (nitro) => {
      nitro.hooks.hook('rollup:before', (_nitro: unknown, config: RollupConfig) => {
        const dev = nitro.options.dev
        ;(config.plugins as Plugin[]).unshift(_threadPlugin(entry, dev))
        if (!dev) _ownChunk(config.output as OutputOptions, entry)
      })
    })
  },
})

function _threadPlugin(entry: string, dev: boolean): Plugin {
  return {
    name: 'revue:review-thread',
    resolveId: id => (id === ID ? `\0${ID}` : null),
    load(id) {
      if (id !== `\0${ID}`) return null
      if (dev) return 'export default null'
      this.emitFile({ type: 'chunk', id: entry, fileName: 'review-thread.mjs' })
      // Nitro reads import.meta.url as the entry's address (index.mjs), which it sets once the entry runs: read it
      // when a thread starts, not while Nitro's chunk is evaluated.
      return 'export default () => new URL(\'./review-thread.mjs\', import.meta.url).href'
    },
  }
}

function _ownChunk(output: OutputOptions, entry: string) {
  const nitroChunks = output.manualChunks as GetManualChunk
  let threadModules: Set<string> | undefined
  output.manualChunks = (id, meta) => {
    threadModules ??= _staticImports(entry, meta.getModuleInfo)
    return threadModules.has(id) ? 'review' : nitroChunks(id, meta)
  }
}

function _staticImports(entry: string, info: (id: string) => ModuleInfo | null): Set<string> {
  const found = new Set<string>()
  const visit = (id: string) => {
    for (const imported of info(id)?.importedIds ?? []) {
      if (found.has(imported) || info(imported)?.isExternal) continue
      found.add(imported)
      visit(imported)
    }
  }
  visit(entry)
  return found
}
