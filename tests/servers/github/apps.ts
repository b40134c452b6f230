import { HttpError, intParam, notFound, objectBody, type Route, type RouteContext } from './http'
import { userJson } from './json'
import { APP_EVENTS, HTML_URL, INSTALLATION_PERMISSIONS, isoSeconds, randomToken, type FakeState, type Installation } from './state'

const TOKEN_TTL_MS = 60 * 60 * 1000

export function installationJson(state: FakeState, installation: Installation): Record<string, unknown> {
  const account = installation.account ?? `installation-${installation.id}`
  return {
    id: installation.id,
    client_id: `Iv1.${state.appId.toString(16).padStart(16, '0')}`,
    account: userJson(state, { login: account, type: 'Organization' }),
    repository_selection: installation.repos ? 'selected' : 'all',
    access_tokens_url: `${state.url}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${state.url}/installation/repositories`,
    html_url: `${HTML_URL}/organizations/${account}/settings/installations/${installation.id}`,
    app_id: state.appId,
    app_slug: state.appSlug,
    target_id: userJson(state, { login: account, type: 'Organization' }).id,
    target_type: 'Organization',
    permissions: INSTALLATION_PERMISSIONS,
    events: APP_EVENTS,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  }
}

function findInstallation(ctx: RouteContext): Installation {
  const installation = ctx.state.installations.get(intParam(ctx, 'installation_id'))
  if (!installation) throw notFound()
  return installation
}

export const appRoutes: Route[] = [
  {
    method: 'GET',
    path: '/app',
    docs: 'https://docs.github.com/rest/apps/apps#get-the-authenticated-app',
    handler: (ctx) => {
      const { state } = ctx
      state.requireApp(ctx)
      return {
        body: {
          id: state.appId,
          slug: state.appSlug,
          node_id: `A_kwDO${state.appId.toString(36)}`,
          client_id: `Iv1.${state.appId.toString(16).padStart(16, '0')}`,
          owner: userJson(state, { login: 'revue-org', type: 'Organization' }),
          name: 'Revue Test',
          description: 'Fake GitHub App used by the test suite',
          external_url: 'https://revue.test',
          html_url: `${HTML_URL}/apps/${state.appSlug}`,
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
          permissions: INSTALLATION_PERMISSIONS,
          events: APP_EVENTS,
          installations_count: state.installations.size,
        },
      }
    },
  },
  {
    method: 'GET',
    path: '/app/installations',
    docs: 'https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app',
    handler: (ctx) => {
      ctx.state.requireApp(ctx)
      return { body: [...ctx.state.installations.values()].map(i => installationJson(ctx.state, i)) }
    },
  },
  {
    method: 'GET',
    path: '/app/installations/:installation_id',
    docs: 'https://docs.github.com/rest/apps/apps#get-an-installation-for-the-authenticated-app',
    handler: (ctx) => {
      ctx.state.requireApp(ctx)
      return { body: installationJson(ctx.state, findInstallation(ctx)) }
    },
  },
  {
    method: 'POST',
    path: '/app/installations/:installation_id/access_tokens',
    docs: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app',
    handler: (ctx) => {
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
      ctx.state.tokens.set(token, {
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
          permissions: body.permissions ?? INSTALLATION_PERMISSIONS,
          repository_selection: installation.repos || names ? 'selected' : 'all',
        },
      }
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/installation',
    docs: 'https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app',
    handler: (ctx) => {
      ctx.state.requireApp(ctx)
      const key = `${ctx.params.owner}/${ctx.params.repo}`.toLowerCase()
      const all = [...ctx.state.installations.values()]
      const installation = all.find(i => i.repos?.has(key))
        ?? (ctx.state.knowsRepo(ctx.params.owner ?? '', ctx.params.repo ?? '') ? all.find(i => !i.repos) : undefined)
      if (!installation) throw notFound()
      return { body: installationJson(ctx.state, installation) }
    },
  },
]
