/** True when log lines are JSON: in production, unless NUXT_LOG_FORMAT says json or pretty. */
export function logsAsJson(): boolean {
  const { log } = useSettings()
  return log.format ? log.format === 'json' : process.env.NODE_ENV === 'production'
}
