import { needsSetup } from '../../auth/app-credentials'
import { isSetupComplete } from '../../auth/setup-state'
import { requireSetupToken } from '../../auth/setup-token'
/**
 * Which step the setup page shows: creating the GitHub App, then giving the model API key. Only for the browser that
 * opened the setup link (403 otherwise); 404 once the setup is complete.
 */
export default defineEventHandler((event) => {
  if (isSetupComplete()) throw createError({ statusCode: 404, message: 'Revue is already set up' })
  requireSetupToken(event)
  if (needsSetup()) return { step: 'app' as const }
  return { step: 'model' as const, provider: 'gemini' as const, model: useSettings().gemini.model }
})
