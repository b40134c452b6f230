// GitHub's App Manifest flow: the registration form on github.com (approved at once), then the
// API's code conversion, whose App becomes the one this fake answers as.
import { createPublicKey, generateKeyPair, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import type { Router } from 'h3'
import { appJson } from './apps'
import { isObject, notFound } from './http'
import { isoSeconds } from './ids'
import { html } from './oauth'
import { route, type Reply, type RouteContext } from './route'
import { MANIFEST_CODE_LIFETIME_MS, type AppProfile } from './state'

const MANIFEST_DOCS = 'https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest'
const PERMISSION_LEVELS = ['read', 'write', 'admin']
const NAME_PATTERN = /^[a-z][a-z_]*$/
const MAX_NAME_LENGTH = 34
const MAX_CALLBACK_URLS = 10

const generateRsaKeys = promisify(generateKeyPair)

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  }
  catch {
    return false
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

// The form sends the manifest as JSON text; a JSON body may carry it as an object.
function readManifest(ctx: RouteContext): { manifest: Record<string, unknown>, problems: string[] } {
  const raw = isObject(ctx.body) ? ctx.body.manifest : undefined
  if (raw === undefined || raw === '') return { manifest: {}, problems: ['manifest is required: post a form with a manifest field holding the JSON'] }
  let manifest: unknown = raw
  if (typeof raw === 'string') {
    try {
      manifest = JSON.parse(raw)
    }
    catch {
      return { manifest: {}, problems: ['manifest is not valid JSON'] }
    }
  }
  if (!isObject(manifest)) return { manifest: {}, problems: ['manifest must be a JSON object'] }
  return { manifest, problems: manifestProblems(manifest) }
}

// Why GitHub would refuse the manifest; empty when it is acceptable.
export function manifestProblems(manifest: Record<string, unknown>): string[] {
  const problems: string[] = []
  const checkUrl = (key: string, value: unknown, required: boolean): void => {
    if (value === undefined || value === null || value === '') {
      if (required) problems.push(`${key} is required`)
    }
    else if (!isHttpUrl(value)) {
      problems.push(`${key} must be an http(s) URL`)
    }
  }
  checkUrl('url', manifest.url, true)
  checkUrl('redirect_url', manifest.redirect_url, true)
  checkUrl('setup_url', manifest.setup_url, false)

  const { name, description, hook_attributes: hook, callback_urls: callbacks, default_permissions: permissions, default_events: events } = manifest
  if (name !== undefined && (typeof name !== 'string' || !name.trim())) problems.push('name must be a non-empty string')
  else if (typeof name === 'string' && name.trim().length > MAX_NAME_LENGTH) problems.push(`name is too long (maximum is ${MAX_NAME_LENGTH} characters)`)
  if (description !== undefined && description !== null && typeof description !== 'string') problems.push('description must be a string')
  for (const key of ['public', 'request_oauth_on_install', 'setup_on_update']) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'boolean') problems.push(`${key} must be true or false`)
  }

  if (hook !== undefined) {
    if (!isObject(hook)) {
      problems.push('hook_attributes must be an object')
    }
    else {
      if (hook.active !== undefined && typeof hook.active !== 'boolean') problems.push('hook_attributes.active must be true or false')
      checkUrl('hook_attributes.url', hook.url, hook.active !== false)
    }
  }

  if (callbacks !== undefined) {
    if (!Array.isArray(callbacks)) problems.push('callback_urls must be an array of URLs')
    else if (callbacks.length > MAX_CALLBACK_URLS) problems.push(`callback_urls may hold at most ${MAX_CALLBACK_URLS} URLs`)
    else callbacks.forEach((value: unknown, i) => checkUrl(`callback_urls[${i}]`, value, true))
  }

  if (permissions !== undefined) {
    if (!isObject(permissions)) {
      problems.push('default_permissions must be an object of permission names to read, write or admin')
    }
    else {
      for (const [key, level] of Object.entries(permissions)) {
        if (!NAME_PATTERN.test(key)) problems.push(`default_permissions has an invalid permission name ${JSON.stringify(key)}`)
        else if (typeof level !== 'string' || !PERMISSION_LEVELS.includes(level)) problems.push(`default_permissions.${key} must be read, write or admin`)
      }
    }
  }

  if (events !== undefined) {
    if (!Array.isArray(events)) {
      problems.push('default_events must be an array of event names')
    }
    else {
      for (const event of events as unknown[]) {
        if (typeof event !== 'string' || !NAME_PATTERN.test(event)) problems.push(`default_events has an invalid event ${JSON.stringify(event)}`)
      }
    }
  }
  return problems
}

function register(ctx: RouteContext, org?: string): Reply {
  const { state } = ctx
  const { manifest, problems } = readManifest(ctx)
  if (problems.length) {
    return html(422, 'Invalid GitHub App manifest', `${problems.map(escapeHtml).join('; ')}. See <a href="${MANIFEST_DOCS}">${MANIFEST_DOCS}</a>.`)
  }
  // the browser user confirms at once
  const user = state.users.browserUser()
  const owner: AppProfile['owner'] = org
    ? { login: org, type: 'Organization' }
    : user ? { login: user.login, id: user.id, type: 'User' } : { login: 'octocat', type: 'User' }
  const code = randomBytes(10).toString('hex')
  const oauthState = ctx.url.searchParams.get('state')
  state.manifestCodes.set(code, { code, manifest, owner, expiresAt: Date.now() + MANIFEST_CODE_LIFETIME_MS })
  state.manifests.push({ manifest, ...(org === undefined ? {} : { org }), ...(oauthState === null ? {} : { state: oauthState }), code })
  const target = new URL(String(manifest.redirect_url))
  target.searchParams.set('code', code)
  if (oauthState !== null) target.searchParams.set('state', oauthState)
  const location = target.toString()
  return { ...html(302, 'Redirecting', `You are being <a href="${escapeHtml(location)}">redirected</a>.`), headers: { location } }
}

function slugOf(name: string, id: number): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || `app-${id}`
}

function hexSecret(): string {
  return randomBytes(20).toString('hex')
}

export function manifestRoutes(router: Router): void {
  route(router, 'POST', '/settings/apps/new', { docs: MANIFEST_DOCS, form: true }, ctx => register(ctx))
  route(router, 'POST', '/organizations/:org/settings/apps/new', { docs: MANIFEST_DOCS, form: true }, ctx => register(ctx, ctx.params.org))
  route(router, 'POST', '/app-manifests/:code/conversions', { docs: 'https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest' }, async (ctx) => {
    const { state } = ctx
    const pending = state.manifestCodes.get(ctx.params.code ?? '')
    // single use: deleted before the key is generated so a concurrent second try fails too
    if (pending) state.manifestCodes.delete(pending.code)
    if (!pending || pending.expiresAt <= Date.now()) throw notFound()
    const { manifest } = pending
    const keys = await generateRsaKeys('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    })
    const id = Math.max(state.appId, 1_000_000) + 1
    const name = typeof manifest.name === 'string' ? manifest.name.trim() : `GitHub App ${randomBytes(3).toString('hex')}`
    const permissions: Record<string, string> = { metadata: 'read' }
    if (isObject(manifest.default_permissions)) {
      for (const [key, level] of Object.entries(manifest.default_permissions)) permissions[key] = String(level)
    }
    const events = Array.isArray(manifest.default_events) ? (manifest.default_events as unknown[]).map(String) : []
    const now = isoSeconds()
    state.app = {
      id,
      slug: slugOf(name, id),
      name,
      description: typeof manifest.description === 'string' ? manifest.description : null,
      owner: pending.owner,
      externalUrl: String(manifest.url),
      clientId: `Iv1.${randomBytes(8).toString('hex')}`,
      permissions,
      events,
      createdAt: now,
      updatedAt: now,
    }
    state.privateKey = keys.privateKey
    state.publicKey = createPublicKey(keys.publicKey)
    state.oauth.clientId = state.app.clientId
    state.oauth.clientSecret = hexSecret()
    state.webhookSecret = hexSecret()
    state.conversions++
    return {
      status: 201,
      body: {
        ...appJson(state),
        client_secret: state.oauth.clientSecret,
        webhook_secret: state.webhookSecret,
        pem: keys.privateKey,
      },
    }
  })
}
