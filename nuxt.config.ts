// Every key below can be overridden at run time by a NUXT_* environment variable
// (runtimeConfig.github.appId ← NUXT_GITHUB_APP_ID); see .env.example and docs/configuration.md.
export default defineNuxtConfig({
  modules: ['@nuxt/ui', 'nuxt-auth-utils', '@nuxt/eslint'],
  devtools: { enabled: false },
  css: ['~/assets/css/main.css'],
  runtimeConfig: {
    github: {
      appId: '',
      privateKey: '',
      webhookSecret: '',
      apiUrl: 'https://api.github.com',
      url: 'https://github.com',
      appSlug: '',
      writeIntervalMs: 1000,
    },
    gemini: {
      apiKey: '',
      model: 'gemini-2.5-flash',
      baseUrl: '',
      contextTokens: 1_048_576,
      maxOutputTokens: 8192,
      timeoutMs: 120_000,
      retries: 2,
      // Comma-separated models a repository's .github/revue.yml may choose; empty allows any.
      allowedModels: '',
      // USD per million tokens, to estimate costs; empty uses Google's list price for known models.
      inputPrice: '',
      outputPrice: '',
    },
    redis: {
      url: '',
      prefix: 'revue',
      dataDir: '.data/redis',
    },
    worker: {
      enabled: true,
      concurrency: 4,
      attempts: 5,
      backoffMs: 10_000,
      lockMs: 30_000,
      redeliveryMs: 300_000,
      breakerThreshold: 3,
      breakerCooldownMs: 600_000,
      logRetention: 1000,
      // Pushes to one pull request within this window collapse into one review of the newest head.
      debounceMs: 5000,
      // Concurrency of the worker that answers /revue commands.
      commandConcurrency: 2,
    },
    webhook: {
      maxBodyBytes: 26_214_400,
    },
    live: {
      heartbeatMs: 15_000,
    },
    metrics: {
      token: '',
    },
    log: {
      format: '',
    },
    // Encrypts what the setup page stores (AES-256-GCM): NUXT_SECRET_KEY, at least 32 characters.
    secretKey: '',
    storage: {
      dir: '.data',
    },
    // The one-time token /setup asks for; empty: one is generated at first start and printed in the log as a link.
    setup: {
      token: '',
    },
    // How long a user's permission on a repository is cached, and how often an open live stream re-checks it.
    access: {
      cacheMs: 60_000,
    },
    // Read by nuxt-auth-utils: NUXT_OAUTH_GITHUB_CLIENT_ID, NUXT_OAUTH_GITHUB_CLIENT_SECRET; NUXT_SESSION_PASSWORD seals cookies.
    oauth: {
      github: { clientId: '', clientSecret: '' },
    },
    session: {
      password: '',
      maxAge: 60 * 60 * 24 * 7,
    },
  },
  // The root is the source dir (no app/ folder): pages/, components/, composables/ sit beside server/.
  srcDir: '.',
  compatibilityDate: '2026-11-01',
  typescript: {
    strict: true,
    // Tests and benchmarks import server modules directly, so they are typechecked with the node config.
    nodeTsConfig: {
      include: ['../tests/**/*', '../bench/**/*', '../vitest.config.ts'],
      compilerOptions: { paths: { '#shared': ['../shared'], '#shared/*': ['../shared/*'] } },
    },
  },
  eslint: {
    config: { stylistic: true },
  },
  // No network at build or run time: fonts come from the system, icons from the installed @iconify-json sets.
  fonts: { providers: { google: false, googleicons: false, bunny: false, fontshare: false, fontsource: false, adobe: false } },
  icon: { provider: 'none', clientBundle: { scan: true } },
})
