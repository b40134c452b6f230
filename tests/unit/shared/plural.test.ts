import { describe, expect, it } from 'vitest'
import { pluralize } from '../../../shared/utils/plural'

describe('pluralize', () => {
  it('agrees the noun with its count', () => {
    expect(pluralize(1, 'finding')).toBe('1 finding')
    expect(pluralize(0, 'finding')).toBe('0 findings')
    expect(pluralize(2, 'inline comment')).toBe('2 inline comments')
    expect(pluralize(1000, 'token')).toBe('1000 tokens')
  })

  it('takes the plural of a noun that is not noun + s', () => {
    expect(pluralize(1, 'missed delivery', 'missed deliveries')).toBe('1 missed delivery')
    expect(pluralize(3, 'missed delivery', 'missed deliveries')).toBe('3 missed deliveries')
  })
})
