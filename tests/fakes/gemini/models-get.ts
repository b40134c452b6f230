import { defineEventHandler, getRouterParam } from 'h3'
import { apiKeyInvalid, googleError, methodNotFound } from './errors'
import type { GeminiScript } from './script'
import { answerJson, apiKeyOf } from './wire'

/** GET /{version}/models/{model}: a model's description, the call that checks a key without spending tokens. */
export function modelsGet(script: GeminiScript) {
  return defineEventHandler((event) => {
    const model = getRouterParam(event, 'model') ?? ''
    if (model.includes(':')) return methodNotFound(event)
    const apiVersion = getRouterParam(event, 'version') ?? ''
    const apiKey = apiKeyOf(event)
    script.requests.push({ model, method: 'get', apiKey, body: {}, system: '', prompt: '', apiVersion, headers: event.node.req.headers, rawBody: '' })
    if (apiKey !== script.apiKey) return answerJson(event, 400, apiKeyInvalid())
    if (!script.acceptsModel(model)) return answerJson(event, 404, googleError(404, `models/${model} is not found for API version ${apiVersion}.`))
    return answerJson(event, 200, {
      name: `models/${model}`,
      version: '001',
      displayName: model,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })
  })
}
