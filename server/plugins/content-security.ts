/**
 * The GitHub address is runtime configuration (NUXT_GITHUB_URL, a GitHub Enterprise Server for some), so the
 * Content-Security-Policy built at build time learns it here: the setup page posts its form there, avatars load from it.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('nuxt-security:routeRules', (routes) => {
    const github = new URL(useSettings().github.url).origin
    const headers = routes['/**']?.headers
    const csp = headers ? headers.contentSecurityPolicy : undefined
    if (!csp || typeof csp !== 'object') return
    csp['form-action'] = _withSource(csp['form-action'], github)
    csp['img-src'] = _withSource(csp['img-src'], github)
  })
})

function _withSource(sources: string | string[] | false | undefined, source: string): string[] {
  const list = typeof sources === 'string' ? sources.split(' ').filter(Boolean) : sources || []
  return [...list, source]
}
