import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { estimateTokens } from '../scripted'
import { googleError, quotaExceeded } from './errors'
import type { GeminiReply, GeminiRequest, GeminiScript, GeminiUsage } from './script'
import { answerJson, leaveUnanswered, openEventStream } from './wire'

interface WireUsageMetadata {
  promptTokenCount: number
  candidatesTokenCount: number
  totalTokenCount: number
  promptTokensDetails: Array<{ modality: 'TEXT', tokenCount: number }>
}

interface WireCandidate {
  content?: { parts?: Array<{ text: string }>, role: 'model' }
  finishReason?: string
  index: number
  safetyRatings?: Array<{ category: string, probability: string, blocked?: boolean }>
}

interface WireGenerateContentResponse {
  candidates: WireCandidate[]
  usageMetadata?: WireUsageMetadata
  modelVersion: string
  responseId: string
}

function _usage(request: GeminiRequest, answer: string, usage: GeminiUsage | undefined): WireUsageMetadata {
  const promptTokenCount = usage?.promptTokenCount ?? estimateTokens(request.system + request.prompt)
  const candidatesTokenCount = usage?.candidatesTokenCount ?? estimateTokens(answer)
  return {
    promptTokenCount,
    candidatesTokenCount,
    totalTokenCount: promptTokenCount + candidatesTokenCount,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
  }
}

function _candidate(piece: string | undefined, last: boolean, finishReason: string): WireCandidate {
  const result: WireCandidate = { index: 0 }
  if (piece !== undefined) result.content = { parts: [{ text: piece }], role: 'model' }
  else if (last && finishReason === 'MAX_TOKENS') result.content = { role: 'model' }
  if (last) result.finishReason = finishReason
  if (last && finishReason === 'SAFETY') {
    result.safetyRatings = [
      { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
      { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
      { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
      { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
    ]
  }
  return result
}

// Splits by code point so surrogate pairs never straddle two SSE chunks.
function _splitText(text: string): string[] {
  const chars = Array.from(text)
  if (chars.length === 0) return ['']
  const count = Math.min(chars.length, Math.max(3, Math.ceil(chars.length / 80)))
  const size = Math.ceil(chars.length / count)
  const pieces: string[] = []
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''))
  return pieces
}

/** Answers a generation with the reply: an error, one JSON response, or the text in several SSE chunks. */
export async function answerGeneration(event: H3Event, script: GeminiScript, request: GeminiRequest, reply: GeminiReply): Promise<string | undefined> {
  // A hanging reply stays open until the client aborts or close() destroys the socket.
  if ('hang' in reply || (reply.delayMs && !(await script.wait(reply.delayMs)))) {
    leaveUnanswered(event)
    return
  }
  if ('status' in reply) {
    if (reply.status === 429) return answerJson(event, 429, quotaExceeded(reply.retryDelay))
    return answerJson(event, reply.status, googleError(reply.status, reply.message))
  }

  let text: string | undefined
  let finishReason = 'STOP'
  if ('finishReason' in reply) {
    text = reply.text
    finishReason = reply.finishReason
  }
  else if ('json' in reply) text = JSON.stringify(reply.json)
  else text = reply.text
  const usageMetadata = _usage(request, text ?? '', reply.usage)
  const responseId = randomBytes(16).toString('base64url').slice(0, 22)
  if (request.method === 'generateContent') {
    const body: WireGenerateContentResponse = { candidates: [_candidate(text, true, finishReason)], usageMetadata, modelVersion: request.model, responseId }
    return answerJson(event, 200, body)
  }

  const pieces: Array<string | undefined> = text === undefined ? [undefined] : _splitText(text)
  const res = event.node.res
  openEventStream(event)
  for (let i = 0; i < pieces.length; i++) {
    const last = i === pieces.length - 1
    const chunk: WireGenerateContentResponse = { candidates: [_candidate(pieces[i], last, finishReason)], modelVersion: request.model, responseId }
    if (last) chunk.usageMetadata = usageMetadata
    if (res.destroyed) return
    res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`)
    if (!last && !(await script.wait(script.streamChunkDelayMs))) return
  }
  if (!res.destroyed) res.end()
}
