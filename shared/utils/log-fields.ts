/** A log line's data without its empty fields (nothing, '', [] or {}), or undefined when none is left. */
export function logFields(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(fields).filter(([, value]) => !_isEmpty(value))
  return kept.length ? Object.fromEntries(kept) : undefined
}

function _isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return Object.getPrototypeOf(value) === Object.prototype && Object.keys(value as object).length === 0
}
