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

/** Names every missing setting a role needs, so a misconfigured process stops at start-up with one clear message. */
export function checkSettings(worker: boolean): void {
  const { github, gemini } = useRuntimeConfig()
  const needed: Array<[unknown, string]> = [[github.webhookSecret, 'NUXT_GITHUB_WEBHOOK_SECRET']]
  if (worker) {
    needed.push([github.appId, 'NUXT_GITHUB_APP_ID'], [github.privateKey, 'NUXT_GITHUB_PRIVATE_KEY'], [gemini.apiKey, 'NUXT_GEMINI_API_KEY'])
  }
  const missing = needed.filter(([value]) => !String(value ?? '').trim()).map(([, name]) => name)
  if (missing.length) {
    throw new Error(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment or in .env (see .env.example)`)
  }
  if (worker) requirePrivateKey(github.privateKey)
}
