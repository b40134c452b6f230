/** An estimated cost in USD, with enough digits to tell small reviews apart: `$0.0012`, `$1.50`. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return 'cost unknown'
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`
}
