/** This App on GitHub: its bot user `<slug>[bot]`, and its id (`performed_via_github_app` on comments). */
export interface AppIdentity {
  appId: number
  botLogin: string
}

interface Authored {
  user?: { login?: string, type?: string } | null
  performed_via_github_app?: { id?: number } | null
}

/**
 * Whether this App wrote it: its bot user, or GitHub says the App performed it. Only these count as Revue's own, so a
 * marker in another bot's or a person's text is never read as Revue's.
 */
export function isOwn(item: Authored, app: AppIdentity): boolean {
  if (item.performed_via_github_app?.id === app.appId) return true
  return item.user?.type === 'Bot' && item.user.login === app.botLogin
}
