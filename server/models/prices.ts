import type { Tokens } from '#shared/schemas/job'
import { isLocal, parseModelId } from './choice'
import { ANTHROPIC_PRICES } from './anthropic/prices'
import { GEMINI_PRICES } from './gemini/prices'
import { OPENAI_PRICES } from './openai/prices'
import type { ProviderName } from './provider'

/** A list price in USD per million tokens for the model named `prefix`, and its snapshots and aliases (`prefix-…`). */
export interface ListPrice {
  prefix: string
  input: number
  output: number
}

const LISTS: Record<ProviderName, ListPrice[]> = { gemini: GEMINI_PRICES, openai: OPENAI_PRICES, anthropic: ANTHROPIC_PRICES, ollama: [] }

export interface PriceOverride {
  /** NUXT_GEMINI_INPUT_PRICE and NUXT_GEMINI_OUTPUT_PRICE: the Gemini model's price. */
  inputPrice?: string | number
  outputPrice?: string | number
  /** NUXT_MODEL_PRICES: prices by `provider:model`, for any provider. */
  table?: Record<string, { input: number, output: number }>
}

/**
 * The estimated cost in USD of the tokens used with `model` (`provider:model` or a Gemini name): the operator's price,
 * else the provider's list price; 0 for a local model; undefined when the price is not known.
 */
export function estimateCost(model: string, tokens: Tokens, override: PriceOverride = {}): number | undefined {
  const choice = parseModelId(model)
  if (isLocal(choice)) return 0
  const listed = override.table?.[choice.id] ?? LISTS[choice.provider].find(price => choice.name === price.prefix || choice.name.startsWith(`${price.prefix}-`))
  const gemini = choice.provider === 'gemini'
  const input = (gemini ? _price(override.inputPrice) : undefined) ?? listed?.input
  const output = (gemini ? _price(override.outputPrice) : undefined) ?? listed?.output
  if (input === undefined || output === undefined) return undefined
  return (tokens.input * input + tokens.output * output) / 1_000_000
}

function _price(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const price = Number(value)
  return Number.isFinite(price) && price >= 0 ? price : undefined
}
