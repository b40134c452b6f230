import { describe, expect, it } from 'vitest'
import { compareStreamIds } from '../../../shared/utils/stream-ids'

describe('compareStreamIds', () => {
  it('orders by time, then by sequence, as numbers', () => {
    expect(compareStreamIds('1700000000000-0', '1700000000001-0')).toBeLessThan(0)
    expect(compareStreamIds('1700000000000-10', '1700000000000-9')).toBeGreaterThan(0)
    expect(compareStreamIds('999-0', '1000-0')).toBeLessThan(0)
    expect(compareStreamIds('5-3', '5-3')).toBe(0)
  })

  it('keeps ids of another shape where they are: they compare equal', () => {
    expect(compareStreamIds('abc', '1-0')).toBe(0)
    expect(['9-0', 'x', '1-0'].sort(compareStreamIds)).toEqual(['9-0', 'x', '1-0'])
  })
})
