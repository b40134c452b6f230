import type { ListPrice } from '../prices'

/**
 * Google's list prices in USD per million tokens (paid tier, prompts up to 200k tokens), by model name prefix, from
 * the Gemini API pricing page (ai.google.dev/gemini-api/docs/pricing) as of 2026.
 */
export const GEMINI_PRICES: ListPrice[] = [
  { prefix: 'gemini-3-pro', input: 2, output: 12 },
  { prefix: 'gemini-2.5-pro', input: 1.25, output: 10 },
  { prefix: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4 },
  { prefix: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
  { prefix: 'gemini-2.0-flash-lite', input: 0.075, output: 0.3 },
  { prefix: 'gemini-2.0-flash', input: 0.1, output: 0.4 },
]
