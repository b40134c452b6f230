import type { Router } from 'h3'
import type { Installation } from './access-state'
import { HttpError, intParam, notFound, objectBody, orNotFound } from './http'
import { HTML_URL, isoSeconds, randomToken } from './ids'
import { userJson } from './json'
import { route, type RouteContext } from './route'
import type { FakeState } from './state'

const TOKEN_TTL_MS = 60 * 60 * 1000

export function installationJson(state: FakeState, installation: Installation): Record<string, unknown> {
  const account = installation.account ?? `installation-${installation.id}`
  return {
    id: installation.id,
    client_id: state.app.clientId,
    account: userJson(state, { login: account, type: 'Organization' }),
    repository_selection: installation.repos ? 'selected' : 'all',
    access_tokens_url: `${state.url}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${state.url}/installation/repositories`,
    html_url: `${HTML_URL}/organizations/${account}/settings/installations/${installation.id}`,
    app_id: state.appId,
    app_slug: state.appSlug,
    target_id: userJson(state, { login: account, type: 'Organization' }).id,
    target_type: 'Organization',
    permissions: state.app.permissions,
    events: state.app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  }
}

// The App as GET /app shows it; the manifest conversion adds its credentials.
export function appJson(state: FakeState): Record<string, unknown> {
  const { app } = state
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_kwDO${app.id.toString(36)}`,
    client_id: app.clientId,
    owner: userJson(state, app.owner),
    name: app.name,
    description: app.description,
    external_url: app.externalUrl,
    html_url: `${HTML_URL}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    permissions: app.permissions,
    events: app.events,
  }
}

function findInstallation(ctx: RouteContext): Installation {
  const installation = orNotFound(ctx.state.access.installations.get(intParam(ctx, 'installation_id')))
  return installation
}

export function appRoutes(router: Router): void {
  route(router, 'GET', '/app', { docs: 'https://docs.github.com/rest/apps/apps#get-the-authenticated-app' }, (ctx) => {
    const { state } = ctx
    state.requireApp(ctx)
    return { body: { ...appJson(state), installations_count: state.access.installations.size } }
  })
  route(router, 'GET', '/app/installations', { docs: 'https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app' }, (ctx) => {
    ctx.state.requireApp(ctx)
    return { body: [...ctx.state.access.installations.values()].map(i => installationJson(ctx.state, i)) }
  })
  route(router, 'GET', '/app/installations/:installation_id', { docs: 'https://docs.github.com/rest/apps/apps#get-an-installation-for-the-authenticated-app' }, (ctx) => {
    ctx.state.requireApp(ctx)
    return { body: installationJson(ctx.state, findInstallation(ctx)) }
  })
  route(router, 'POST', '/app/installations/:installation_id/access_tokens', { docs: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app' }, (ctx) => {
    ctx.state.requireApp(ctx)
    const installation = findInstallation(ctx)
    const body = objectBody(ctx)
    const names = body.repositories
    if (names !== undefined && (!Array.isArray(names) || names.some(n => typeof n !== 'string'))) {
      throw new HttpError(422, 'Invalid request.\n\nFor \'properties/repositories\', the value is not an array of strings.')
    }
    const expiresAt = Date.now() + TOKEN_TTL_MS
    const token = randomToken('ghs_')
    const account = installation.account ?? ''
    ctx.state.access.tokens.set(token, {
      token,
      installationId: installation.id,
      expiresAt,
      repos: names && new Set((names as string[]).map(n => `${account}/${n}`.toLowerCase())),
    })
    return {
      status: 201,
      body: {
        token,
        expires_at: isoSeconds(expiresAt),
        permissions: body.permissions ?? ctx.state.app.permissions,
        repository_selection: installation.repos || names ? 'selected' : 'all',
      },
    }
  })
  route(router, 'GET', '/repos/:owner/:repo/installation', { docs: 'https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app' }, (ctx) => {
    ctx.state.requireApp(ctx)
    const key = `${ctx.params.owner}/${ctx.params.repo}`.toLowerCase()
    const all = [...ctx.state.access.installations.values()]
    const installation = all.find(i => i.repos?.has(key))
      ?? (ctx.state.access.knowsRepo(ctx.params.owner ?? '', ctx.params.repo ?? '') ? all.find(i => !i.repos) : undefined)
    if (!installation) throw notFound()
    return { body: installationJson(ctx.state, installation) }
  })
}
