import type { Router } from 'h3'
import { compareCommits, parentOf, resolveRef } from './commits'
import { notFound, paginate, repoParams } from './http'
import { HTML_URL, sha1 } from './ids'
import { userJson } from './json'
import type { PullState } from './pull-state'
import { fileJson } from './pulls'
import { route } from './route'
import type { FakeState } from './state'

// Without per_page or page GitHub answers up to 250 commits; files stop at 300 either way.
const MAX_UNPAGED_COMMITS = 250
const MAX_COMPARED_FILES = 300
const BASEHEAD = /^(.+?)\.\.\.?(.+)$/

function commitJson(state: FakeState, pull: PullState, sha: string): Record<string, unknown> {
  const api = `${state.url}/repos/${pull.owner}/${pull.repo}`
  const html = `${HTML_URL}/${pull.owner}/${pull.repo}`
  const head = pull.commits.get(sha)
  const author = head ? pull.user : { login: 'web-flow', type: 'User' as const }
  const user = userJson(state, author)
  const person = { name: author.login, email: `${String(user.id)}+${author.login}@users.noreply.github.com`, date: head?.createdAt ?? pull.createdAt }
  const tree = sha1(`tree:${sha}`)
  const parent = parentOf(pull, sha)
  return {
    url: `${api}/commits/${sha}`,
    sha,
    node_id: `C_kwDO${sha.slice(0, 16)}`,
    html_url: `${html}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: person,
      committer: person,
      message: head ? `Update ${pull.headRef}` : `Update ${pull.baseRef}`,
      tree: { url: `${api}/git/trees/${tree}`, sha: tree },
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    author: user,
    committer: user,
    parents: parent ? [{ url: `${api}/commits/${parent}`, html_url: `${html}/commit/${parent}`, sha: parent }] : [],
  }
}

export function compareRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo/compare/**:basehead', { docs: 'https://docs.github.com/rest/commits/commits#compare-two-commits' }, (ctx) => {
    const { state } = ctx
    const { owner, repo } = repoParams(ctx)
    const basehead = ctx.params.basehead ?? ''
    const [, baseRef = '', headRef = ''] = BASEHEAD.exec(basehead) ?? []
    const pulls = state.pulls.of(owner, repo)
    const base = resolveRef(pulls, baseRef)
    const head = resolveRef(pulls, headRef)
    // the pull request whose graph holds both; a commit GitHub does not know is a 404
    const found = pulls.map(pull => ({ pull, comparison: compareCommits(pull, base, head) })).find(c => c.comparison)
    if (!found?.comparison) throw notFound()
    const { pull, comparison } = found
    const query = ctx.url.searchParams
    const paged = query.has('per_page') || query.has('page')
    const page = paged ? paginate(ctx, comparison.commits) : { items: comparison.commits.slice(0, MAX_UNPAGED_COMMITS), headers: {} }
    const firstPage = !paged || !(Number(query.get('page')) > 1)
    const html = `${HTML_URL}/${owner}/${repo}/compare/${basehead}`
    const body: Record<string, unknown> = {
      url: `${state.url}/repos/${owner}/${repo}/compare/${basehead}`,
      html_url: html,
      permalink_url: `${HTML_URL}/${owner}/${repo}/compare/${owner}:${base}...${owner}:${head}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: commitJson(state, pull, base),
      merge_base_commit: commitJson(state, pull, comparison.mergeBase),
      status: comparison.status,
      ahead_by: comparison.aheadBy,
      behind_by: comparison.behindBy,
      total_commits: comparison.commits.length,
      commits: page.items.map(sha => commitJson(state, pull, sha)),
    }
    // GitHub lists the files on the first page only
    if (firstPage) body.files = comparison.files.slice(0, MAX_COMPARED_FILES).map(f => fileJson(state, pull, f, head))
    return { body, headers: page.headers }
  })
}
