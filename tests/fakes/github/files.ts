import { createHash } from 'node:crypto'

export interface RepoEntry {
  type: 'file' | 'dir'
  // without leading or trailing slashes; '' is the root
  path: string
  sha: string
  size: number
  // files only
  content?: string
}

function key(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase()
}

function cleanPath(path: string): string {
  return path.split('/').filter(Boolean).join('/')
}

// The git blob sha: sha1("blob <byte length>\0<content>").
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8')
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

// Files of each repository by ref (a branch name or a commit sha), without history: a ref is what was last set on it.
export class RepoFiles {
  private readonly defaults = new Map<string, string>()
  // repository → ref → path → content
  private readonly refs = new Map<string, Map<string, Map<string, string>>>()

  defaultBranch(owner: string, repo: string): string {
    return this.defaults.get(key(owner, repo)) ?? 'main'
  }

  setDefaultBranch(owner: string, repo: string, branch: string): void {
    if (!branch) throw new Error('GitHub fake: a default branch needs a name')
    this.defaults.set(key(owner, repo), branch)
  }

  set(owner: string, repo: string, path: string, content: string | null, ref = this.defaultBranch(owner, repo)): void {
    const clean = cleanPath(path)
    if (!clean) throw new Error(`GitHub fake: ${JSON.stringify(path)} is not a file path`)
    let refs = this.refs.get(key(owner, repo))
    if (!refs) this.refs.set(key(owner, repo), refs = new Map())
    let files = refs.get(ref)
    if (!files) refs.set(ref, files = new Map())
    if (content === null) files.delete(clean)
    else files.set(clean, content)
  }

  hasRef(owner: string, repo: string, ref: string): boolean {
    return this.refs.get(key(owner, repo))?.has(ref) ?? false
  }

  // A file, or a directory's entries sorted by name; undefined when nothing is there.
  find(owner: string, repo: string, ref: string, path: string): RepoEntry | RepoEntry[] | undefined {
    const files = this.refs.get(key(owner, repo))?.get(ref) ?? new Map<string, string>()
    const clean = cleanPath(path)
    const content = files.get(clean)
    if (content !== undefined) return fileEntry(clean, content)
    const prefix = clean ? `${clean}/` : ''
    const children = new Map<string, RepoEntry>()
    for (const [file, text] of files) {
      if (!file.startsWith(prefix)) continue
      const [name = '', ...rest] = file.slice(prefix.length).split('/')
      const childPath = prefix + name
      if (!rest.length) children.set(name, fileEntry(childPath, text))
      else if (!children.has(name)) children.set(name, this.dirEntry(files, childPath))
    }
    if (!children.size) return clean ? undefined : []
    return [...children.keys()].sort().map(name => children.get(name) as RepoEntry)
  }

  private dirEntry(files: Map<string, string>, path: string): RepoEntry {
    const inside = [...files.entries()].filter(([file]) => file.startsWith(`${path}/`)).sort(([a], [b]) => a.localeCompare(b))
    const tree = createHash('sha1').update(`tree ${path}\0`)
    for (const [file, content] of inside) tree.update(`${file}\0${blobSha(content)}\n`)
    return { type: 'dir', path, sha: tree.digest('hex'), size: 0 }
  }
}

function fileEntry(path: string, content: string): RepoEntry {
  return { type: 'file', path, sha: blobSha(content), size: Buffer.byteLength(content), content }
}
