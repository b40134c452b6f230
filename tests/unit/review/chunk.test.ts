import { describe, expect, it } from 'vitest'
import { chunkBudget, chunkDiff, estimateTokens, type DiffFile } from '../../../server/review/chunk'
import { parsePatch } from '../../../server/review/diff'

const addedFile = (path: string, lines: number, width = 40): DiffFile => ({
  path,
  status: 'added',
  hunks: parsePatch([`@@ -0,0 +1,${lines} @@`, ...Array.from({ length: lines }, (_, i) => `+${`${path} line ${i} `.padEnd(width, 'x')}`)].join('\n')),
})

describe('chunkBudget', () => {
  it('derives the budget from the context size, leaving room for the answer and instructions', () => {
    expect(chunkBudget(1_048_576, 8192)).toBe(Math.floor((1_048_576 - 8192 - 4000) / 2))
    expect(chunkBudget(32_000, 8_000)).toBe(10_000)
    expect(chunkBudget(5_000, 8_000)).toBe(1_000)
  })
})

describe('chunkDiff', () => {
  it('keeps small files whole and together in one chunk', () => {
    const chunks = chunkDiff([addedFile('a.ts', 5), addedFile('b.ts', 5)], 10_000)
    expect(chunks).toHaveLength(1)
    expect(chunks[0]!.paths).toEqual(['a.ts', 'b.ts'])
    expect(chunks[0]!.text).toContain('--- a.ts (added)')
  })

  it('never exceeds the budget, splitting a huge file between lines without losing one', () => {
    const budget = 2_000
    const chunks = chunkDiff([addedFile('small.ts', 10), addedFile('huge.ts', 2_000)], budget)
    expect(chunks.length).toBeGreaterThan(10)
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(budget * 1.05)
    const numbered = chunks.flatMap(chunk => chunk.text.split('\n')).filter(row => /^R\d+ \+ /.test(row))
    expect(numbered).toHaveLength(2_010)
    expect(new Set(numbered).size).toBe(2_010)
  })

  it('returns no chunk for no files', () => {
    expect(chunkDiff([], 1_000)).toEqual([])
  })
})
