import type { GitLabFake } from '../fakes/gitlab/server'
import type { RunningApp } from './app'
import { cookiesOf } from './session'

/**
 * Signs `username` in with GitLab through the real OAuth redirects, as `signIn` does with GitHub: the app sends the
 * browser to the local GitLab's authorize page, which approves and sends it back with a code. Returns the session cookie.
 */
export async function signInWithGitLab(app: RunningApp, gitlab: GitLabFake, username: string): Promise<string> {
  gitlab.authorizeAs(username)
  const start = await fetch(`${app.url}/auth/gitlab`, { redirect: 'manual' })
  const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' })
  const callback = await fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: cookiesOf(start) } })
  if (callback.status !== 302 || callback.headers.get('location') !== '/') {
    throw new Error(`GitLab sign-in failed: ${callback.status} ${callback.headers.get('location')} ${await callback.text()}`)
  }
  return cookiesOf(callback).split('; ').filter(cookie => cookie.startsWith('nuxt-session=')).join('; ')
}
