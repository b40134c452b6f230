import { randomBytes } from 'node:crypto'
import type OpenAI from 'openai'
import { invalidRequest, jsonSchemaUnsupported, unknownModel } from './errors'
import type { Flavour, OpenAIErrorBody } from './errors'
import type { ChatBody, OpenAIReply, OpenAIRequest } from './types'
import { estimateTokens } from '../scripted'

// POST {prefix}/chat/completions: the request checks the real API makes before answering, and its answer.

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam
type Answer = Extract<OpenAIReply, { json: unknown } | { text: string } | { refusal: string } | { finishReason: string }>

export interface ChatServer {
  flavour: Flavour
  jsonSchema: boolean
  knows: (model: string) => boolean
}

export function textOf(messages: Message[] | undefined, roles: Array<Message['role']>): string {
  return (messages ?? []).filter(message => roles.includes(message.role)).map((message) => {
    const content = message.content
    if (typeof content === 'string') return content
    return (content ?? []).flatMap(part => 'text' in part ? [part.text] : []).join('\n')
  }).join('\n')
}

/** The 400 or 404 the server answers instead of a completion, if any. */
export function refuseChat(body: ChatBody, server: ChatServer): { status: 400 | 404, error: OpenAIErrorBody } | undefined {
  const refuse = (error: OpenAIErrorBody) => ({ status: 400 as const, error })
  if (!body.model) return refuse(invalidRequest('you must provide a model parameter'))
  if (!Array.isArray(body.messages)) return refuse(invalidRequest('Missing required parameter: \'messages\'.', 'messages', 'missing_required_parameter'))
  if (body.messages.length === 0) return refuse(invalidRequest('[] is too short - \'messages\'', 'messages', 'empty_array'))
  if (!server.knows(body.model)) return { status: 404, error: unknownModel(server.flavour, body.model) }
  const format = body.response_format
  if (format?.type === 'json_schema') {
    if (!server.jsonSchema) return refuse(jsonSchemaUnsupported())
    if (!format.json_schema?.name) return refuse(invalidRequest('Missing required parameter: \'response_format.json_schema.name\'.', 'response_format.json_schema.name', 'missing_required_parameter'))
  }
  if (format?.type === 'json_object' && !/json/i.test(textOf(body.messages, ['system', 'developer', 'user']))) {
    return refuse(invalidRequest('\'messages\' must contain the word \'json\' in some form, to use \'response_format\' of type \'json_object\'.', 'messages'))
  }
  if (server.flavour === 'openai' && /^(o\d|gpt-5)/.test(body.model)) {
    if (body.max_tokens != null) return refuse(invalidRequest('Unsupported parameter: \'max_tokens\' is not supported with this model. Use \'max_completion_tokens\' instead.', 'max_tokens', 'unsupported_parameter'))
    if (body.temperature != null && body.temperature !== 1) return refuse(invalidRequest(`Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`, 'temperature', 'unsupported_value'))
  }
  return undefined
}

/** A chat.completion object as OpenAI (or Ollama's OpenAI layer) writes it. */
export function chatCompletion(request: OpenAIRequest, reply: Answer, flavour: Flavour): Record<string, unknown> {
  let content: string | null = null
  let refusal: string | null = null
  let finishReason = 'stop'
  if ('refusal' in reply) refusal = reply.refusal
  else if ('finishReason' in reply) {
    content = reply.text ?? null
    finishReason = reply.finishReason
  }
  else content = 'json' in reply ? JSON.stringify(reply.json) : reply.text
  const promptTokens = reply.usage?.promptTokenCount ?? estimateTokens(request.system + request.prompt)
  const completionTokens = reply.usage?.candidatesTokenCount ?? estimateTokens(content ?? refusal ?? '')
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
  const id = `chatcmpl-${randomBytes(15).toString('base64url')}`
  const created = Math.floor(Date.now() / 1000)
  if (flavour === 'ollama') {
    return {
      id, object: 'chat.completion', created, model: request.model, system_fingerprint: 'fp_ollama',
      choices: [{ index: 0, message: { role: 'assistant', content: content ?? '' }, finish_reason: finishReason }],
      usage,
    }
  }
  return {
    id, object: 'chat.completion', created, model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal, annotations: [] }, logprobs: null, finish_reason: finishReason }],
    usage: {
      ...usage,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_2e4b5d2f9c',
  }
}
