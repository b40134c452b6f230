// The fake's users and the tokens that sign in as them.
import type { FakeGitLabUser } from './types'

export class UserState {
  private readonly users = new Map<string, FakeGitLabUser>()
  // token → its user, and when an OAuth access token stops working (epoch ms)
  private readonly tokens = new Map<string, { username: string, expiresAt?: number }>()
  private nextId = 100

  /** Adds a user; a token given signs in as them (PRIVATE-TOKEN or Authorization: Bearer). */
  add(username: string, options: { token?: string, bot?: boolean, name?: string, id?: number } = {}): FakeGitLabUser {
    const user = { id: options.id ?? this.nextId++, username, name: options.name ?? username, bot: options.bot ?? false }
    this.users.set(username.toLowerCase(), user)
    if (options.token) this.tokens.set(options.token, { username })
    return user
  }

  get(username: string): FakeGitLabUser | undefined {
    return this.users.get(username.toLowerCase())
  }

  require(username: string): FakeGitLabUser {
    const user = this.get(username)
    if (!user) throw new Error(`GitLab fake: no user ${username}`)
    return user
  }

  byId(id: number): FakeGitLabUser | undefined {
    return [...this.users.values()].find(user => user.id === id)
  }

  /** Lets a token sign in as the user, until `expiresAt` when given. */
  grant(token: string, username: string, expiresAt?: number): void {
    this.tokens.set(token, { username, ...(expiresAt !== undefined ? { expiresAt } : {}) })
  }

  byToken(token: string): FakeGitLabUser | undefined {
    const entry = this.tokens.get(token)
    return entry && !this.expired(token) ? this.get(entry.username) : undefined
  }

  expired(token: string): boolean {
    const expiresAt = this.tokens.get(token)?.expiresAt
    return expiresAt !== undefined && Date.now() >= expiresAt
  }

  revoke(token: string): void {
    this.tokens.delete(token)
  }
}
