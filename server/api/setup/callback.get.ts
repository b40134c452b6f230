import { request } from '@octokit/request'
import { z } from 'zod'
import { applyCredentials, needsSetup, storeCredentials } from '../../auth/app-credentials'
import { SETUP_STATE_COOKIE } from '../../auth/manifest'
import { finishSetupStep } from '../../auth/setup-state'
import { requireSetupToken } from '../../auth/setup-token'

const QuerySchema = z.object({ code: z.string().regex(/^\w+$/), state: z.string().min(1) })

/**
 * GitHub's redirect after the App was created from the manifest: exchanges the code for the App's credentials, stores
 * them encrypted, and leads to the model key step (or, with NUXT_GEMINI_API_KEY set, completes the setup: reviews
 * start). Only for the browser that opened the setup link (its token cookie), and refused
 * once an App is configured, so nobody can take the App over.
 */
export default defineEventHandler(async (event) => {
  if (!needsSetup()) throw createError({ statusCode: 409, message: 'Revue is already set up: the setup cannot be run again' })
  requireSetupToken(event)
  const { code, state } = await getValidatedQuery(event, QuerySchema.parse)
  if (!state || getCookie(event, SETUP_STATE_COOKIE) !== state) {
    throw createError({ statusCode: 400, message: 'This setup link does not belong to this browser: start again from /setup' })
  }
  const { github } = useSettings()
  const { data } = await request('POST /app-manifests/{code}/conversions', { baseUrl: github.apiUrl, code })
  const credentials = {
    appId: String(data.id),
    slug: data.slug ?? '',
    privateKey: data.pem,
    webhookSecret: data.webhook_secret ?? '',
    clientId: data.client_id,
    clientSecret: data.client_secret,
  }
  try {
    storeCredentials(credentials)
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw createError({ statusCode: 409, message: 'Revue is already set up: the setup cannot be run again' })
    throw error
  }
  applyCredentials(credentials)
  deleteCookie(event, SETUP_STATE_COOKIE, { path: '/api/setup' })
  return sendRedirect(event, finishSetupStep(event) ? '/login?setup=done' : '/setup')
})
