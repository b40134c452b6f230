import { hasForge, isSetupComplete } from '../../auth/setup-state'
import { requireSetupToken } from '../../auth/setup-token'
import { serverModel } from '../../models/settings'

/**
 * Which step the setup page shows: creating the GitHub App, then the model and its API key (the provider and model
 * the server would use, which the page offers to change). Only for the browser that opened the setup link (403
 * otherwise); 404 once the setup is complete.
 */
export default defineEventHandler((event) => {
  if (isSetupComplete()) throw createError({ statusCode: 404, message: 'Revue is already set up' })
  requireSetupToken(event)
  if (!hasForge()) return { step: 'app' as const }
  const { provider, name } = serverModel()
  return { step: 'model' as const, provider, model: name }
})
