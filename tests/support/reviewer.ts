import type { GeminiReply, GeminiRequest } from '../fakes/gemini/script'

export interface ReviewerOptions {
  /** Which files get a finding (default: all). */
  flag?: (path: string) => boolean
  /** Overrides for each finding, e.g. a line outside the diff, a suggestion, a severity or a confidence. */
  finding?: (path: string, line: number) => Record<string, unknown>
  /** The second pass's verdict on a finding (default: keep it, confidence 0.9). */
  verdict?: (finding: string) => { keep: boolean, confidence: number }
}

/**
 * A stand-in for the model that reads the numbered diff Revue sends and flags the first added line of each file,
 * as a real reviewer citing `R<n> +` lines would. It also answers Revue's second pass (keeping every finding unless
 * told otherwise) and `/revue summary`.
 */
export function firstAddedLineReviewer(options: ReviewerOptions = {}) {
  return (request: GeminiRequest): GeminiReply => {
    if (request.prompt.startsWith('Verify these')) return _verdicts(request.prompt, options)
    if (request.system.includes('summarising')) return { json: { summary: `Summary of ${request.prompt.match(/^--- /gm)?.length ?? 0} files.` } }
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
      comments.push({ path, line, side: 'RIGHT', severity: 'high', confidence: 0.9, body: `Problem in ${path} at ${line}.`, ...options.finding?.(path, line) })
    }
    return { json: { summary: `Looked at ${request.prompt.match(/^--- /gm)?.length ?? 0} files.`, comments } }
  }
}

function _verdicts(prompt: string, options: ReviewerOptions): GeminiReply {
  const findings = [...prompt.matchAll(/^Finding (\d+): (.*)$/gm)]
  return {
    json: {
      verdicts: findings.map(([, index, text]) => ({ index: Number(index), ...(options.verdict?.(text!) ?? { keep: true, confidence: 0.9 }) })),
    },
  }
}
