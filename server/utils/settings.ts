import { z } from 'zod'
import { MissingSettingError } from './missing-setting'

// NUXT_* variables arrive as strings or as what destr made of them: numbers are coerced here, once, not at use sites.
const count = z.coerce.number().int().nonnegative()
const text = z.union([z.string(), z.number()]).transform(String)
// Empty means "the default of whatever reads it".
const optionalCount = z.union([z.literal(''), count]).transform(value => value === '' ? undefined : value)
const flag = z.union([z.boolean(), z.string(), z.number()]).transform(value => value !== false && value !== 'false' && value !== 0 && value !== '0' && value !== '')

const SettingsSchema = z.object({
  github: z.object({ appId: text, privateKey: text, webhookSecret: text, apiUrl: text, url: text, appSlug: text, writeIntervalMs: count }),
  gitlab: z.object({ url: text, token: text, webhookSecret: text }),
  model: text,
  modelConcurrency: count.transform(value => Math.max(1, value)),
  modelContextTokens: optionalCount,
  modelMaxOutputTokens: optionalCount,
  modelTimeoutMs: optionalCount,
  modelRetries: optionalCount,
  modelsAllowed: text,
  modelPrices: text,
  gemini: z.object({
    apiKey: text, model: text, baseUrl: text, contextTokens: count, maxOutputTokens: count, timeoutMs: count, retries: count,
    allowedModels: text, inputPrice: text, outputPrice: text,
  }),
  openai: z.object({ apiKey: text, baseUrl: text, jsonSchema: z.enum(['auto', 'on', 'off']) }),
  ollama: z.object({ baseUrl: text }),
  anthropic: z.object({ apiKey: text, baseUrl: text }),
  shadow: z.object({ runsPerDay: count }),
  redis: z.object({ url: text, clusterNodes: text, prefix: text, dataDir: text }),
  worker: z.object({
    enabled: flag, concurrency: count, attempts: count, backoffMs: count, lockMs: count, redeliveryMs: count,
    breakerThreshold: count, breakerCooldownMs: count, logRetention: count, debounceMs: count, commandConcurrency: count,
  }),
  webhook: z.object({ maxBodyBytes: count }),
  live: z.object({ heartbeatMs: count }),
  metrics: z.object({ token: text }),
  log: z.object({ format: text }),
  rateLimit: z.object({ windowMs: count, signIn: count, dashboard: count, clientHeader: text }),
  secretKey: text,
  storage: z.object({ dir: text }),
  setup: z.object({ token: text }),
  access: z.object({ cacheMs: count }),
  session: z.object({ password: text, maxAge: count }),
  oauth: z.object({ github: z.object({ clientId: text, clientSecret: text }), gitlab: z.object({ clientId: text, clientSecret: text }) }),
})

export type Settings = z.infer<typeof SettingsSchema>

let _settings: Settings | undefined

/**
 * The server's settings (nuxt.config.ts runtimeConfig, overridden by NUXT_* variables), typed and coerced once per
 * process. A value that cannot be read (NUXT_WORKER_CONCURRENCY=many) stops the process naming the variable.
 */
export function useSettings(): Settings {
  if (!_settings) {
    const result = SettingsSchema.safeParse(useRuntimeConfig())
    if (!result.success) {
      const issue = result.error.issues[0]!
      const variable = `NUXT_${issue.path.map(key => String(key).replace(/[A-Z]/g, letter => `_${letter}`)).join('_').toUpperCase()}`
      throw new Error(`${variable} is not valid: ${issue.message}`)
    }
    _settings = result.data
  }
  return _settings
}

/** Returns a required setting, or throws an error naming the environment variable to set. */
export function requireSetting(value: unknown, variable: string): string {
  const text = value === undefined || value === null ? '' : String(value).trim()
  if (!text) throw new MissingSettingError(`Missing ${variable}: set it in the environment or in .env (see .env.example)`)
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
