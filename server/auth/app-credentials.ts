import { createHash } from 'node:crypto'

/** What GitHub's App Manifest conversion hands over, kept encrypted in the data directory. */
export interface AppCredentials {
  appId: string
  slug: string
  privateKey: string
  webhookSecret: string
  clientId: string
  clientSecret: string
}

const FILE = 'github-app.json'

/** The App credentials stored by the setup page, or null when there are none. Throws when they cannot be decrypted. */
export function readStoredCredentials(): AppCredentials | null {
  return readEncryptedFile<AppCredentials>(FILE)
}

/** Stores the credentials once: the file is created exclusively, so a second setup cannot replace the App. */
export function storeCredentials(credentials: AppCredentials): void {
  storeEncryptedFile(FILE, credentials)
}

let _stored: AppCredentials | null = null

/**
 * Uses stored credentials wherever no environment variable set a value: the environment wins. Also fills the unset
 * NUXT_* variables, which nuxt-auth-utils reads on each request (the runtime config itself is frozen).
 */
export function applyCredentials(credentials: AppCredentials): void {
  _stored = credentials
  process.env.NUXT_OAUTH_GITHUB_CLIENT_ID ||= credentials.clientId
  process.env.NUXT_OAUTH_GITHUB_CLIENT_SECRET ||= credentials.clientSecret
}

/**
 * Without NUXT_SESSION_PASSWORD, sessions are sealed with a password derived from the secret key (NUXT_SECRET_KEY, or
 * the one generated at first start), so a self-hoster sets no secret at all. Called at start-up, before any request:
 * nuxt-auth-utils reads the password once.
 */
export function deriveSessionPassword(): void {
  if (useSettings().session.password || process.env.NUXT_SESSION_PASSWORD) return
  process.env.NUXT_SESSION_PASSWORD = createHash('sha256').update(`revue-session:${requireSecretKey()}`).digest('hex')
}

/** The GitHub App and sign-in settings in force: environment variables, else what the setup page stored. */
export function appSettings() {
  const { github, oauth, session } = useSettings()
  const stored = _stored
  return {
    appId: String(github.appId || stored?.appId || ''),
    privateKey: github.privateKey || stored?.privateKey || '',
    webhookSecret: github.webhookSecret || stored?.webhookSecret || '',
    appSlug: github.appSlug || stored?.slug || '',
    clientId: oauth.github.clientId || stored?.clientId || '',
    clientSecret: oauth.github.clientSecret || stored?.clientSecret || '',
    sessionPassword: session.password || process.env.NUXT_SESSION_PASSWORD || '',
  }
}

/** True while no GitHub App is configured: the setup page is open and the worker waits. */
export function needsSetup(): boolean {
  const { appId, privateKey, webhookSecret } = appSettings()
  return !appId && !privateKey && !webhookSecret
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
  // GitLab's sign-in is on once its OAuth application's id is set; it then needs the secret too.
  const { oauth } = useSettings()
  if (oauth.gitlab.clientId) needed.push([oauth.gitlab.clientSecret, 'NUXT_OAUTH_GITLAB_CLIENT_SECRET'])
  const missing = needed.filter(([value]) => !String(value ?? '').trim()).map(([, name]) => name)
  if (missing.length) {
    throw new Error(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment or in .env (see .env.example)`)
  }
  if (worker && !setup) requirePrivateKey(app.privateKey)
  if (app.clientId && app.sessionPassword.length < 32) {
    throw new Error('NUXT_SESSION_PASSWORD must be at least 32 characters: generate one with `openssl rand -hex 32`')
  }
}
