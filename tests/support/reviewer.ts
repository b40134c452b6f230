import type { GeminiReply, GeminiRequest } from '../servers/gemini'

export interface ReviewerOptions {
  /** Which files get a finding (default: all). */
  flag?: (path: string) => boolean
  /** Overrides for each finding, e.g. a line outside the diff or a suggestion. */
  finding?: (path: string, line: number) => Record<string, unknown>
}

/**
 * A stand-in for the model that reads the numbered diff Revue sends and flags the first added line of each file,
 * as a real reviewer citing `R<n> +` lines would.
 */
export function firstAddedLineReviewer(options: ReviewerOptions = {}) {
  return (request: GeminiRequest): GeminiReply => {
    const comments: Array<Record<string, unknown>> = []
    const flagged = new Set<string>()
    let path: string | undefined
    for (const row of request.prompt.split('\n')) {
      const file = /^--- (\S+) \(/.exec(row)
      if (file) {
        path = file[1]
        continue
      }
      const added = /^R(\d+) \+ /.exec(row)
      if (!added || !path || flagged.has(path) || !(options.flag?.(path) ?? true)) continue
      flagged.add(path)
      const line = Number(added[1])
      comments.push({ path, line, side: 'RIGHT', severity: 'high', body: `Problem in ${path} at ${line}.`, ...options.finding?.(path, line) })
    }
    return { json: { summary: `Looked at ${request.prompt.match(/^--- /gm)?.length ?? 0} files.`, comments } }
  }
}
