import type { ListPrice } from '../prices'

/**
 * Anthropic's list prices in USD per million tokens (base input, output), by model name prefix. A prefix prices the
 * model of that name and any name that continues it after a `-` (a dated id, `claude-sonnet-4-5-20250929`); a longer
 * prefix comes first. Claude Opus 4 and Sonnet 4 are listed by their `-0` alias and dated id only, so a later 4.x
 * never takes their price.
 * Source: Anthropic's pricing page (platform.claude.com/docs/about-claude/pricing) and its Opus 5 page for the 5.5
 * models, read 2026-12-01. Models with tiered prices (Claude Haiku 5.5) are left out: NUXT_MODEL_PRICES can add them.
 */
export const ANTHROPIC_PRICES: ListPrice[] = [
  { prefix: 'claude-opus-5-5', input: 4, output: 20 },
  { prefix: 'claude-sonnet-5-5', input: 2, output: 10 },
  { prefix: 'claude-opus-4-6', input: 5, output: 25 },
  { prefix: 'claude-opus-4-5', input: 5, output: 25 },
  { prefix: 'claude-opus-4-1', input: 15, output: 75 },
  { prefix: 'claude-opus-4-0', input: 15, output: 75 },
  { prefix: 'claude-opus-4-20250514', input: 15, output: 75 },
  { prefix: 'claude-sonnet-4-6', input: 3, output: 15 },
  { prefix: 'claude-sonnet-4-5', input: 3, output: 15 },
  { prefix: 'claude-sonnet-4-0', input: 3, output: 15 },
  { prefix: 'claude-sonnet-4-20250514', input: 3, output: 15 },
  { prefix: 'claude-haiku-4-5', input: 1, output: 5 },
  { prefix: 'claude-3-5-haiku', input: 0.8, output: 4 },
]
