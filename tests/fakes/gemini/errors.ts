import { getRequestURL } from 'h3'
import type { H3Event } from 'h3'
import { answerJson } from './wire'

// Google's error bodies, as generativelanguage.googleapis.com answers them (google.rpc.Status).
interface GoogleErrorBody {
  error: {
    code: number
    message: string
    status: string
    details?: Array<Record<string, unknown>>
  }
}

export const MESSAGES = {
  400: 'Request contains an invalid argument.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
} as const

const STATUSES = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
} as const

type ErrorCode = keyof typeof STATUSES

export function googleError(code: ErrorCode, message?: string, details?: Array<Record<string, unknown>>): GoogleErrorBody {
  const error: GoogleErrorBody['error'] = { code, message: message ?? MESSAGES[code], status: STATUSES[code] }
  if (details?.length) error.details = details
  return { error }
}

export function apiKeyInvalid(): GoogleErrorBody {
  return googleError(400, 'API key not valid. Please pass a valid API key.', [{
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    'reason': 'API_KEY_INVALID',
    'domain': 'googleapis.com',
    'metadata': { service: 'generativelanguage.googleapis.com' },
  }])
}

export function quotaExceeded(retryDelay: string | undefined): GoogleErrorBody {
  const details: Array<Record<string, unknown>> = [{
    '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
    'violations': [{
      quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
    }],
  }]
  if (retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': retryDelay })
  return googleError(429, undefined, details)
}

/** Any path or method the fake does not serve. */
export function methodNotFound(event: H3Event): string {
  return answerJson(event, 404, googleError(404, `Method not found: ${event.method} ${getRequestURL(event).pathname}`))
}
