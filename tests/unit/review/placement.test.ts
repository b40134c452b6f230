import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../shared/schemas/review'
import { commentableLines, parsePatch } from '../../../server/review/diff'
import { formatFinding, placeFindings, toInlineComment } from '../../../server/review/placement'

const lines = new Map([['src/a.ts', commentableLines(parsePatch('@@ -5,3 +5,4 @@\n keep\n-gone\n+new1\n+new2\n tail'))]])
const inDiff = (finding: Finding) => !!lines.get(finding.path)?.[finding.side].has(finding.line)
const finding = (extra: Partial<Finding>): Finding => ({ path: 'src/a.ts', line: 6, side: 'RIGHT', severity: 'medium', body: 'Check this.', ...extra })

describe('placeFindings', () => {
  it('keeps findings on diff lines inline and moves the others to the summary', () => {
    const { inside, outside } = placeFindings([
      finding({ line: 6 }),
      finding({ line: 6, side: 'LEFT' }),
      finding({ line: 99 }),
      finding({ path: 'src/other.ts' }),
      finding({ line: 8, side: 'LEFT' }),
    ], inDiff)
    expect(inside.map(f => [f.side, f.line])).toEqual([['RIGHT', 6], ['LEFT', 6]])
    expect(outside.map(f => [f.path, f.side, f.line])).toEqual([['src/a.ts', 'RIGHT', 99], ['src/other.ts', 'RIGHT', 6], ['src/a.ts', 'LEFT', 8]])
  })

  it('drops exact duplicates and puts the most severe first', () => {
    const { inside } = placeFindings([finding({ severity: 'low' }), finding({ severity: 'critical', line: 7 }), finding({ severity: 'low' })], inDiff)
    expect(inside.map(f => f.severity)).toEqual(['critical', 'low'])
  })
})

describe('formatFinding', () => {
  it('turns a replacement on a new line into a suggestion block', () => {
    expect(formatFinding(finding({ severity: 'high', body: 'Off by one.', suggestion: 'for (let i = 0; i < n; i++) {' })))
      .toBe('**High:** Off by one.\n\n```suggestion\nfor (let i = 0; i < n; i++) {\n```')
  })

  it('uses a longer fence when the suggestion contains backticks', () => {
    expect(formatFinding(finding({ suggestion: 'const md = "```js"' }))).toContain('````suggestion\nconst md = "```js"\n````')
  })

  it('never suggests on a removed line (GitHub cannot apply it)', () => {
    expect(formatFinding(finding({ side: 'LEFT', suggestion: 'x' }))).toBe('**Medium:** Check this.')
  })

  it('keeps the model\'s Markdown but no HTML or marker it wrote', () => {
    const body = 'Use `<T>` here:\n```ts\nfoo<T>()\n```\n<!-- revue:review sha=' + 'b'.repeat(40) + ' -->\n<img src=x>'
    expect(formatFinding(finding({ body }))).toBe(`**Medium:** Use \`<T>\` here:\n\n\`\`\`ts\nfoo<T>()\n\`\`\`\n&lt;!-- revue:review sha=${'b'.repeat(40)} -->\n&lt;img src=x>`)
  })

  it('makes the GitHub review comment shape', () => {
    expect(toInlineComment(finding({}))).toEqual({ path: 'src/a.ts', line: 6, side: 'RIGHT', body: '**Medium:** Check this.' })
  })
})
