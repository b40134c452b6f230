/**
 * The GitHub address is runtime configuration (NUXT_GITHUB_URL, a GitHub Enterprise Server for some), so the
 * Content-Security-Policy built at build time learns it here: the setup page posts its form there, avatars load from it.
 * So does the GitLab address (NUXT_GITLAB_URL) once GitLab sign-in is on.
 */
const GRAVATAR = 'https://secure.gravatar.com'

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('nuxt-security:routeRules', (routes) => {
    const github = new URL(useSettings().github.url).origin
    const headers = routes['/**']?.headers
    const csp = headers ? headers.contentSecurityPolicy : undefined
    if (!csp || typeof csp !== 'object') return
    csp['form-action'] = _withSource(csp['form-action'], github)
    csp['img-src'] = _withSource(csp['img-src'], github)
    // With GitLab sign-in on, avatars come from the GitLab instance, or Gravatar for users who uploaded none.
    const { gitlab, oauth } = useSettings()
    if (oauth.gitlab.clientId) {
      for (const source of [new URL(gitlab.url).origin, GRAVATAR]) csp['img-src'] = _withSource(csp['img-src'], source)
    }
  })
})

function _withSource(sources: string | string[] | false | undefined, source: string): string[] {
  const list = typeof sources === 'string' ? sources.split(' ').filter(Boolean) : sources || []
  return [...list, source]
}
