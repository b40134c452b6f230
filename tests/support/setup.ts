import type { RunningApp } from './app'
import { cookiesOf } from './session'

/** The setup link the server printed at start-up (the only line that shows the token). */
export function setupLink(output: string): URL {
  const link = /(http:\/\/\S+\/setup\?token=[\w-]+)/.exec(output)?.[1]
  if (!link) throw new Error(`No setup link in the log:\n${output}`)
  return new URL(link)
}

/** Opens the setup link as the browser does: the token becomes an HTTP-only cookie, and the address loses it. */
export async function openSetup(app: RunningApp, token: string) {
  const response = await fetch(`${app.url}/setup?token=${encodeURIComponent(token)}`, { redirect: 'manual' })
  return { response, cookie: cookiesOf(response) }
}

/** What the setup page does in the browser: ask for the manifest form, post it to GitHub, follow GitHub back. */
export async function runSetup(app: RunningApp, cookie = '', org?: string) {
  const form = await fetch(`${app.url}/api/setup?url=${encodeURIComponent(app.url)}${org ? `&org=${org}` : ''}`, { headers: { cookie } })
  if (form.status !== 200) return { form }
  const { action, manifest } = await form.json() as { action: string, manifest: Record<string, unknown> }
  const approved = await fetch(action, { method: 'POST', body: new URLSearchParams({ manifest: JSON.stringify(manifest) }), redirect: 'manual' })
  const callback = await fetch(approved.headers.get('location')!, { headers: { cookie: [cookie, cookiesOf(form)].filter(Boolean).join('; ') }, redirect: 'manual' })
  return { form, manifest, callback }
}
