import type { ListPrice } from '../prices'

/**
 * OpenAI's list prices in USD per million tokens (standard tier; GPT-5.4 and GPT-5.5 for prompts up to 272k tokens),
 * by model name prefix. A prefix prices the model of that name and any name that continues it after a `-` (a dated
 * snapshot, `gpt-4.1-mini-2025-04-14`), never `gpt-5.6` for `gpt-5`; a longer prefix comes first, so `gpt-4.1-mini`
 * is never priced as `gpt-4.1`.
 * Source: OpenAI's pricing page as quoted on 2026-12-01 by GitHub's Copilot price table (github/docs,
 * data/tables/copilot/models-and-pricing.yml) and deploybase.ai's OpenAI price list (March 2026), which agree.
 * Models whose price the sources disagree on (the GPT-5.6 family) are left out: NUXT_MODEL_PRICES can add them.
 */
export const OPENAI_PRICES: ListPrice[] = [
  { prefix: 'gpt-5.5', input: 5, output: 30 },
  { prefix: 'gpt-5.4-mini', input: 0.75, output: 4.5 },
  { prefix: 'gpt-5.4-nano', input: 0.2, output: 1.25 },
  { prefix: 'gpt-5.4', input: 2.5, output: 15 },
  { prefix: 'gpt-5.2', input: 1.75, output: 14 },
  { prefix: 'gpt-5.1', input: 1.25, output: 10 },
  { prefix: 'gpt-5-mini', input: 0.25, output: 2 },
  { prefix: 'gpt-5-nano', input: 0.05, output: 0.4 },
  { prefix: 'gpt-5', input: 1.25, output: 10 },
  { prefix: 'gpt-4.1-mini', input: 0.4, output: 1.6 },
  { prefix: 'gpt-4.1-nano', input: 0.1, output: 0.4 },
  { prefix: 'gpt-4.1', input: 2, output: 8 },
  { prefix: 'gpt-4o-mini', input: 0.15, output: 0.6 },
  { prefix: 'gpt-4o', input: 2.5, output: 10 },
  { prefix: 'o4-mini', input: 1.1, output: 4.4 },
  { prefix: 'o3-mini', input: 1.1, output: 4.4 },
  { prefix: 'o3', input: 2, output: 8 },
]
