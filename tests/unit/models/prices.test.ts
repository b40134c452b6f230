import { describe, expect, it } from 'vitest'
import { estimateCost } from '../../../server/models/prices'
import { formatCost } from '../../../shared/utils/cost'

describe('estimateCost', () => {
  it('uses the list price of the model, by name prefix', () => {
    expect(estimateCost('gemini-2.5-flash', { input: 1_000_000, output: 100_000 })).toBeCloseTo(0.3 + 0.25)
    expect(estimateCost('gemini-2.5-flash-lite-preview-09-2025', { input: 1_000_000, output: 0 })).toBeCloseTo(0.1)
  })

  it('lets the operator set the prices, and knows when it cannot tell', () => {
    expect(estimateCost('my-tuned-model', { input: 2_000_000, output: 0 }, { inputPrice: '0.5', outputPrice: '1' })).toBeCloseTo(1)
    expect(estimateCost('my-tuned-model', { input: 1, output: 1 })).toBeUndefined()
  })

  it('formats small and large amounts', () => {
    expect(formatCost(0.00123)).toBe('$0.0012')
    expect(formatCost(1.5)).toBe('$1.50')
    expect(formatCost(undefined)).toBe('cost unknown')
  })
})
