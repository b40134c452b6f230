import type { ForgePullRequest } from '../forges/forge'
import { endsWithMarker } from './markers'

/**
 * Posts a comment on the pull request's conversation unless this App already posted one ending with the same hidden
 * marker: retries and repeated events say a thing once. A marker in anyone else's comment, or not on the last line,
 * does not count.
 */
export async function commentOnce(forge: ForgePullRequest, marker: string, body: string): Promise<{ url: string, created: boolean }> {
  const existing = (await forge.ownComments()).find(comment => endsWithMarker(comment.body, marker))
  if (existing) return { url: existing.url, created: false }
  const posted = await forge.comment(`${body}\n\n${marker}`)
  return { url: posted.url, created: true }
}
