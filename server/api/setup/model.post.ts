import { ApiError } from '@google/genai'
import { z } from 'zod'
import { needsSetup } from '../../auth/app-credentials'
import { applyModelKey, needsModelKey, storeModelKey } from '../../auth/model-key'
import { finishSetupStep, isSetupComplete } from '../../auth/setup-state'
import { requireSetupToken } from '../../auth/setup-token'
import { checkGeminiKey } from '../../models/gemini/client'

const BodySchema = z.object({ apiKey: z.string().trim().min(1, 'must not be empty').max(512) })

/**
 * The setup's last step, once the App exists: checks the model API key with one call that costs no tokens, stores it
 * encrypted beside the App's credentials, and completes the setup (the worker starts, the setup link stops working).
 * Only for the browser that opened the setup link; refused once a key is configured (NUXT_GEMINI_API_KEY wins).
 */
export default defineEventHandler(async (event) => {
  if (isSetupComplete() || !needsModelKey()) throw createError({ statusCode: 409, message: 'Revue already has a model API key: the setup cannot be run again' })
  requireSetupToken(event)
  if (needsSetup()) throw createError({ statusCode: 409, message: 'Create the GitHub App first: the model API key is the next step' })
  const { apiKey } = await readValidatedBody(event, BodySchema.parse)
  try {
    await checkGeminiKey(apiKey)
  }
  catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      throw createError({ statusCode: 400, message: `Gemini refused this key for ${useSettings().gemini.model} (${error.status}): check it in Google AI Studio and paste it again` })
    }
    throw createError({ statusCode: 502, message: `Cannot reach Gemini to check the key: ${(error as Error).message}. Try again` })
  }
  try {
    storeModelKey({ provider: 'gemini', apiKey })
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw createError({ statusCode: 409, message: 'Revue already has a model API key: the setup cannot be run again' })
    throw error
  }
  applyModelKey({ provider: 'gemini', apiKey })
  finishSetupStep(event)
  return { next: '/login?setup=done' }
})
