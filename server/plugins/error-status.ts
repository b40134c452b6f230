import { STATUS_CODES } from 'node:http'
import { isError } from 'h3'
import { ZodError } from 'zod'

/**
 * Makes every HTTP error say what it is. Nitro's error handler answers 'Server Error' as the statusMessage (body and
 * status line) of any error thrown without one, so it gets its status's reason phrase ('Forbidden' for 403); and a
 * zod failure from h3's getValidated* helpers, whose message is the issues as JSON, gets them in words. The 'error'
 * hook runs before the error handler, in the same tick.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error) => {
    if (!isError(error)) return
    if (!error.statusMessage) error.statusMessage = STATUS_CODES[error.statusCode]
    if (error.data instanceof ZodError) {
      error.message = `Invalid request: ${error.data.issues.map(issue => `${issue.path.join('.') || 'value'} ${issue.message}`).join('; ')}`
    }
  })
})
