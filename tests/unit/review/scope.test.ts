import { describe, expect, it } from 'vitest'
import { makePatch } from '../../servers/github'
import { parsePatch, renderHunk } from '../../../server/review/diff'
import { interdiff, isFresh, restrictToFresh } from '../../../server/review/scope'

const file = (filename: string, added: string[], start = 1) => ({ filename, status: 'modified', additions: added.length, deletions: 0, patch: makePatch({ added }, start) })

describe('interdiff', () => {
  it('finds the lines a force-push added, whatever line they moved to', () => {
    const before = [file('src/a.ts', ['const a = 1', 'const b = 2'], 10)]
    // Rebased onto a base that added 5 lines above, and one line changed.
    const after = [file('src/a.ts', ['const a = 1', 'const b = 3'], 15), file('src/new.ts', ['export {}'])]
    expect(interdiff(before, after)).toEqual(new Map([['src/a.ts', new Set([16])], ['src/new.ts', new Set([1])]]))
  })

  it('finds nothing new after a rebase that changed nothing', () => {
    const before = [file('src/a.ts', ['x()', 'y()'], 3)]
    expect(interdiff(before, [file('src/a.ts', ['x()', 'y()'], 40)])).toEqual(new Map())
  })

  it('counts repeated lines: a second copy of a line is new', () => {
    expect(interdiff([file('a.ts', ['}'])], [file('a.ts', ['}', '}'])])).toEqual(new Map([['a.ts', new Set([2])]]))
  })
})

describe('restrictToFresh', () => {
  it('keeps the hunks with fresh lines and shows the already-reviewed added lines as context', () => {
    const patch = `${makePatch({ added: ['old1', 'new1'] }, 1)}\n${makePatch({ added: ['old2'] }, 50)}`
    const [restricted] = restrictToFresh([{ path: 'a.ts', status: 'modified', hunks: parsePatch(patch) }], new Map([['a.ts', new Set([2])]]))
    expect(restricted!.hunks).toHaveLength(1)
    expect(renderHunk(restricted!.hunks[0]!).split('\n').slice(1)).toEqual(['R1   old1', 'R2 + new1'])
  })

  it('shows only the rows around fresh lines of a long hunk, each with its number', () => {
    const added = Array.from({ length: 40 }, (_, i) => `line${i + 1}`)
    const [restricted] = restrictToFresh([{ path: 'a.ts', status: 'added', hunks: parsePatch(makePatch({ added })) }], new Map([['a.ts', new Set([20])]]))
    const [hunk, ...more] = restricted!.hunks
    expect(more).toEqual([])
    const rows = renderHunk(hunk!).split('\n')
    expect(rows[0]).toBe('@@ -0,0 +12,17 @@')
    expect(rows[1]).toBe('R12   line12')
    expect(rows).toContain('R20 + line20')
    expect(rows.at(-1)).toBe('R28   line28')
  })

  it('drops files with nothing fresh', () => {
    expect(restrictToFresh([{ path: 'a.ts', status: 'modified', hunks: parsePatch(makePatch({ added: ['x'] })) }], new Map())).toEqual([])
  })

  it('tells whether a finding is on a fresh line', () => {
    const fresh = new Map<string, Set<number> | 'all'>([['a.ts', new Set([2])], ['b.ts', 'all']])
    expect(isFresh(fresh, { path: 'a.ts', side: 'RIGHT', line: 2 })).toBe(true)
    expect(isFresh(fresh, { path: 'a.ts', side: 'RIGHT', line: 1 })).toBe(false)
    expect(isFresh(fresh, { path: 'b.ts', side: 'RIGHT', line: 99 })).toBe(true)
    expect(isFresh(fresh, { path: 'c.ts', side: 'RIGHT', line: 1 })).toBe(false)
  })
})
