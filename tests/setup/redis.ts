import type { TestProject } from 'vitest/node'
import { startPrivateRedis } from '../support/redis'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
  }
}

/** One private redis-server for the whole run; tests isolate themselves with their own key prefix. */
export default async function setup(project: TestProject) {
  const redis = await startPrivateRedis()
  project.provide('redisUrl', redis.url)
  return () => redis.stop()
}
