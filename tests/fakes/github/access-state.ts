// Which installation covers which repository, and the installation tokens issued for them.
import { isoSeconds, repoKey } from './ids'

export interface Installation {
  id: number
  account?: string
  // lower-cased `owner/repo`; undefined = all repositories
  repos?: Set<string>
  createdAt: string
}

export interface IssuedToken {
  token: string
  installationId: number
  expiresAt: number
  repos?: Set<string>
}

export class RepoAccess {
  readonly installations = new Map<number, Installation>()
  readonly tokens = new Map<string, IssuedToken>()
  private readonly repoIds = new Map<string, number>()
  private readonly privateRepos = new Set<string>()

  repoId(owner: string, repo: string): number {
    const key = repoKey(owner, repo)
    let id = this.repoIds.get(key)
    if (id === undefined) {
      id = 500_000 + this.repoIds.size + 1
      this.repoIds.set(key, id)
    }
    return id
  }

  addInstallation(id: number, repos?: string[]): void {
    const existing = this.installations.get(id)
    const account = repos?.[0]?.split('/')[0] ?? existing?.account
    this.installations.set(id, {
      id,
      account,
      repos: repos && new Set(repos.map(r => r.toLowerCase())),
      createdAt: existing?.createdAt ?? isoSeconds(),
    })
    for (const full of repos ?? []) {
      const [owner = '', repo = ''] = full.split('/')
      this.repoId(owner, repo)
    }
  }

  // The repository joins this installation, which takes its owner as account if it has none yet.
  join(installationId: number, owner: string, repo: string): void {
    const installation = this.installations.get(installationId)
    if (!installation) this.addInstallation(installationId)
    else installation.repos?.add(repoKey(owner, repo))
    const joined = this.installations.get(installationId)
    if (joined && !joined.account) joined.account = owner
    this.repoId(owner, repo)
  }

  // A repository a test gives files, users or a default branch exists: installation 1 takes it
  // unless another installation lists it.
  ensureRepo(owner: string, repo: string): void {
    const key = repoKey(owner, repo)
    if ([...this.installations.values()].some(i => i.repos?.has(key))) this.repoId(owner, repo)
    else this.join(1, owner, repo)
  }

  // The one installation a repository belongs to: the one listing it, else one with all repositories.
  installationOf(owner: string, repo: string): Installation | undefined {
    const key = repoKey(owner, repo)
    const all = [...this.installations.values()]
    return all.find(i => i.repos?.has(key)) ?? all.find(i => !i.repos)
  }

  canSee(token: IssuedToken, owner: string, repo: string): boolean {
    const key = repoKey(owner, repo)
    const installation = this.installations.get(token.installationId)
    if (!installation) return false
    if (installation.repos && !installation.repos.has(key)) return false
    return !token.repos || token.repos.has(key)
  }

  knowsRepo(owner: string, repo: string): boolean {
    return this.repoIds.has(repoKey(owner, repo))
  }

  makePrivate(owner: string, repo: string): void {
    this.privateRepos.add(repoKey(owner, repo))
  }

  isPrivate(owner: string, repo: string): boolean {
    return this.privateRepos.has(repoKey(owner, repo))
  }
}
