import type { Router } from 'h3'
import type { RepoEntry } from './files'
import { HttpError, orNotFound, repoParams } from './http'
import { HTML_URL } from './ids'
import { route, type Reply, type RouteContext } from './route'
import type { FakeState } from './state'

const DOCS = 'https://docs.github.com/rest/repos/contents#get-repository-content'
// application/vnd.github.raw, .raw+json and the older .v3.raw
const RAW_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.raw/i

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

// base64 in lines of 60 characters, each ending in a newline, as GitHub sends it
function wrappedBase64(content: string): string {
  const lines = Buffer.from(content, 'utf8').toString('base64').match(/.{1,60}/g) ?? []
  return lines.map(line => `${line}\n`).join('')
}

// Which set of files a ref reads: one set on that ref, else the branch a pull request's commit is on.
function filesRef(state: FakeState, owner: string, repo: string, ref: string): string | undefined {
  if (state.repoFiles.hasRef(owner, repo, ref) || ref === state.repoFiles.defaultBranch(owner, repo)) return ref
  for (const pull of state.pulls.of(owner, repo)) {
    if (pull.commits.has(ref) || pull.headRef === ref) return pull.headRef
    if (pull.bases.includes(ref) || pull.baseRef === ref) return pull.baseRef
  }
  return undefined
}

function entryJson(state: FakeState, owner: string, repo: string, ref: string, entry: RepoEntry): Record<string, unknown> {
  const isDir = entry.type === 'dir'
  const self = `${state.url}/repos/${owner}/${repo}/contents/${encodePath(entry.path)}?ref=${encodeURIComponent(ref)}`
  const git = `${state.url}/repos/${owner}/${repo}/git/${isDir ? 'trees' : 'blobs'}/${entry.sha}`
  const html = `${HTML_URL}/${owner}/${repo}/${isDir ? 'tree' : 'blob'}/${ref}/${encodePath(entry.path)}`
  return {
    name: entry.path.split('/').at(-1) ?? '',
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url: isDir ? null : `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${encodePath(entry.path)}`,
    type: entry.type,
    _links: { self, git, html },
  }
}

function getContent(ctx: RouteContext): Reply {
  const { state } = ctx
  const { owner, repo } = repoParams(ctx)
  const ref = ctx.url.searchParams.get('ref')?.replace(/^refs\/heads\//, '') || state.repoFiles.defaultBranch(owner, repo)
  const filesAt = filesRef(state, owner, repo, ref)
  if (filesAt === undefined) throw new HttpError(404, `No commit found for the ref ${ref}`)
  const found = orNotFound(state.repoFiles.find(owner, repo, filesAt, ctx.params.path ?? ''))
  // a directory ignores the raw media type
  if (Array.isArray(found)) return { body: found.map(entry => entryJson(state, owner, repo, ref, entry)) }
  const content = found.content ?? ''
  if (RAW_MEDIA_TYPE.test(ctx.headers.accept ?? '')) {
    return {
      text: { content, contentType: 'application/vnd.github.raw; charset=utf-8' },
      headers: { 'x-github-media-type': 'github.v3; param=raw' },
    }
  }
  return { body: { ...entryJson(state, owner, repo, ref, found), content: wrappedBase64(content), encoding: 'base64' } }
}

export function contentRoutes(router: Router): void {
  route(router, 'GET', '/repos/:owner/:repo/contents', { docs: DOCS }, getContent)
  route(router, 'GET', '/repos/:owner/:repo/contents/**:path', { docs: DOCS }, getContent)
}
