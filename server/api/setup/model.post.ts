import { z } from 'zod'
import { finishSetupStep, hasForge, isSetupComplete } from '../../auth/setup-state'
import { requireSetupToken } from '../../auth/setup-token'
import { parseModelId, providerLabel } from '../../models/choice'
import { uncheckedClient } from '../../models/clients'
import { describeModelError } from '../../models/failures'
import { applyModelKey, storeModelKey } from '../../models/keys'
import { PROVIDERS } from '../../models/provider'
import { needsModelKey, serverModel } from '../../models/settings'

const BodySchema = z.object({
  provider: z.enum(PROVIDERS).optional(),
  apiKey: z.string().trim().max(512).default(''),
  /** Where Ollama is, when not on this machine. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' }).max(2048).optional(),
  /** The provider's model name; the provider's default from the step when absent. */
  model: z.string().trim().min(1).max(200).regex(/^[\w.:/-]+$/, 'must be a model name such as qwen2.5-coder:14b').optional(),
}).refine(body => body.provider === 'ollama' || body.apiKey, { message: 'must not be empty', path: ['apiKey'] })

/**
 * The setup's last step, once the App exists: the model that reviews (Gemini by default, OpenAI, Anthropic, or Ollama
 * with no key) and its API key, checked with one call that costs no tokens, stored encrypted beside the App's
 * credentials; then the setup is complete (the worker starts, the setup link stops working). Only for the browser that
 * opened the setup link; refused once a key is configured (the environment wins).
 */
export default defineEventHandler(async (event) => {
  if (isSetupComplete() || !needsModelKey()) throw createError({ statusCode: 409, message: 'Revue already has a model API key: the setup cannot be run again' })
  requireSetupToken(event)
  if (!hasForge()) throw createError({ statusCode: 409, message: 'Create the GitHub App first: the model API key is the next step' })
  const body = await readValidatedBody(event, BodySchema.parse)
  const fixed = serverModel()
  const provider = body.provider ?? fixed.provider
  if (useSettings().model && provider !== fixed.provider) {
    throw createError({ statusCode: 400, message: `NUXT_MODEL sets the model to ${fixed.id}: give a key for ${providerLabel(fixed.provider)}, or change NUXT_MODEL` })
  }
  const model = parseModelId(`${provider}:${body.model ?? (provider === fixed.provider ? fixed.name : '')}`)
  if (!model.name) throw createError({ statusCode: 400, message: `model: name the ${providerLabel(provider)} model to review with` })
  const key = { provider, apiKey: body.apiKey, ...(body.baseUrl ? { baseUrl: body.baseUrl } : {}), model: model.id }
  try {
    await uncheckedClient(provider, key).check(model.name)
  }
  catch (error) {
    const failure = describeModelError(error)
    if (failure?.status && failure.status < 500) {
      throw createError({ statusCode: 400, message: `${providerLabel(provider)} refused this key for ${model.name} (${failure.status}): ${failure.message.replace(/\.?$/, '.')} Check it and paste it again` })
    }
    throw createError({ statusCode: 502, message: `Cannot reach ${providerLabel(provider)} to check the key: ${(error as Error).message}. Try again` })
  }
  try {
    storeModelKey(key)
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw createError({ statusCode: 409, message: 'Revue already has a model API key: the setup cannot be run again' })
    throw error
  }
  applyModelKey(key)
  finishSetupStep(event)
  return { next: '/login?setup=done' }
})
