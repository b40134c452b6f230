import type { Tokens } from '#shared/schemas/job'

/**
 * Google's list prices in USD per million tokens (paid tier, prompts up to 200k tokens), by model name prefix.
 * NUXT_GEMINI_INPUT_PRICE and NUXT_GEMINI_OUTPUT_PRICE override them for another model or a negotiated price.
 */
const PRICES: Array<{ prefix: string, input: number, output: number }> = [
  { prefix: 'gemini-3-pro', input: 2, output: 12 },
  { prefix: 'gemini-2.5-pro', input: 1.25, output: 10 },
  { prefix: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4 },
  { prefix: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
  { prefix: 'gemini-2.0-flash-lite', input: 0.075, output: 0.3 },
  { prefix: 'gemini-2.0-flash', input: 0.1, output: 0.4 },
]

export interface PriceOverride {
  inputPrice?: string | number
  outputPrice?: string | number
}

/** The estimated cost in USD of the tokens used with `model`, or undefined when its price is not known. */
export function estimateCost(model: string, tokens: Tokens, override: PriceOverride = {}): number | undefined {
  const listed = PRICES.find(price => model.startsWith(price.prefix))
  const input = _price(override.inputPrice) ?? listed?.input
  const output = _price(override.outputPrice) ?? listed?.output
  if (input === undefined || output === undefined) return undefined
  return (tokens.input * input + tokens.output * output) / 1_000_000
}

function _price(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const price = Number(value)
  return Number.isFinite(price) && price >= 0 ? price : undefined
}
