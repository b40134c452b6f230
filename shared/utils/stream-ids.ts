/** Orders Redis stream ids (`<ms>-<seq>`); ids of another shape compare equal, so a stable sort keeps their order. */
export function compareStreamIds(a: string, b: string): number {
  const left = /^(\d+)-(\d+)$/.exec(a)
  const right = /^(\d+)-(\d+)$/.exec(b)
  if (!left || !right) return 0
  return Number(left[1]) - Number(right[1]) || Number(left[2]) - Number(right[2])
}
