import { describe, expect, it } from 'vitest'
import { logFields } from '../../../shared/utils/log-fields'

describe('logFields', () => {
  it('leaves out empty fields and keeps values that say something, zero and false included', () => {
    expect(logFields({ skipped: [], kinds: ['aws'], note: '', extra: {}, gone: undefined, none: null, count: 0, permanent: false }))
      .toEqual({ kinds: ['aws'], count: 0, permanent: false })
    expect(logFields({ skipped: [{ path: 'a.lock', reason: 'lockfile' }] })).toEqual({ skipped: [{ path: 'a.lock', reason: 'lockfile' }] })
  })

  it('is undefined when nothing is left', () => {
    expect(logFields({ skipped: [] })).toBeUndefined()
    expect(logFields({})).toBeUndefined()
  })
})
