// Error bodies as OpenAI's API reference and its answers show them, and as Ollama's OpenAI layer writes them.

export interface OpenAIErrorBody {
  error: { message: string, type: string, param: string | null, code: string | null }
}

export type Flavour = 'openai' | 'ollama'

function body(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  return body(message, 'invalid_request_error', code, param)
}

export function badKey(apiKey: string | undefined): OpenAIErrorBody {
  if (!apiKey) return invalidRequest('You didn\'t provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you\'re accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.')
  return invalidRequest(`Incorrect API key provided: ${apiKey.slice(0, 3)}*****${apiKey.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key')
}

export function unknownModel(flavour: Flavour, model: string): OpenAIErrorBody {
  if (flavour === 'ollama') return body(`model "${model}" not found, try pulling it first`, 'api_error')
  return invalidRequest(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found')
}

export function jsonSchemaUnsupported(): OpenAIErrorBody {
  return invalidRequest('Invalid parameter: \'response_format\' of type \'json_schema\' is not supported with this model. Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs', 'response_format')
}

export function rateLimited(model: string, message?: string): OpenAIErrorBody {
  return body(message ?? `Rate limit reached for ${model} in organization org-revuefake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.`, 'requests', 'rate_limit_exceeded')
}

const MESSAGES = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided.',
  403: 'You are not allowed to sample from this model',
  404: 'The requested resource does not exist.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.',
} as const

export function scripted(status: keyof typeof MESSAGES, message?: string): OpenAIErrorBody {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error'
  return body(message ?? MESSAGES[status], type, status === 401 ? 'invalid_api_key' : null)
}
