// Every key below can be overridden at run time by a NUXT_* environment variable
// (runtimeConfig.github.appId ← NUXT_GITHUB_APP_ID); see .env.example and docs/configuration.md.
export default defineNuxtConfig({
  modules: ['@nuxt/ui', 'nuxt-auth-utils', '@nuxt/eslint', 'nuxt-security'],
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
    // The model that reviews, as provider:model (gemini, openai, ollama, anthropic; docs/models.md); a bare name means
    // Gemini. Empty: gemini:<gemini.model>, so NUXT_GEMINI_MODEL keeps working.
    model: '',
    // Model calls at once in this process, whatever the number of reviews running.
    modelConcurrency: 4,
    // Empty: the provider's own default (Gemini: the NUXT_GEMINI_* value below).
    modelContextTokens: '',
    modelMaxOutputTokens: '',
    modelTimeoutMs: '',
    modelRetries: '',
    // Comma-separated provider:model a repository's .github/revue.yml may choose; empty: NUXT_GEMINI_ALLOWED_MODELS,
    // and when both are empty any model of the server's provider.
    modelsAllowed: '',
    // JSON {"provider:model": {"input": usdPerMillion, "output": usdPerMillion}}: prices beyond the built-in list prices.
    modelPrices: '',
    // GitLab (gitlab.com or self-managed, with its path prefix if any): a bot user's or a group/project access token
    // with the api scope, and the secret the project's webhook sends in X-Gitlab-Token (docs/gitlab.md).
    gitlab: {
      url: 'https://gitlab.com',
      token: '',
      webhookSecret: '',
    },
    gemini: {
      apiKey: '',
      model: 'gemini-2.5-flash',
      baseUrl: '',
      contextTokens: 1_048_576,
      maxOutputTokens: 8192,
      timeoutMs: 120_000,
      retries: 2,
      // Comma-separated models a repository's .github/revue.yml may choose (alias of NUXT_MODELS_ALLOWED).
      allowedModels: '',
      // USD per million tokens of the Gemini model, to estimate costs; empty uses Google's list price for known models.
      inputPrice: '',
      outputPrice: '',
    },
    openai: {
      apiKey: '',
      // Empty: what the setup page stored, else https://api.openai.com/v1.
      baseUrl: '',
      // Structured output with response_format json_schema: auto (used until the server refuses it), on, or off
      // (JSON mode and validation, for servers without it).
      jsonSchema: 'auto',
    },
    ollama: {
      // Empty: what the setup page stored, else http://127.0.0.1:11434/v1 (Ollama on the same machine).
      baseUrl: '',
    },
    anthropic: {
      apiKey: '',
      baseUrl: 'https://api.anthropic.com',
    },
    // Shadow runs (a review with another model or configuration that posts nothing) per installation and day; 0: off.
    shadow: {
      runsPerDay: 20,
    },
    redis: {
      url: '',
      // Comma-separated host:port (or redis:// URLs) of a Redis Cluster's nodes: Revue then connects to the cluster.
      clusterNodes: '',
      prefix: 'revue',
      // The embedded redis-server's data (no url, no clusterNodes); empty: redis/ in storage.dir.
      dataDir: '',
    },
    worker: {
      enabled: true,
      // Reviews at once in this process. Most of a review's time is spent waiting (GitHub's write spacing, the model),
      // so this is higher than the model calls at once (model.concurrency).
      concurrency: 16,
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
    // Requests per client per window, answered 429 with Retry-After beyond it; 0 turns a limit off. Counted in Redis,
    // so the limits hold across processes. The signed webhook, /api/health and /api/ready are never limited.
    rateLimit: {
      windowMs: 60_000,
      // /auth/github (sign-in and its callback), /setup and /api/setup/*.
      signIn: 60,
      // Every other /api route the dashboard calls.
      dashboard: 1200,
      // Empty: the client is the connection's address. Behind a proxy, the header it sets to the client's address
      // (x-real-ip, or x-forwarded-for, of which the last address, the one the proxy appended, is used).
      clientHeader: '',
    },
    // Encrypts what the setup page stores (AES-256-GCM) and seals sessions without session.password: NUXT_SECRET_KEY,
    // at least 32 characters; empty: one is generated at first start and kept in storage.dir/secret-key.
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
    // GitLab sign-in is on once NUXT_OAUTH_GITLAB_CLIENT_ID is set: an OAuth application on NUXT_GITLAB_URL (docs/gitlab.md).
    oauth: {
      github: { clientId: '', clientSecret: '' },
      gitlab: { clientId: '', clientSecret: '' },
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
  // Security headers from nuxt-security; its middlewares that Revue does otherwise are off: the webhook streams its
  // body under its own size limit and is checked by signature, state-changing requests by origin (same-origin.ts),
  // and rate limits are counted in Redis (server/middleware/0.rate-limit.ts). The GitHub address the setup page posts
  // to and avatars load from is runtime configuration: server/plugins/content-security.ts adds it.
  security: {
    nonce: true,
    sri: true,
    headers: {
      contentSecurityPolicy: {
        'default-src': ['\'self\''],
        'base-uri': ['\'none\''],
        'connect-src': ['\'self\''],
        'font-src': ['\'self\'', 'data:'],
        'form-action': ['\'self\''],
        'frame-ancestors': ['\'none\''],
        'img-src': ['\'self\'', 'data:', 'https:'],
        'object-src': ['\'none\''],
        'script-src': ['\'self\'', '\'strict-dynamic\'', '\'nonce-{{nonce}}\''],
        'script-src-attr': ['\'none\''],
        // Vue and Nuxt UI set style attributes; styles cannot run code.
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        // A plain-HTTP instance (a fresh clone on localhost) would break if its requests were upgraded.
        'upgrade-insecure-requests': false,
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
      // Browsers ignore HSTS on plain HTTP, so it takes effect exactly when Revue is served over TLS.
      strictTransportSecurity: { maxAge: 31_536_000, includeSubdomains: true },
      // Avatars come from GitHub without CORP headers.
      crossOriginEmbedderPolicy: false,
    },
    rateLimiter: false,
    requestSizeLimiter: false,
    xssValidator: false,
    corsHandler: false,
    allowedMethodsRestricter: false,
    removeLoggers: false,
  },
})
