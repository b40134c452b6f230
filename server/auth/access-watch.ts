import { consola } from 'consola'
import { TokenRefusedError, accessCacheMs, checkRepoPermission } from './access'
import { isGitLabKey } from '../jobs/ids'

/** One open stream, as the watch of its user and repository sees it. */
export interface AccessWatcher {
  /** The token it acts with, or undefined while it has none usable (about to expire). */
  token(): string | undefined
  /** Access is gone for the user ('access'), or GitHub refused this watcher's token ('token'). */
  lost(why: 'access' | 'token'): void
}

interface Watch {
  watchers: Set<AccessWatcher>
  timer: NodeJS.Timeout
}

const _watches = new Map<string, Watch>()

/**
 * Re-checks a user's read access to a repository while their streams are open: one GitHub call per user and
 * repository every NUXT_ACCESS_CACHE_MS in this process, however many streams they have open, and at once with
 * `checkNow` (after a token refresh). Returns the functions that re-check now and stop watching.
 */
export function watchRepoAccess(userId: number, repo: string, watcher: AccessWatcher): { checkNow: () => Promise<void>, stop: () => void } {
  const key = `${userId}:${repo.toLowerCase()}`
  let watch = _watches.get(key)
  if (!watch) {
    const created: Watch = { watchers: new Set(), timer: setInterval(() => void _check(userId, repo, created), accessCacheMs()) }
    watch = created
    _watches.set(key, watch)
  }
  const mine = watch
  mine.watchers.add(watcher)
  return {
    checkNow: () => _check(userId, repo, mine),
    stop: () => {
      mine.watchers.delete(watcher)
      if (mine.watchers.size || _watches.get(key) !== mine) return
      clearInterval(mine.timer)
      _watches.delete(key)
    },
  }
}

/** Asks GitHub with a watcher's token; a refused token ends the streams that hold it, and the next token is tried. */
async function _check(userId: number, repo: string, watch: Watch): Promise<void> {
  const tried = new Set<string>()
  for (;;) {
    const token = [...watch.watchers].map(watcher => watcher.token()).find(candidate => candidate && !tried.has(candidate))
    if (!token) return
    tried.add(token)
    try {
      // The stream was opened by a session of the repository's own forge.
      const reader = isGitLabKey(repo) ? { userId, token, forge: 'gitlab' as const } : { userId, token }
      if (!await checkRepoPermission(reader, repo, { fresh: true })) {
        for (const watcher of [...watch.watchers]) watcher.lost('access')
      }
      return
    }
    catch (error) {
      if (!(error instanceof TokenRefusedError)) {
        // GitHub unreachable: the streams stay open, and the next period asks again.
        consola.warn(`[stream] cannot re-check access to ${repo}: ${(error as Error).message}; asking again in ${accessCacheMs()} ms`)
        return
      }
      for (const watcher of [...watch.watchers]) if (watcher.token() === token) watcher.lost('token')
    }
  }
}
