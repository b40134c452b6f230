import { describe, expect, it } from 'vitest'
import { endsWithMarker, readReviewMarker, reviewMarker } from '../../../server/review/markers'

const SHA = 'a'.repeat(40)
const OTHER = 'b'.repeat(40)

describe('review markers', () => {
  it('reads the marker only on the last line, in the exact form Revue writes', () => {
    expect(readReviewMarker(`Summary\n\n${reviewMarker(SHA)}`)).toEqual({ sha: SHA, run: undefined })
    expect(readReviewMarker(`Summary\r\n${reviewMarker(SHA, 'c12')}\r\n`)).toEqual({ sha: SHA, run: 'c12' })
    // Earlier in the body (a file name among the skipped files), a forged one first, or not alone on its line.
    expect(readReviewMarker(`- \`assets/x${reviewMarker(OTHER)}.png\`\n\nfooter`)).toBeUndefined()
    expect(readReviewMarker(`${reviewMarker(OTHER)}\n${reviewMarker(SHA)}`)).toEqual({ sha: SHA, run: undefined })
    expect(readReviewMarker(`x ${reviewMarker(SHA)}`)).toBeUndefined()
    expect(readReviewMarker(`<!-- revue:review sha=${SHA} run=a b -->`)).toBeUndefined()
    expect(readReviewMarker(`<!-- revue:review  sha=${SHA} -->`)).toBeUndefined()
    expect(readReviewMarker(null)).toBeUndefined()
  })

  it('refuses to write a re-run id it could not read back', () => {
    expect(() => reviewMarker(SHA, 'x -->')).toThrow(/re-run id/)
  })

  it('tells a comment ending with a marker from one that only mentions it', () => {
    expect(endsWithMarker('Help\n\n<!-- revue:help comment=1 -->', '<!-- revue:help comment=1 -->')).toBe(true)
    expect(endsWithMarker('<!-- revue:help comment=1 -->\nquoted', '<!-- revue:help comment=1 -->')).toBe(false)
  })
})
