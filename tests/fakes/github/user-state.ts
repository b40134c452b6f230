// The people of github.com: their repositories and roles, and the user access tokens the App's OAuth flow gives them.
import { isoSeconds, numericId, randomToken, repoKey } from './ids'
import type { FakeRepoRole, FakeUserInput, OAuthAuthorization } from './types'

export const USER_TOKEN_LIFETIME = 28_800
export const REFRESH_TOKEN_LIFETIME = 15_897_600
export const CODE_LIFETIME_MS = 10 * 60 * 1000

export interface FakeUser {
  login: string
  id: number
  name: string | null
  // lower-cased `owner/repo` → the name as given and the user's role
  repos: Map<string, { owner: string, repo: string, role: FakeRepoRole }>
  createdAt: string
}

export interface UserToken {
  token: string
  login: string
  expiresAt: number
}

export interface RefreshToken extends UserToken {
  accessToken: string
}

export interface AuthorizationCode {
  code: string
  login: string
  clientId: string
  redirectUri: string
  expiresAt: number
}

export class UserStore {
  // lower-cased login → user
  private readonly byLogin = new Map<string, FakeUser>()
  readonly userTokens = new Map<string, UserToken>()
  readonly refreshTokens = new Map<string, RefreshToken>()
  readonly codes = new Map<string, AuthorizationCode>()
  readonly authorizations: OAuthAuthorization[] = []
  tokenLifetime = USER_TOKEN_LIFETIME
  refreshCalls = 0
  private signInAs?: string

  // `withRepo` makes each of the user's repositories exist
  add(input: FakeUserInput, withRepo: (owner: string, repo: string) => void): void {
    if (!/^[^\s/]+$/.test(input.login)) throw new Error(`GitHub fake: invalid login ${JSON.stringify(input.login)}`)
    const repos: FakeUser['repos'] = new Map()
    for (const [full, role] of Object.entries(input.repos)) {
      const [owner = '', repo = '', ...rest] = full.split('/')
      if (!owner || !repo || rest.length) throw new Error(`GitHub fake: repository ${JSON.stringify(full)} is not 'owner/repo'`)
      if (!['read', 'push', 'admin'].includes(role)) throw new Error(`GitHub fake: unknown role ${JSON.stringify(role)} for ${full}`)
      repos.set(repoKey(owner, repo), { owner, repo, role })
      withRepo(owner, repo)
    }
    const existing = this.find(input.login)
    this.byLogin.set(input.login.toLowerCase(), {
      login: input.login,
      id: input.id ?? numericId(input.login, 100_000),
      name: input.name ?? null,
      repos,
      createdAt: existing?.createdAt ?? isoSeconds(),
    })
  }

  find(login: string): FakeUser | undefined {
    return this.byLogin.get(login.toLowerCase())
  }

  roleOf(login: string, owner: string, repo: string): FakeRepoRole | undefined {
    return this.find(login)?.repos.get(repoKey(owner, repo))?.role
  }

  authorizeAs(login: string): void {
    const user = this.find(login)
    if (!user) throw new Error(`GitHub fake: no user ${login}; call addUser first`)
    this.signInAs = user.login
  }

  signingInUser(): FakeUser {
    const user = this.browserUser()
    if (!user) throw new Error('GitHub fake: nobody to sign in; call addUser first')
    return user
  }

  // the user signed in on github.com: the one set with authorizeAs, else the first added
  browserUser(): FakeUser | undefined {
    return this.signInAs ? this.find(this.signInAs) : this.byLogin.values().next().value
  }

  setTokenLifetime(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`GitHub fake: token lifetime must be a positive number of seconds, got ${seconds}`)
    this.tokenLifetime = seconds
  }

  issueTokens(login: string): { accessToken: string, refreshToken: string, expiresIn: number } {
    const now = Date.now()
    const accessToken = randomToken('ghu_')
    const refreshToken = randomToken('ghr_', 76)
    this.userTokens.set(accessToken, { token: accessToken, login, expiresAt: now + this.tokenLifetime * 1000 })
    this.refreshTokens.set(refreshToken, { token: refreshToken, login, accessToken, expiresAt: now + REFRESH_TOKEN_LIFETIME * 1000 })
    return { accessToken, refreshToken, expiresIn: this.tokenLifetime }
  }

  revokeTokens(login: string): void {
    const lower = login.toLowerCase()
    for (const map of [this.userTokens, this.refreshTokens]) {
      for (const [token, issued] of map) {
        if (issued.login.toLowerCase() === lower) map.delete(token)
      }
    }
  }

  // the user a live user access token speaks for
  holderOf(credential: string): FakeUser | undefined {
    const token = this.userTokens.get(credential)
    return token && token.expiresAt > Date.now() ? this.find(token.login) : undefined
  }
}
