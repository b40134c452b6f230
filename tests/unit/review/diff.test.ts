import { describe, expect, it } from 'vitest'
import { commentableLines, parsePatch, renderHunk } from '../../../server/review/diff'

const PATCH = [
  '@@ -10,4 +10,5 @@ function greet() {',
  ' const a = 1',
  '-const b = 2',
  '+const b = 3',
  '+const c = 4',
  ' return a + b',
  '\\ No newline at end of file',
  '@@ -40,2 +41,2 @@',
  '-old()',
  '+fresh()',
  ' end()',
].join('\n')

describe('parsePatch', () => {
  it('numbers every line on its side, across hunks', () => {
    const hunks = parsePatch(PATCH)
    expect(hunks).toHaveLength(2)
    expect(hunks[0]!.lines).toEqual([
      { kind: ' ', oldLine: 10, newLine: 10, text: 'const a = 1' },
      { kind: '-', oldLine: 11, text: 'const b = 2' },
      { kind: '+', newLine: 11, text: 'const b = 3' },
      { kind: '+', newLine: 12, text: 'const c = 4' },
      { kind: ' ', oldLine: 12, newLine: 13, text: 'return a + b' },
    ])
    expect(hunks[1]!.lines.map(line => [line.kind, line.oldLine, line.newLine])).toEqual([
      ['-', 40, undefined], ['+', undefined, 41], [' ', 41, 42],
    ])
  })

  it('does not invent a context line from a trailing newline', () => {
    expect(parsePatch('@@ -1 +1 @@\n-a\n+b\n')[0]!.lines).toHaveLength(2)
  })
})

describe('commentableLines', () => {
  it('gives RIGHT the added and context lines, LEFT the removed and context lines', () => {
    const lines = commentableLines(parsePatch(PATCH))
    expect([...lines.RIGHT].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 41, 42])
    expect([...lines.LEFT].sort((a, b) => a - b)).toEqual([10, 11, 12, 40, 41])
  })
})

describe('renderHunk', () => {
  it('spells out each line number and side for the model', () => {
    expect(renderHunk(parsePatch(PATCH)[0]!).split('\n')).toEqual([
      '@@ -10,4 +10,5 @@ function greet() {',
      'R10   const a = 1',
      'L11 - const b = 2',
      'R11 + const b = 3',
      'R12 + const c = 4',
      'R13   return a + b',
    ])
  })
})
