import { defineEventHandler, getRouterParam, readRawBody } from 'h3'
import type { Content } from '@google/genai'
import { estimateTokens } from '../scripted'
import { answerGeneration } from './answer'
import { apiKeyInvalid, googleError, MESSAGES, methodNotFound } from './errors'
import type { GeminiMethod, GeminiReply, GeminiRequest, GeminiScript, GenerateContentBody } from './script'
import { answerJson, apiKeyOf, leaveUnanswered } from './wire'

// The router's `:model` segment carries the method after a colon: `gemini-2.5-flash:generateContent`.
const TARGET = /^([^/:]+):(generateContent|streamGenerateContent|countTokens)$/

function _textOf(content: Content | undefined): string[] {
  return (content?.parts ?? []).flatMap(part => typeof part.text === 'string' ? [part.text] : [])
}

function _parse(rawBody: string): GenerateContentBody | undefined {
  if (rawBody.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(rawBody)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as GenerateContentBody : undefined
  }
  catch {
    return undefined
  }
}

/** POST /{version}/models/{model}:generateContent, :streamGenerateContent and :countTokens, each request recorded. */
export function generateContent(script: GeminiScript) {
  return defineEventHandler(async (event) => {
    const target = TARGET.exec(getRouterParam(event, 'model') ?? '')
    if (!target) return methodNotFound(event)
    const [, model = '', methodName = ''] = target
    const method = methodName as GeminiMethod
    const apiVersion = getRouterParam(event, 'version') ?? ''
    let rawBody: string
    try {
      rawBody = await readRawBody(event, 'utf8') ?? ''
    }
    catch {
      // the client left before sending the whole body
      leaveUnanswered(event)
      return
    }

    const parsed = _parse(rawBody)
    const body = parsed ?? {}
    const source = method === 'countTokens' && body.generateContentRequest ? body.generateContentRequest : body
    const request: GeminiRequest = {
      model,
      method,
      apiKey: apiKeyOf(event),
      body,
      system: _textOf(source.systemInstruction).join('\n'),
      prompt: (source.contents ?? []).flatMap(content => _textOf(content)).join('\n'),
      apiVersion,
      headers: event.node.req.headers,
      rawBody,
    }
    script.requests.push(request)

    if (request.apiKey !== script.apiKey) return answerJson(event, 400, apiKeyInvalid())
    if (!parsed) return answerJson(event, 400, googleError(400, 'Invalid JSON payload received.'))
    if (!script.acceptsModel(model)) {
      return answerJson(event, 404, googleError(404, `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`))
    }
    if (method === 'countTokens') {
      // token counting never consumes queued replies, so apps may count before generating
      const totalTokens = estimateTokens(request.system + request.prompt)
      return answerJson(event, 200, { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] })
    }
    if (!source.contents?.length) {
      return answerJson(event, 400, googleError(400, '* GenerateContentRequest.contents: contents is not specified\n'))
    }

    let reply: GeminiReply
    try {
      reply = await script.reply(request)
    }
    catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      return answerJson(event, 500, googleError(500, `${MESSAGES[500]} (fake Gemini handler threw: ${detail})`))
    }
    return answerGeneration(event, script, request, reply)
  })
}
