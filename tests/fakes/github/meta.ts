import type { Router } from 'h3'
import { route } from './route'

export function metaRoutes(router: Router): void {
  route(router, 'GET', '/rate_limit', { docs: 'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user' }, (ctx) => {
    const core = ctx.state.consumeRate(ctx.headers, false)
    const reset = core.reset
    const fresh = (limit: number) => ({ limit, used: 0, remaining: limit, reset })
    return {
      body: {
        resources: {
          core: { ...core, resource: 'core' },
          search: { ...fresh(30), resource: 'search' },
          graphql: { ...fresh(5000), resource: 'graphql' },
          integration_manifest: { ...fresh(5000), resource: 'integration_manifest' },
          code_search: { ...fresh(10), resource: 'code_search' },
        },
        rate: { ...core, resource: 'core' },
      },
    }
  })
}
