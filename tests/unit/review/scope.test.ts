import { describe, expect, it } from 'vitest'
import { makePatch } from '../../fakes/github/server'
import { parsePatch, renderHunk } from '../../../server/review/diff'
import { changedSince, interdiff, isFresh, restrictToFresh, type FreshLines } from '../../../server/review/scope'

const file = (filename: string, added: string[], start = 1) => ({ filename, status: 'modified', additions: added.length, deletions: 0, patch: makePatch({ added }, start) })
const changed = (filename: string, status: string, patch?: string) => ({ filename, status, additions: 0, deletions: 0, ...(patch === undefined ? {} : { patch }) })
const lines = (right: number[], left: number[] = []) => ({ RIGHT: new Set(right), LEFT: new Set(left) })

describe('interdiff', () => {
  it('finds the lines a force-push added, whatever line they moved to', () => {
    const before = [file('src/a.ts', ['const a = 1', 'const b = 2'], 10)]
    // Rebased onto a base that added 5 lines above, and one line changed.
    const after = [file('src/a.ts', ['const a = 1', 'const b = 3'], 15), file('src/new.ts', ['export {}'])]
    expect(interdiff(before, after)).toEqual(new Map([['src/a.ts', lines([16])], ['src/new.ts', lines([1])]]))
  })

  it('finds nothing new after a rebase that changed nothing', () => {
    const before = [file('src/a.ts', ['x()', 'y()'], 3)]
    expect(interdiff(before, [file('src/a.ts', ['x()', 'y()'], 40)])).toEqual(new Map())
  })

  it('finds the removals a force-push made, and not those the pull request made before', () => {
    const before = [changed('a.ts', 'modified', makePatch({ removed: ['gone1', 'gone2'], added: ['x()'] }, 10))]
    const after = [changed('a.ts', 'modified', makePatch({ removed: ['gone1', 'gone2', 'gone3'], added: ['x()'] }, 20))]
    expect(interdiff(before, after)).toEqual(new Map([['a.ts', lines([], [22])]]))
  })

  it('counts repeated lines: a second copy of a line is new', () => {
    expect(interdiff([file('a.ts', ['}'])], [file('a.ts', ['}', '}'])])).toEqual(new Map([['a.ts', lines([2])]]))
  })
})

describe('changedSince', () => {
  // The pull request removes lines 11-15 of the base and adds three; the push since the last review adds one more.
  const pull = changed('a.ts', 'modified', makePatch({ context: ['keep'], removed: ['r1', 'r2', 'r3', 'r4', 'r5'], added: ['n1', 'n2', 'n3'] }, 10))

  it('after a fast-forward that only added a line, finds that line and no removal', () => {
    const delta = [changed('a.ts', 'modified', makePatch({ context: ['n2'], added: ['n3'] }, 12))]
    const fresh = changedSince(delta, [pull])
    expect(fresh).toEqual(new Map([['a.ts', lines([13])]]))
    for (const line of [11, 12, 13, 14, 15]) expect(isFresh(fresh, { path: 'a.ts', side: 'LEFT', line })).toBe(false)
    expect(isFresh(fresh, { path: 'a.ts', side: 'RIGHT', line: 13 })).toBe(true)
  })

  it('finds a removal the push made, numbered as in the pull request\'s diff', () => {
    // The last reviewed head still had r5 (at line 12 of its file); the push removed it.
    const delta = [changed('a.ts', 'modified', makePatch({ context: ['n1'], removed: ['r5'] }, 11))]
    expect(changedSince(delta, [pull])).toEqual(new Map([['a.ts', lines([], [15])]]))
  })

  it('reviews a file without a patch whole, and ignores a file the pull request no longer changes', () => {
    const delta = [changed('logo.png', 'added'), changed('tmp.ts', 'removed', makePatch({ removed: ['x'] }))]
    expect(changedSince(delta, [pull])).toEqual(new Map([['logo.png', 'all']]))
  })
})

describe('restrictToFresh', () => {
  it('keeps the hunks with fresh lines and shows the already-reviewed added lines as context', () => {
    const patch = `${makePatch({ added: ['old1', 'new1'] }, 1)}\n${makePatch({ added: ['old2'] }, 50)}`
    const [restricted] = restrictToFresh([{ path: 'a.ts', status: 'modified', hunks: parsePatch(patch) }], new Map([['a.ts', lines([2])]]))
    expect(restricted!.hunks).toHaveLength(1)
    expect(renderHunk(restricted!.hunks[0]!).split('\n').slice(1)).toEqual(['R1   old1', 'R2 + new1'])
  })

  it('shows only the rows around fresh lines of a long hunk, each with its number', () => {
    const added = Array.from({ length: 40 }, (_, i) => `line${i + 1}`)
    const [restricted] = restrictToFresh([{ path: 'a.ts', status: 'added', hunks: parsePatch(makePatch({ added })) }], new Map([['a.ts', lines([20])]]))
    const [hunk, ...more] = restricted!.hunks
    expect(more).toEqual([])
    const rows = renderHunk(hunk!).split('\n')
    expect(rows[0]).toBe('@@ -0,0 +12,17 @@')
    expect(rows[1]).toBe('R12   line12')
    expect(rows).toContain('R20 + line20')
    expect(rows.at(-1)).toBe('R28   line28')
  })

  it('shows the rows around a removal made since the last review, when nothing was added', () => {
    const hunks = parsePatch(makePatch({ context: ['a()'], removed: ['b()', 'c()'] }, 5))
    const [restricted] = restrictToFresh([{ path: 'a.ts', status: 'modified', hunks }], new Map([['a.ts', lines([], [7])]]))
    expect(renderHunk(restricted!.hunks[0]!).split('\n').slice(1)).toEqual(['R5   a()', 'L6 - b()', 'L7 - c()'])
  })

  it('drops files with nothing fresh', () => {
    expect(restrictToFresh([{ path: 'a.ts', status: 'modified', hunks: parsePatch(makePatch({ added: ['x'] })) }], new Map())).toEqual([])
  })

  it('tells whether a finding is on a fresh line', () => {
    const fresh: FreshLines = new Map<string, ReturnType<typeof lines> | 'all'>([['a.ts', lines([2], [7])], ['b.ts', 'all']])
    expect(isFresh(fresh, { path: 'a.ts', side: 'RIGHT', line: 2 })).toBe(true)
    expect(isFresh(fresh, { path: 'a.ts', side: 'RIGHT', line: 1 })).toBe(false)
    expect(isFresh(fresh, { path: 'b.ts', side: 'RIGHT', line: 99 })).toBe(true)
    expect(isFresh(fresh, { path: 'c.ts', side: 'RIGHT', line: 1 })).toBe(false)
    expect(isFresh(fresh, { path: 'a.ts', side: 'LEFT', line: 7 })).toBe(true)
    expect(isFresh(fresh, { path: 'a.ts', side: 'LEFT', line: 2 })).toBe(false)
  })
})
