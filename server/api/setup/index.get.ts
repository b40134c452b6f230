import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { needsSetup } from '../../auth/app-credentials'
import { SETUP_STATE_COOKIE, buildAppManifest } from '../../auth/manifest'
import { requireSetupToken } from '../../auth/setup-token'

const QuerySchema = z.object({
  url: z.url({ protocol: /^https?$/, message: 'must be the http(s) address GitHub will reach Revue at' }).transform(url => url.replace(/\/+$/, '')),
  org: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub organization login').optional(),
})

/**
 * The manifest form the setup page posts to GitHub, while no App is configured (404 afterwards), for the browser that
 * opened the setup link (its token cookie; 403 otherwise). A state cookie ties GitHub's redirect back to this browser.
 */
export default defineEventHandler(async (event) => {
  if (!needsSetup()) throw createError({ statusCode: 404, message: 'Revue is already set up' })
  requireSetupToken(event)
  const { url, org } = await getValidatedQuery(event, QuerySchema.parse)
  const state = randomBytes(16).toString('hex')
  setCookie(event, SETUP_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', maxAge: 3600, path: '/api/setup', secure: url.startsWith('https:') })
  const { github } = useSettings()
  const path = org ? `/organizations/${org}/settings/apps/new` : '/settings/apps/new'
  return { action: `${github.url}${path}?state=${state}`, manifest: buildAppManifest(url) }
})
