import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runParts, type Part } from '../../../server/review/parts'

describe('runParts', () => {
  it('returns results in part order whatever order they finish in, never more than `concurrency` at once', async () => {
    let inFlight = 0
    let most = 0
    const started: number[] = []
    const results = await runParts([40, 10, 30, 0, 20], 3, async (delay, part) => {
      started.push(part.number)
      most = Math.max(most, ++inFlight)
      await sleep(delay)
      inFlight--
      return `${part.number} of ${part.count}`
    })
    expect(results).toEqual(['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5'])
    expect(started).toEqual([1, 2, 3, 4, 5])
    expect(most).toBe(3)
  })

  it('aborts the parts in flight on the first failure, starts no more, and throws once all have settled', async () => {
    const settled: number[] = []
    const started: number[] = []
    const task = async (delay: number, part: Part) => {
      started.push(part.number)
      try {
        if (part.number === 2) throw new Error('part 2 failed')
        await sleep(delay, undefined, { signal: part.signal })
      }
      finally {
        settled.push(part.number)
      }
    }
    const at = Date.now()
    await expect(runParts([5_000, 0, 5_000, 0], 3, task)).rejects.toThrow('part 2 failed')
    expect(Date.now() - at).toBeLessThan(2_000)
    expect(started).toEqual([1, 2, 3])
    expect(settled.sort()).toEqual([1, 2, 3])
  })

  it('throws the lowest part\'s own failure, not the one that happened first', async () => {
    // Part 3 fails first; part 1 ignores the abort and fails on its own a moment later.
    const task = async (delay: number, part: Part) => {
      await sleep(delay)
      throw new Error(`part ${part.number} failed`)
    }
    await expect(runParts([50, 5_000, 0], 3, async (delay, part) => part.number === 2 ? sleep(delay, undefined, { signal: part.signal }) : task(delay, part)))
      .rejects.toThrow('part 1 failed')
  })
})
