// Error bodies as the Anthropic API reference shows them: https://docs.claude.com/en/api/errors

export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error' | 'overloaded_error'

export interface AnthropicErrorBody {
  type: 'error'
  error: { type: ErrorType, message: string }
  request_id: string
}

export const ERROR_TYPES = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
} as const satisfies Record<number, ErrorType>

const MESSAGES = {
  400: 'Your request was invalid.',
  401: 'invalid x-api-key',
  403: 'Your API key does not have permission to use the specified resource.',
  404: 'The requested resource could not be found.',
  429: 'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
  500: 'Internal server error',
  529: 'Overloaded',
} as const

export function anthropicError(status: keyof typeof ERROR_TYPES, requestId: string, message?: string): AnthropicErrorBody {
  return { type: 'error', error: { type: ERROR_TYPES[status], message: message ?? MESSAGES[status] }, request_id: requestId }
}
