/**
 * Takes one of an installation's shadow runs of the day (UTC days, counted in Redis for every process); when the
 * day's `perDay` are spent, answers when they come back (epoch ms) and takes none.
 */
export async function takeShadowRun(installation: string, perDay: number, now = Date.now()): Promise<{ resetsAt: number } | null> {
  const today = new Date(now)
  const resetsAt = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1)
  const key = `${redisPrefix()}:shadow:${installation}:${today.toISOString().slice(0, 10)}`
  const [[, count]] = await useRedis().multi().incr(key).pexpireat(key, resetsAt + 3_600_000).exec() as [[null, number], unknown]
  if (count <= perDay) return null
  await useRedis().decr(key)
  return { resetsAt }
}
