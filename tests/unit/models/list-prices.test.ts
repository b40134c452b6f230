import { describe, expect, it } from 'vitest'
import { ANTHROPIC_PRICES } from '../../../server/models/anthropic/prices'
import { OPENAI_PRICES } from '../../../server/models/openai/prices'
import { estimateCost } from '../../../server/models/prices'

// Revue's own lookup (estimateCost): a prefix prices the model of that name and any name that continues it after a
// `-` (a dated snapshot, an alias), so a prefix must never come after a shorter one it extends.
function priceOf(model: string) {
  const input = estimateCost(model, { input: 1_000_000, output: 0 })
  return input === undefined ? undefined : { input, output: estimateCost(model, { input: 0, output: 1_000_000 }) }
}

describe.each([['openai', OPENAI_PRICES], ['anthropic', ANTHROPIC_PRICES]] as const)('%s prices', (_name, prices) => {
  it('lists each prefix before any shorter prefix of it', () => {
    for (const [index, price] of prices.entries()) {
      const shadowing = prices.slice(0, index).filter(earlier => price.prefix.startsWith(earlier.prefix))
      expect(shadowing, price.prefix).toEqual([])
    }
  })

  it('gives positive prices with output dearer than input', () => {
    for (const price of prices) {
      expect(price.input, price.prefix).toBeGreaterThan(0)
      expect(price.output, price.prefix).toBeGreaterThan(price.input)
    }
  })
})

describe('price lookup by prefix', () => {
  it('prices dated snapshots and minis as their own model', () => {
    expect(priceOf('openai:gpt-4.1-mini-2025-04-14')).toMatchObject({ input: 0.4, output: 1.6 })
    expect(priceOf('openai:gpt-4.1')).toMatchObject({ input: 2, output: 8 })
    expect(priceOf('openai:gpt-5-mini')).toMatchObject({ input: 0.25, output: 2 })
    expect(priceOf('anthropic:claude-sonnet-4-5-20250929')).toMatchObject({ input: 3, output: 15 })
    expect(priceOf('anthropic:claude-opus-4-20250514')).toMatchObject({ input: 15, output: 75 })
    expect(priceOf('anthropic:claude-3-5-haiku-latest')).toMatchObject({ input: 0.8, output: 4 })
  })

  it('leaves a later model it does not know unpriced rather than at an older one\'s price', () => {
    expect(priceOf('anthropic:claude-opus-4-9')).toBeUndefined()
    expect(priceOf('openai:gpt-5.6-sol')).toBeUndefined()
  })
})
