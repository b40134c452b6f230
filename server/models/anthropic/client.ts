import Anthropic from '@anthropic-ai/sdk'
import type { ClientSettings, ModelClient } from '../provider'

const TOOL = 'review'

/**
 * A client for Anthropic's Messages API. The answer comes as the input of one forced tool whose input schema is the
 * answer's schema. No temperature: API version 2026-10-21, which this SDK sends, refuses every sampling parameter.
 */
export function anthropicClient(settings: ClientSettings): ModelClient {
  const sdk = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl || 'https://api.anthropic.com',
    timeout: settings.timeoutMs,
    maxRetries: settings.retries,
    fetch: settings.fetch,
  })
  return {
    provider: 'anthropic',
    async ask(request) {
      const message = await sdk.messages.create({
        model: request.model,
        max_tokens: request.maxOutputTokens,
        system: request.system,
        messages: [{ role: 'user', content: request.prompt }],
        tools: [{ name: TOOL, description: 'Gives the answer: its input is the whole answer, following the schema.', input_schema: { type: 'object', ...request.schema } }],
        tool_choice: { type: 'tool', name: TOOL },
      }, { signal: request.signal })
      const tool = message.content.find(block => block.type === 'tool_use')
      const text = message.content.flatMap(block => block.type === 'text' ? [block.text] : []).join('')
      return {
        text: tool ? JSON.stringify(tool.input) : text || undefined,
        finishReason: message.stop_reason ?? undefined,
        tokens: { input: message.usage.input_tokens, output: message.usage.output_tokens },
      }
    },
    async check(model) {
      await sdk.models.retrieve(model)
    },
  }
}
