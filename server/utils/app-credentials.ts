import { createHash } from 'node:crypto'
import { join } from 'node:path'

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

let _generatedKey: string | undefined

/**
 * The secret key that encrypts what the setup page stores and, without NUXT_SESSION_PASSWORD, seals sessions:
 * NUXT_SECRET_KEY when set, else the key kept in NUXT_STORAGE_DIR/secret-key, made there on first use. Never logged.
 */
export function requireSecretKey(): string {
  const { secretKey, storage } = useRuntimeConfig()
  if (secretKey) return checkSecretKey(String(secretKey), 'NUXT_SECRET_KEY')
  _generatedKey ??= loadSecretKey(storage.dir)
  return _generatedKey
}

/** Where the secret key in force comes from, for messages that say what to fix. */
export function secretKeySource(): string {
  const { secretKey, storage } = useRuntimeConfig()
  return secretKey ? 'NUXT_SECRET_KEY' : join(storage.dir, SECRET_KEY_FILE)
}

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
  if (useRuntimeConfig().session.password || process.env.NUXT_SESSION_PASSWORD) return
  process.env.NUXT_SESSION_PASSWORD = createHash('sha256').update(`revue-session:${requireSecretKey()}`).digest('hex')
}

/** The GitHub App and sign-in settings in force: environment variables, else what the setup page stored. */
export function appSettings() {
  const { github, oauth, session } = useRuntimeConfig()
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
