/** Returns a required setting, or throws an error naming the environment variable to set. */
export function requireSetting(value: unknown, variable: string): string {
  const text = value === undefined || value === null ? '' : String(value).trim()
  if (!text) throw new Error(`Missing ${variable}: set it in the environment or in .env (see .env.example)`)
  return text
}

/** The App's PEM private key; accepts the `\n`-escaped one-line form that .env files need. */
export function requirePrivateKey(value: unknown): string {
  const pem = requireSetting(value, 'NUXT_GITHUB_PRIVATE_KEY').replace(/\\n/g, '\n')
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    throw new Error('NUXT_GITHUB_PRIVATE_KEY is not a PEM private key: paste the whole .pem file GitHub gave you, with \\n for line breaks on one line')
  }
  return pem
}

/**
 * Names every missing setting a role needs, so a misconfigured process stops at start-up with one clear message.
 * With no GitHub App configured at all, the process starts for the setup page instead; without a model API key, the
 * worker waits for one (NUXT_GEMINI_API_KEY or the setup page).
 */
export function checkSettings(worker: boolean): void {
  const app = appSettings()
  const setup = needsSetup()
  const needed: Array<[unknown, string]> = setup ? [] : [[app.webhookSecret, 'NUXT_GITHUB_WEBHOOK_SECRET']]
  if (worker && !setup) needed.push([app.appId, 'NUXT_GITHUB_APP_ID'], [app.privateKey, 'NUXT_GITHUB_PRIVATE_KEY'])
  // The dashboard's sign-in is on once the App's OAuth client id is set; it then needs the rest.
  if (app.clientId) {
    needed.push([app.clientSecret, 'NUXT_OAUTH_GITHUB_CLIENT_SECRET'], [app.sessionPassword, 'NUXT_SESSION_PASSWORD'])
  }
  const missing = needed.filter(([value]) => !String(value ?? '').trim()).map(([, name]) => name)
  if (missing.length) {
    throw new Error(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment or in .env (see .env.example)`)
  }
  if (worker && !setup) requirePrivateKey(app.privateKey)
  if (app.clientId && app.sessionPassword.length < 32) {
    throw new Error('NUXT_SESSION_PASSWORD must be at least 32 characters: generate one with `openssl rand -hex 32`')
  }
}
