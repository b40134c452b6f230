import { GoogleGenAI, type HttpOptions } from '@google/genai'

let _gemini: GoogleGenAI | undefined

/**
 * The Gemini client for the model API key in force (NUXT_GEMINI_API_KEY, else the one the setup page stored); built
 * on first use, which the worker makes only once a key exists. NUXT_GEMINI_BASE_URL points it at a proxy. Retries 408/429/5xx itself.
 * At most NUXT_MODEL_CONCURRENCY requests are in flight in this process, so one big pull request or a burst of
 * reviews cannot flood the model.
 */
export function useGemini(): GoogleGenAI {
  if (!_gemini) {
    const { gemini } = useRuntimeConfig()
    const timeoutMs = Number(gemini.timeoutMs)
    _gemini = _client(requireSetting(modelApiKey(), 'NUXT_GEMINI_API_KEY'), {
      // The timeout is counted by limitedFetch, not by the SDK; the header still tells Gemini the deadline.
      fetch: limitedFetch(geminiSettings().concurrency, timeoutMs),
      headers: { 'X-Server-Timeout': String(Math.ceil(timeoutMs / 1000)) },
      retryOptions: { attempts: Number(gemini.retries) + 1, initialDelay: 1, maxDelay: 30 },
    })
  }
  return _gemini
}

/**
 * Checks an API key with one call that costs no tokens (the configured model's description), before the setup page
 * stores it. Throws Gemini's ApiError when it refuses the key or the model.
 */
export async function checkGeminiKey(apiKey: string): Promise<void> {
  await _client(apiKey, { timeout: 15_000 }).models.get({ model: useRuntimeConfig().gemini.model })
}

function _client(apiKey: string, httpOptions: HttpOptions): GoogleGenAI {
  const { baseUrl } = useRuntimeConfig().gemini
  // SDK 3.x defaults to v1, which lacks fields Revue sends (systemInstruction, responseJsonSchema).
  return new GoogleGenAI({ apiVersion: 'v1beta', apiKey, httpOptions: { ...(baseUrl ? { baseUrl } : {}), ...httpOptions } })
}

/** The model settings every Gemini call of a job needs, from runtimeConfig. */
export function geminiSettings() {
  const { gemini, model } = useRuntimeConfig()
  return {
    model: gemini.model,
    concurrency: Math.max(1, Number(model.concurrency)),
    contextTokens: Number(gemini.contextTokens),
    maxOutputTokens: Number(gemini.maxOutputTokens),
    allowedModels: String(gemini.allowedModels).split(',').map(model => model.trim()).filter(Boolean),
    prices: { inputPrice: gemini.inputPrice, outputPrice: gemini.outputPrice },
  }
}
