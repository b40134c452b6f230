import { GoogleGenAI } from '@google/genai'
import type { ClientSettings, ModelClient } from '../provider'

/**
 * Gemini through Google's SDK, on the `v1beta` API (SDK 3.x defaults to `v1`, which lacks the fields Revue sends:
 * systemInstruction, responseJsonSchema). The SDK retries 408/429/5xx itself; the answer follows the JSON Schema.
 */
export function geminiClient(settings: ClientSettings): ModelClient {
  const client = new GoogleGenAI({
    apiVersion: 'v1beta',
    apiKey: settings.apiKey,
    httpOptions: {
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      // With a counting fetch, the timeout is counted there, not by the SDK; the header still tells Gemini the deadline.
      ...(settings.fetch ? { fetch: settings.fetch } : { timeout: settings.timeoutMs }),
      headers: { 'X-Server-Timeout': String(Math.ceil(settings.timeoutMs / 1000)) },
      retryOptions: { attempts: settings.retries + 1, initialDelay: 1, maxDelay: 30 },
    },
  })
  return {
    provider: 'gemini',
    async ask(request) {
      const response = await client.models.generateContent({
        model: request.model,
        contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
        config: {
          systemInstruction: request.system,
          responseMimeType: 'application/json',
          responseJsonSchema: request.schema,
          maxOutputTokens: request.maxOutputTokens,
          temperature: 0.2,
          abortSignal: request.signal,
        },
      })
      return {
        text: response.text,
        finishReason: response.candidates?.[0]?.finishReason,
        tokens: { input: response.usageMetadata?.promptTokenCount ?? 0, output: response.usageMetadata?.candidatesTokenCount ?? 0 },
      }
    },
    // The model's description: one call that costs no tokens.
    async check(model) {
      await client.models.get({ model })
    },
  }
}
