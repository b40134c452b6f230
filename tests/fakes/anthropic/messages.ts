import { randomBytes } from 'node:crypto'
import { estimateTokens } from '../scripted'
import type { AnthropicReply, AnthropicRequest, MessagesBody } from './types'

// POST /v1/messages: the request checks the real API makes before answering, and its Message object.

type Answer = Extract<AnthropicReply, { json: unknown } | { text: string } | { finishReason: string }>

// API version 2026-10-21 removed the sampling parameters; 2023-06-01 still takes them.
const SAMPLING = ['temperature', 'top_p', 'top_k'] as const
const SAMPLING_REMOVED_IN = '2026-10-21'

export function systemOf(body: MessagesBody): string {
  if (typeof body.system === 'string') return body.system
  return (body.system ?? []).map(block => block.text).join('\n')
}

export function promptOf(body: MessagesBody): string {
  return (body.messages ?? []).filter(message => message.role === 'user').map((message) => {
    if (typeof message.content === 'string') return message.content
    return message.content.flatMap(block => block.type === 'text' ? [block.text] : []).join('\n')
  }).join('\n')
}

/** The 400 or 404 the API answers instead of a message, if any. */
export function refuseMessages(body: MessagesBody, version: string, knows: (model: string) => boolean): { status: 400 | 404, message: string } | undefined {
  const invalid = (message: string) => ({ status: 400 as const, message })
  if (!body.model) return invalid('model: Field required')
  if (body.max_tokens === undefined) return invalid('max_tokens: Field required')
  if (!Array.isArray(body.messages)) return invalid('messages: Field required')
  if (version >= SAMPLING_REMOVED_IN) {
    const sampling = SAMPLING.find(name => name in body)
    if (sampling) return invalid(`${sampling}: Extra inputs are not permitted`)
  }
  const tools = body.tools ?? []
  const notObject = tools.findIndex(tool => 'input_schema' in tool && tool.input_schema.type !== 'object')
  if (notObject >= 0) return invalid(`tools.${notObject}.custom.input_schema.type: Input should be 'object'`)
  const choice = body.tool_choice
  if (choice?.type === 'tool' && !tools.some(tool => 'name' in tool && tool.name === choice.name)) {
    return invalid(`Tool '${choice.name}' not found in provided tools`)
  }
  if (!knows(body.model)) return { status: 404, message: `model: ${body.model}` }
  return undefined
}

/** A Message as the API writes it: a forced tool's tool_use block for a JSON reply, else a text block. */
export function message(request: AnthropicRequest, reply: Answer): Record<string, unknown> {
  const forced = request.body.tool_choice?.type === 'tool' ? request.body.tool_choice.name : undefined
  let content: Array<Record<string, unknown>>
  let stopReason: string
  if ('json' in reply && forced) {
    content = [{ type: 'tool_use', id: `toolu_${id()}`, name: forced, input: reply.json }]
    stopReason = 'tool_use'
  }
  else {
    const text = 'json' in reply ? JSON.stringify(reply.json) : reply.text
    content = text === undefined ? [] : [{ type: 'text', text }]
    stopReason = 'finishReason' in reply ? reply.finishReason : 'end_turn'
  }
  const answered = JSON.stringify(content)
  return {
    id: `msg_${id()}`,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    diagnostics: null,
    usage: {
      input_tokens: reply.usage?.promptTokenCount ?? estimateTokens(request.system + request.prompt),
      output_tokens: reply.usage?.candidatesTokenCount ?? estimateTokens(answered),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      service_tier: 'standard',
    },
  }
}

function id(): string {
  return `01${randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`
}
