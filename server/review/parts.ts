/** One part of a pull request that is asked about on its own, and the signal that stops it when another part fails. */
export interface Part {
  /** 1-based, as the logs and the prompt number it. */
  number: number
  count: number
  signal: AbortSignal
}

/** How logs name a part: "part 2 of 4". */
export function partName(part: Pick<Part, 'number' | 'count'>): string {
  return `part ${part.number} of ${part.count}`
}

/**
 * Runs `task` for every item, at most `concurrency` at once and starting in order, and returns the results in item
 * order whatever order they finish in. The first failure aborts the parts in flight (through their signal) and
 * starts no more; once every part has settled, the failure of the lowest part that did not merely stop because of
 * that abort is thrown. So nothing keeps running after the caller fails, and the error does not depend on timing.
 */
export async function runParts<I, R>(items: I[], concurrency: number, task: (item: I, part: Part) => Promise<R>): Promise<R[]> {
  const controller = new AbortController()
  const results: R[] = []
  const failures: Array<{ number: number, error: unknown }> = []
  let next = 0
  const lane = async () => {
    while (next < items.length && !controller.signal.aborted) {
      const index = next++
      try {
        results[index] = await task(items[index]!, { number: index + 1, count: items.length, signal: controller.signal })
      }
      catch (error) {
        if (!controller.signal.aborted || !_isAbort(error)) failures.push({ number: index + 1, error })
        controller.abort()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, lane))
  const first = failures.sort((a, b) => a.number - b.number)[0]
  if (first) throw first.error
  return results
}

function _isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}
