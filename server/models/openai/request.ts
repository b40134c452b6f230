import type OpenAI from 'openai'
import type { ModelRequest } from '../provider'

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming

// OpenAI's reasoning models take neither `max_tokens` nor a temperature other than the default.
const REASONING = /^(o\d|gpt-5)/

/**
 * The chat completion request for one ask: the schema as `response_format` json_schema, or in JSON mode (for servers
 * without json_schema) written into the system prompt, which must then name JSON anyway for OpenAI to accept it.
 */
export function chatParams(request: ModelRequest, provider: 'openai' | 'ollama', jsonSchema: boolean): ChatParams {
  const system = jsonSchema
    ? request.system
    : `${request.system}\n\nAnswer with one JSON object and nothing else. It must follow this JSON Schema:\n${JSON.stringify(request.schema)}`
  const reasoning = provider === 'openai' && REASONING.test(request.model)
  return {
    model: request.model,
    messages: [{ role: 'system', content: system }, { role: 'user', content: request.prompt }],
    // OpenAI refuses `max_tokens` for its reasoning models and documents `max_completion_tokens` (so do vLLM, Groq
    // and Azure); Ollama's OpenAI layer reads only `max_tokens` (ollama/ollama#7125). Servers that do not know the
    // field ignore it, which costs only the cap.
    ...(provider === 'ollama' ? { max_tokens: request.maxOutputTokens } : { max_completion_tokens: request.maxOutputTokens }),
    ...(reasoning ? {} : { temperature: 0.2 }),
    response_format: jsonSchema
      ? { type: 'json_schema', json_schema: { name: 'review', schema: request.schema, strict: false } }
      : { type: 'json_object' },
  }
}
