/**
 * Calls `fn` once, `ms` after the first of a burst of calls: later calls in the window join it.
 * Unlike a plain debounce, a steady stream of calls still runs `fn` every `ms`.
 */
export function useCoalesced(fn: () => unknown, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined
  onBeforeUnmount(() => clearTimeout(timer))
  return () => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void fn()
    }, ms)
  }
}
