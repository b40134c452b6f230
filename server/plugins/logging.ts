import { formatWithOptions } from 'node:util'
import { consola, type LogObject } from 'consola'

/**
 * Production logs are JSON lines (`time`, `level`, `tag` = delivery or job id, `message`); development keeps
 * consola's pretty output. NUXT_LOG_FORMAT=json|pretty overrides. Every line passes through `redactSecrets`.
 */
export default defineNitroPlugin(() => {
  const { log } = useRuntimeConfig()
  const json = log.format ? log.format === 'json' : process.env.NODE_ENV === 'production'
  if (!json) return
  consola.setReporters([{
    log: (entry: LogObject) => {
      const message = redactSecrets(formatWithOptions({ colors: false, breakLength: Infinity }, ...entry.args))
      const line = { time: entry.date.toISOString(), level: entry.type, ...(entry.tag ? { tag: entry.tag } : {}), message }
      process[entry.level < 2 ? 'stderr' : 'stdout'].write(`${JSON.stringify(line)}\n`)
    },
  }])
})
