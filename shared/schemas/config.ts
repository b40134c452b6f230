import { z } from 'zod'
import { SEVERITIES, SeveritySchema } from './review'

const MAX_GLOBS = 20
const MAX_GLOB_CHARS = 200
const MAX_STARS_PER_SEGMENT = 3
const MAX_BRACE_VARIANTS = 16

/**
 * Why Revue refuses a glob of `.github/revue.yml`, or undefined. The matcher (server/review/glob.ts) cannot backtrack;
 * these limits keep the syntax to what it implements and its cost per path small.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_CHARS) return `is longer than ${MAX_GLOB_CHARS} characters`
  if (/[@!+*?]\(/.test(glob)) return 'uses an extglob such as +(…) or !(…), which Revue does not support'
  if (/\{[^}]*\{|\.\./.test(glob)) return 'nests braces or uses a range ({1..9}), which Revue does not support'
  const variants = (glob.match(/\{[^}]*\}/g) ?? []).reduce((count, group) => count * group.split(',').length, 1)
  if (variants > MAX_BRACE_VARIANTS) return `expands to ${variants} patterns (at most ${MAX_BRACE_VARIANTS})`
  for (const segment of glob.replace(/^!/, '').split('/')) {
    if (segment !== '**' && segment.includes('**')) return '** must be a whole path segment (as in src/**/x)'
    const stars = segment === '**' ? 0 : segment.split('*').length - 1
    if (stars > MAX_STARS_PER_SEGMENT) return `has ${stars} * in one path segment (at most ${MAX_STARS_PER_SEGMENT})`
  }
  return undefined
}

const GlobsSchema = z.array(z.string().min(1).superRefine((glob, context) => {
  const problem = globProblem(glob)
  if (problem) context.addIssue({ code: 'custom', message: `${JSON.stringify(glob)} ${problem}` })
})).max(MAX_GLOBS)

/**
 * `.github/revue.yml`, read from the repository's default branch only: a pull request cannot change its own review
 * rules. Unknown keys are errors, so a typo is reported instead of silently ignored.
 */
export const RepoConfigSchema = z.strictObject({
  /** false: Revue does not review this repository (commands answer that it is switched off). */
  enabled: z.boolean().default(true),
  /** Globs of the paths to review (`*`, `**`, `?`, `[a-z]`, `{a,b}`, a leading `!`); a file must match one of them. */
  include: GlobsSchema.default(['**']),
  /** Globs of the paths never to review, on top of lockfiles, generated and vendored files. */
  exclude: GlobsSchema.default([]),
  /** Extra instructions for the reviewer, in the maintainers' words. */
  instructions: z.string().max(4_000).default(''),
  /** A file on the default branch whose rules the review follows (e.g. docs/STYLE.md), up to 20,000 characters. */
  style_guide: z.string().min(1).optional(),
  /** Findings below this severity are listed in the review's summary, not commented inline. */
  min_severity: SeveritySchema.default('medium'),
  /** At most this many inline comments per review; the rest are listed in the summary. */
  max_comments: z.number().int().min(0).max(50).default(10),
  /** Findings the model rates below this confidence (0-1) are dropped. */
  min_confidence: z.number().min(0).max(1).default(0.6),
  /** A second model pass that re-checks each finding against the code and drops the doubtful ones. */
  verify: z.boolean().default(true),
  /** The language the review is written in. */
  language: z.string().min(2).max(40).default('English'),
  /** Whether draft pull requests are reviewed. */
  review_drafts: z.boolean().default(false),
  /** The model for this repository, `provider:model` or a Gemini name; the server's default when unset. */
  model: z.string().max(200).regex(/^[\w.-]+(?::[\w./:-]+)?$/, 'must be a model name such as gemini-2.5-flash or provider:model such as ollama:qwen2.5-coder:14b').optional(),
  /** Whether changes to GitHub Actions workflows are sent to the model (they are flagged in the summary either way). */
  review_workflows: z.boolean().default(false),
  check: z.strictObject({
    /** The lowest severity that makes the check run fail; `none` keeps it neutral whatever is found. */
    fail_on: z.enum(['none', ...SEVERITIES]).default('none'),
  }).prefault({}),
})
export type RepoConfig = z.infer<typeof RepoConfigSchema>
