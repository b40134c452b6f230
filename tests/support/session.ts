import type { GitHubFake } from '../fakes/github/server'
import type { RunningApp } from './app'

/** The `name=value` pairs a response sets, ready for a Cookie header. */
export function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map(cookie => cookie.split(';')[0]).join('; ')
}

/**
 * Signs `login` in through the real OAuth redirects: the app sends the browser to GitHub's authorize page, the local
 * GitHub approves and sends it back with a code, the app exchanges it. Returns the session cookie.
 */
export async function signIn(app: RunningApp, github: GitHubFake, login: string): Promise<string> {
  github.authorizeAs(login)
  const start = await fetch(`${app.url}/auth/github`, { redirect: 'manual' })
  const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' })
  const callback = await fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: cookiesOf(start) } })
  if (callback.status !== 302 || callback.headers.get('location') !== '/') {
    throw new Error(`Sign-in failed: ${callback.status} ${callback.headers.get('location')} ${await callback.text()}`)
  }
  return cookiesOf(callback).split('; ').filter(cookie => cookie.startsWith('nuxt-session=')).join('; ')
}

/** GETs an app path as the signed-in user. */
export function getAs(app: RunningApp, cookie: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' })
}

/** POSTs to an app path as the signed-in user, from the dashboard's own origin unless told otherwise. */
export function postAs(app: RunningApp, cookie: string, path: string, origin: string | null = app.url): Promise<Response> {
  return fetch(`${app.url}${path}`, { method: 'POST', headers: { cookie, ...(origin ? { origin } : {}) }, redirect: 'manual' })
}
