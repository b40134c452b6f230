import { formatWithOptions } from 'node:util'
import { consola, type ConsolaReporter, type LogObject } from 'consola'
import type { NitroApp } from 'nitropack/types'

/**
 * Production logs are JSON lines (`time`, `level`, `tag` = delivery or job id, `message`); development keeps
 * consola's pretty output. NUXT_LOG_FORMAT=json|pretty overrides. Either way every line passes through `redactSecrets`.
 */
export default defineNitroPlugin((nitroApp) => {
  const json = logsAsJson()
  const message = (entry: LogObject, colors: boolean) => redactSecrets(formatWithOptions({ colors, breakLength: Infinity }, ...entry.args))
  if (json) {
    consola.setReporters([{
      log: (entry) => {
        const line = { time: entry.date.toISOString(), level: entry.type, ...(entry.tag ? { tag: entry.tag } : {}), message: message(entry, false) }
        process[entry.level < 2 ? 'stderr' : 'stdout'].write(`${JSON.stringify(line)}\n`)
      },
    }])
    // What others print with console.* (Nitro's "Listening on", its forced-shutdown warning and uncaught errors,
    // libraries' warnings) becomes a JSON line too.
    consola.wrapConsole()
    _logFatalStartupErrors(nitroApp)
    return
  }
  // consola's own reporters, handed the redacted text.
  consola.setReporters(consola.options.reporters.map((reporter): ConsolaReporter => ({
    log: (entry, context) => reporter.log({ ...entry, args: [message(entry, true)] }, context),
  })))
})

/**
 * A plugin that throws (a missing setting, a wrong NUXT_SECRET_KEY) stops the process; Nitro reports it to the
 * `error` hook, then rethrows it for Node to print raw. Log it as a JSON line instead, and exit as Node would.
 */
function _logFatalStartupErrors(nitroApp: NitroApp) {
  nitroApp.hooks.hook('error', (error, context) => {
    if (!Array.isArray(context.tags) || !context.tags.includes('plugin')) return
    consola.fatal(error)
    process.once('uncaughtException', () => process.exit(1))
  })
}
