import type { z } from 'zod'

/** Parses `value` with a zod schema, or throws a 400 that lists every reason. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const reasons = result.error.issues.map(issue => `${issue.path.join('.') || what} ${issue.message}`).join('; ')
  throw createError({ statusCode: 400, message: `Invalid ${what}: ${reasons}` })
}

/** Parses a JSON text, or throws a 400 saying the body is not JSON. */
export function parseJsonOr400(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    throw createError({ statusCode: 400, message: 'Body is not valid JSON: set the App\'s webhook content type to application/json' })
  }
}
