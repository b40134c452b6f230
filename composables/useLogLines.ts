import type { JobLogLine } from '#shared/schemas/api'

const MAX_LINES = 5000

/** A job's log, merged from the job's `logs` and the live stream: each id once, in stream order. */
export function useLogLines() {
  const lines = shallowRef<JobLogLine[]>([])
  const seen = new Set<string>()

  function merge(incoming: readonly JobLogLine[]): void {
    const fresh: JobLogLine[] = []
    for (const line of incoming) {
      if (seen.has(line.id)) continue
      seen.add(line.id)
      fresh.push(line)
    }
    if (!fresh.length) return
    // A new array each time: components that take the lines as a prop see the change.
    const next = [...lines.value, ...fresh]
    if (next.some((line, index) => index > 0 && compareStreamIds(next[index - 1]!.id, line.id) > 0)) {
      next.sort((a, b) => compareStreamIds(a.id, b.id))
    }
    if (next.length > MAX_LINES) {
      for (const dropped of next.splice(0, next.length - MAX_LINES)) seen.delete(dropped.id)
    }
    lines.value = next
  }

  function add(line: JobLogLine): void {
    merge([line])
  }

  function reset(): void {
    seen.clear()
    lines.value = []
  }

  return { lines: lines as Readonly<Ref<readonly JobLogLine[]>>, merge, add, reset }
}
