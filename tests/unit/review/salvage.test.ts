import { describe, expect, it } from 'vitest'
import { readJson, salvageConfidence, salvageReview, salvageVerdicts } from '../../../server/review/salvage'

const good = { path: 'src/a.ts', line: 3, side: 'RIGHT', severity: 'high', confidence: 0.8, body: 'Leaks the handle.' }

describe('readJson', () => {
  it('reads JSON alone, in a code fence after a sentence, or wrapped in prose', () => {
    expect(readJson('{"summary":"s"}')).toEqual({ summary: 's' })
    expect(readJson('Here is my review:\n\n```json\n{"summary":"s","comments":[]}\n```\nHope it helps.')).toEqual({ summary: 's', comments: [] })
    expect(readJson('Sure! {"summary": "in {braces}"} Done.')).toEqual({ summary: 'in {braces}' })
    expect(readJson('no JSON here')).toBeUndefined()
    expect(readJson('{"summary": "cut off')).toBeUndefined()
  })
})

describe('salvageConfidence', () => {
  it('reads 0-1 as is, 0-10 and 0-100 scales and percentages, numbers sent as strings', () => {
    expect(salvageConfidence(0.7)).toBe(0.7)
    expect(salvageConfidence(1)).toBe(1)
    expect(salvageConfidence(9)).toBe(0.9)
    expect(salvageConfidence(85)).toBe(0.85)
    expect(salvageConfidence('0.6')).toBe(0.6)
    expect(salvageConfidence('90%')).toBe(0.9)
    for (const bad of [-1, 101, 'high', '', null, undefined, Number.NaN]) expect(salvageConfidence(bad)).toBeUndefined()
  })
})

describe('salvageReview', () => {
  it('keeps the summary and every valid finding, coercing what has one meaning and dropping the rest with a reason', () => {
    const result = salvageReview({
      summary: 'Two problems.',
      comments: [
        good,
        { ...good, line: 4, confidence: 9 },
        { ...good, line: '5', severity: 'HIGH', side: 'right', confidence: '80' },
        { ...good, line: undefined },
        { ...good, severity: 'blocker' },
        { ...good, confidence: 'very' },
        { ...good, body: '  ' },
        'not a finding',
        { ...good, line: 6, side: undefined, suggestion: 42 },
      ],
    })
    expect(result).toEqual({
      answer: {
        summary: 'Two problems.',
        comments: [
          good,
          { ...good, line: 4, confidence: 0.9 },
          { ...good, line: 5, confidence: 0.8 },
          { ...good, line: 6 },
        ],
      },
      dropped: [
        'finding 4 (src/a.ts): no line',
        'finding 5 (src/a.ts:3): severity "blocker" is not one of critical, high, medium, low',
        'finding 6 (src/a.ts:3): confidence "very" is not a number from 0 to 1 (or 0-10, 0-100)',
        'finding 7 (src/a.ts:3): no text',
        'finding 8: not an object',
      ],
    })
  })

  it('is usable with a summary alone or a findings list alone, and not with neither', () => {
    expect(salvageReview({ summary: 'Fine.' })).toEqual({ answer: { summary: 'Fine.', comments: [] }, dropped: [] })
    expect(salvageReview({ comments: [good] })).toEqual({ answer: { summary: '', comments: [good] }, dropped: [] })
    expect(salvageReview({ review: 'ok' })).toEqual({ reason: 'the answer has neither a summary nor a findings list' })
    expect(salvageReview([good])).toEqual({ reason: 'the answer holds no JSON object' })
  })
})

describe('salvageVerdicts', () => {
  it('keeps readable verdicts and drops the others', () => {
    expect(salvageVerdicts({ verdicts: [{ index: 0, keep: true, confidence: 8 }, { index: '1', keep: 'false', confidence: 0.9 }, { index: 2 }] })).toEqual({
      answer: { verdicts: [{ index: 0, keep: true, confidence: 0.8 }, { index: 1, keep: false, confidence: 0.9 }] },
      dropped: ['verdict 3: {"index":2} is not an index, keep and confidence'],
    })
    expect(salvageVerdicts({ summary: 'x' })).toEqual({ reason: 'the answer has no verdicts list' })
  })
})
