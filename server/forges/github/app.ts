import { App } from '@octokit/app'
import { Webhooks } from '@octokit/webhooks'
import { createOctokitClass, type ReviewOctokit } from './octokit'
import { appSettings } from '../../auth/app-credentials'

let _Octokit: ReturnType<typeof createOctokitClass> | undefined
let _app: App<{ Octokit: ReturnType<typeof createOctokitClass> }> | undefined
let _webhooks: Webhooks | undefined
let _slug: Promise<string> | undefined

/**
 * The Octokit class for NUXT_GITHUB_API_URL, made once so its rate-limit state is shared by the whole process; writes
 * are spaced NUXT_GITHUB_WRITE_INTERVAL_MS apart per installation across processes.
 */
export function useOctokitClass() {
  const { github } = useSettings()
  const spacing = { redis: useWorkerRedis, prefix: redisPrefix(), intervalMs: github.writeIntervalMs }
  _Octokit ??= createOctokitClass(github.apiUrl, spacing, (resource, remaining) => useMetrics().githubRateLimit.set({ resource }, remaining))
  return _Octokit
}

/** The GitHub App client (JWT and installation tokens, cached per installation) for NUXT_GITHUB_API_URL. */
export function useGitHubApp() {
  if (!_app) {
    const { appId, privateKey } = appSettings()
    _app = new App({
      appId: requireSetting(appId, 'NUXT_GITHUB_APP_ID'),
      privateKey: requirePrivateKey(privateKey),
      Octokit: useOctokitClass(),
    })
  }
  return _app
}

/** An Octokit authenticated as one installation of the App. */
export function getInstallationOctokit(installationId: number): Promise<ReviewOctokit> {
  return useGitHubApp().getInstallationOctokit(installationId)
}

/** Verifies `X-Hub-Signature-256` with NUXT_GITHUB_WEBHOOK_SECRET. */
export function useWebhooks(): Webhooks {
  _webhooks ??= new Webhooks({ secret: requireSetting(appSettings().webhookSecret, 'NUXT_GITHUB_WEBHOOK_SECRET') })
  return _webhooks
}

/** The App's slug (its bot user is `<slug>[bot]`): NUXT_GITHUB_APP_SLUG, or asked of GitHub once. */
export function getAppSlug(): Promise<string> {
  const { appSlug } = appSettings()
  if (appSlug) return Promise.resolve(appSlug)
  _slug ??= Promise.resolve()
    .then(() => useGitHubApp().octokit.request('GET /app'))
    .then(({ data }) => data?.slug ?? '')
    .catch((error: Error) => {
      _slug = undefined
      throw createError({ statusCode: 503, message: `Cannot tell whether the requested reviewer is this App (${error.message}): set NUXT_GITHUB_APP_SLUG` })
    })
  return _slug
}

/** This App as its reviews and comments show it: its id and its bot user `<slug>[bot]`. */
export async function getAppIdentity(): Promise<{ appId: number, botLogin: string }> {
  return { appId: Number(appSettings().appId), botLogin: `${await getAppSlug()}[bot]` }
}

/** Where a user installs the App on more repositories (github.com or GitHub Enterprise Server). */
export async function getInstallUrl(): Promise<string> {
  const { github } = useSettings()
  const path = new URL(github.url).hostname === 'github.com' ? 'apps' : 'github-apps'
  return `${github.url}/${path}/${await getAppSlug()}/installations/new`
}

const CREDENTIALS_CHECK_MS = 60_000
let _credentials: { checkedAt: number, result: Promise<string> } | undefined

/** 'ok' when GitHub accepts the App's id and private key (GET /app), else what it said; asked at most once a minute. */
export function checkAppCredentials(): Promise<string> {
  if (!_credentials || Date.now() - _credentials.checkedAt > CREDENTIALS_CHECK_MS) {
    _credentials = {
      checkedAt: Date.now(),
      result: Promise.resolve()
        .then(() => useGitHubApp().octokit.request('GET /app'))
        .then(() => 'ok', (error: Error & { status?: number }) => `refused: ${error.status ?? ''} ${error.message}`.trim()),
    }
  }
  return _credentials.result
}
