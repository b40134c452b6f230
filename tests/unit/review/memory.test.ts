import { describe, expect, it } from 'vitest'
import { makePatch } from '../../fakes/github/server'
import { parsePatch } from '../../../server/review/diff'
import { findingKeys, findingsBlock, readFindingsBlock } from '../../../server/review/memory'

const diffOf = (patch: string) => [{ path: 'a.ts', status: 'modified', hunks: parsePatch(patch) }]

describe('findingKeys', () => {
  it('keys a finding by path, side and its line\'s text, so it survives the line moving', () => {
    const before = findingKeys(diffOf(makePatch({ removed: ['old()'], added: ['run()', 'stop()'] }, 10)))
    const after = findingKeys(diffOf(makePatch({ removed: ['old()'], added: ['first()', 'run()', 'stop()'] }, 30)))
    expect(after({ path: 'a.ts', side: 'RIGHT', line: 31 })).toBe(before({ path: 'a.ts', side: 'RIGHT', line: 10 }))
    expect(after({ path: 'a.ts', side: 'LEFT', line: 30 })).toBe(before({ path: 'a.ts', side: 'LEFT', line: 10 }))
    // Another line, another side or another file is another key.
    expect(after({ path: 'a.ts', side: 'RIGHT', line: 30 })).not.toBe(before({ path: 'a.ts', side: 'RIGHT', line: 10 }))
    expect(after({ path: 'a.ts', side: 'LEFT', line: 30 })).not.toBe(after({ path: 'a.ts', side: 'RIGHT', line: 30 }))
    expect(after({ path: 'b.ts', side: 'RIGHT', line: 31 })).not.toBe(after({ path: 'a.ts', side: 'RIGHT', line: 31 }))
  })

  it('falls back to the line number for a line outside the diff', () => {
    const key = findingKeys([])
    expect(key({ path: 'a.ts', side: 'RIGHT', line: 400 })).toMatch(/^[0-9a-f]{16}$/)
    expect(key({ path: 'a.ts', side: 'RIGHT', line: 400 })).not.toBe(key({ path: 'a.ts', side: 'RIGHT', line: 401 }))
  })
})

describe('the findings block', () => {
  it('is read back only on the line above the marker', () => {
    const block = findingsBlock(['0123456789abcdef', '0123456789abcdef', 'fedcba9876543210'])
    expect(block).toBe('<!-- revue:findings keys=0123456789abcdef,fedcba9876543210 -->')
    expect(readFindingsBlock(`Body\n${block}\n<!-- revue:review sha=${'a'.repeat(40)} -->`)).toEqual(['0123456789abcdef', 'fedcba9876543210'])
    expect(readFindingsBlock(`${findingsBlock([])}\n<!-- marker -->`)).toEqual([])
    // Anywhere else, or in another form, it is no record at all.
    expect(readFindingsBlock(`${block}\nBody\n<!-- marker -->`)).toBeUndefined()
    expect(readFindingsBlock('<!-- revue:findings keys=zzz -->\n<!-- marker -->')).toBeUndefined()
  })
})
