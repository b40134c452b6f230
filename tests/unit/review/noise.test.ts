import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../shared/schemas/review'
import { capComments, dropNoise } from '../../../server/review/noise'

const finding = (line: number, extra: Partial<Finding> = {}): Finding => ({ path: 'src/a.ts', line, side: 'RIGHT', severity: 'medium', body: `Bug at ${line}.`, confidence: 0.9, ...extra })

describe('dropNoise', () => {
  it('drops doubtful findings, praise and findings Revue already reported, counting each', () => {
    const { kept, dropped } = dropNoise([
      finding(1),
      finding(2, { confidence: 0.3 }),
      finding(3, { body: 'Nice use of a Map here!' }),
      finding(4, { body: 'LGTM' }),
      finding(5),
      finding(6, { body: 'Good catch, but this leaks the handle when open() throws.' }),
    ], { minConfidence: 0.6, reported: new Set(['src/a.ts:RIGHT:5']), key: f => `${f.path}:${f.side}:${f.line}` })
    expect(kept.map(f => f.line)).toEqual([1, 6])
    expect(dropped).toEqual({ doubtful: 1, praise: 2, repeated: 1 })
  })
})

describe('capComments', () => {
  it('comments inline the most severe findings at or above the threshold, up to the cap, and lists the rest', () => {
    const findings = [finding(1, { severity: 'low' }), finding(2, { severity: 'high' }), finding(3, { severity: 'critical' }), finding(4), finding(5)]
    const { inline, listed } = capComments(findings, { minSeverity: 'medium', maxComments: 3 })
    expect(inline.map(f => f.line)).toEqual([3, 2, 4])
    expect(listed.map(f => f.line)).toEqual([5, 1])
  })

  it('lists everything when no inline comments are allowed', () => {
    expect(capComments([finding(1)], { minSeverity: 'low', maxComments: 0 })).toEqual({ inline: [], listed: [finding(1)] })
  })
})
