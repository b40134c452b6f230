import OpenAI from 'openai'
import type { ClientSettings, ModelAnswer, ModelClient, ModelRequest } from '../provider'
import { refusesJsonSchema } from './failure'
import { chatParams } from './request'

export interface OpenAISettings extends ClientSettings {
  provider: 'openai' | 'ollama'
  /** 'auto': json_schema until the server refuses it, then JSON mode for this client's life; 'on' and 'off' force one. */
  jsonSchema: 'auto' | 'on' | 'off'
}

const BASE_URLS = { openai: 'https://api.openai.com/v1', ollama: 'http://127.0.0.1:11434/v1' } as const

/** A client for OpenAI and every server that speaks its chat completions API (Azure, vLLM, OpenRouter, Ollama...). */
export function openaiClient(settings: OpenAISettings): ModelClient {
  const { provider } = settings
  const sdk = new OpenAI({
    // The SDK insists on a key; Ollama, vLLM and LM Studio ignore it, and OpenAI answers 401 to a placeholder,
    // which fails the job naming NUXT_OPENAI_API_KEY.
    apiKey: settings.apiKey || provider,
    baseURL: settings.baseUrl || BASE_URLS[provider],
    timeout: settings.timeoutMs,
    maxRetries: settings.retries,
    fetch: settings.fetch,
  })
  let jsonSchema = settings.jsonSchema !== 'off'

  const create = async (request: ModelRequest): Promise<ModelAnswer> => {
    const completion = await sdk.chat.completions.create(chatParams(request, provider, jsonSchema), { signal: request.signal })
    const choice = completion.choices[0]
    const refusal = choice?.message.refusal
    return {
      text: refusal ? undefined : choice?.message.content || undefined,
      finishReason: refusal ? `refusal: ${refusal}` : choice?.finish_reason ?? undefined,
      tokens: { input: completion.usage?.prompt_tokens ?? 0, output: completion.usage?.completion_tokens ?? 0 },
    }
  }

  return {
    provider,
    async ask(request) {
      if (!jsonSchema) return create(request)
      try {
        return await create(request)
      }
      catch (error) {
        if (settings.jsonSchema !== 'auto' || !refusesJsonSchema(error)) throw error
        jsonSchema = false
        return create(request)
      }
    },
    async check(model) {
      await sdk.models.retrieve(model)
    },
  }
}
