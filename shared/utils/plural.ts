const _rules = new Intl.PluralRules('en')

/** A count and its noun in agreement: `1 finding`, `2 findings`, `0 findings`; `plural` when it is not noun + s. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${_rules.select(count) === 'one' ? singular : plural}`
}
