import { describe, expect, it } from 'vitest'
import { composeReviewBody, reviewMarker } from '../../../server/review/compose'

const base = { headSha: 'f'.repeat(40), model: 'gemini-2.5-flash', summaries: ['Adds a cache.'], outside: [], skipped: [], inlineCount: 2, tokens: { input: 1200, output: 300 } }

describe('composeReviewBody', () => {
  it('ends with the head commit marker and states the cost', () => {
    const body = composeReviewBody(base)
    expect(body.endsWith(reviewMarker(base.headSha))).toBe(true)
    expect(body).toContain('Adds a cache.')
    expect(body).toContain('2 inline comments, 1200 input / 300 output tokens, cost unknown')
    expect(composeReviewBody({ ...base, costUsd: 0.0011 })).toContain('1200 input / 300 output tokens, $0.0011')
  })

  it('says what an incremental review covered, folds minor findings away and flags workflows', () => {
    const body = composeReviewBody({
      ...base,
      since: { sha: 'a'.repeat(40), forced: true },
      minSeverity: 'medium',
      outside: [{ path: 'src/a.ts', line: 3, side: 'RIGHT', severity: 'low', body: 'Name this constant.' }],
      workflows: ['.github/workflows/ci.yml'],
    })
    expect(body).toContain('Changes since aaaaaaa (the branch was force-pushed')
    expect(body).toContain('<details><summary>1 lower-severity finding (below medium)</summary>')
    expect(body).not.toContain('#### More findings')
    expect(body).toContain('- `.github/workflows/ci.yml`')
  })

  it('lists findings outside the diff and skipped files', () => {
    const body = composeReviewBody({
      ...base,
      outside: [{ path: 'src/db.ts', line: 120, side: 'RIGHT', severity: 'high', body: 'The pool is never closed.' }],
      skipped: [{ path: 'package-lock.json', reason: 'lockfile' }],
    })
    expect(body).toContain('- **high** `src/db.ts` line 120: The pool is never closed.')
    expect(body).toContain('1 file not reviewed')
    expect(body).toContain('- `package-lock.json`: lockfile')
  })

  it('stays under GitHub\'s 65,536-character limit for a pull request of 3,000 skipped files', () => {
    const skipped = Array.from({ length: 3000 }, (_, i) => ({ path: `generated/very/long/path/to/file-${i}.min.js`, reason: 'generated' }))
    const body = composeReviewBody({ ...base, skipped })
    expect(body.length).toBeLessThan(65_536)
    expect(body).toContain('…and 2950 more')
  })
})
