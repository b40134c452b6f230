/**
 * The hidden markers Revue writes on its own last lines, and the only way it reads them back: from this App's own
 * reviews and comments (the forge tells which are its own), on the line where it writes them, in the exact form it
 * writes. Anything else (a marker in a file name, a model answer or another bot's review) is text, never a marker.
 */

/** The body's lines, oldest first, as GitHub may hand them back (CRLF, trailing whitespace). */
export function bodyLines(body: string | null | undefined): string[] {
  return (body ?? '').trimEnd().split(/\r?\n/)
}

// Re-run ids are Revue's own: a dashboard timestamp in base 36, `c<comment id>`, or a test's word.
const RUN = /^[\w-]{1,64}$/
const REVIEW_MARKER = /^<!-- revue:review sha=([0-9a-f]{40})(?: run=([\w-]{1,64}))? -->$/

/**
 * The hidden marker that makes posting idempotent: one review per head commit (and per re-run asked from the
 * dashboard or a command), whatever retries happen. It also tells the next review which commit was reviewed last.
 */
export function reviewMarker(headSha: string, run?: string): string {
  if (run !== undefined && !RUN.test(run)) throw new Error(`Not a re-run id Revue writes: ${run}`)
  return run ? `<!-- revue:review sha=${headSha} run=${run} -->` : `<!-- revue:review sha=${headSha} -->`
}

/** The head commit (and re-run) named by the marker on a review body's last line, if that line is one. */
export function readReviewMarker(body: string | null | undefined): { sha: string, run?: string } | undefined {
  const match = REVIEW_MARKER.exec(bodyLines(body).at(-1) ?? '')
  return match ? { sha: match[1]!, run: match[2] } : undefined
}

/** Whether a comment body ends with exactly this marker on its own last line. */
export function endsWithMarker(body: string | null | undefined, marker: string): boolean {
  return bodyLines(body).at(-1) === marker
}
