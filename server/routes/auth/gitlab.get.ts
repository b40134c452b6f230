import { consola } from 'consola'
import { newSessionId } from '../../auth/sessions'

/**
 * Sign-in with an OAuth application on NUXT_GITLAB_URL (which may carry a path prefix): the user's tokens stay in the
 * sealed cookie's server-only `secure` part, and every repository key they ask for must be a `gitlab/` one.
 */
export default defineEventHandler((event) => {
  const { gitlab, oauth } = useSettings()
  return defineOAuthGitLabEventHandler({
    config: {
      clientId: oauth.gitlab.clientId,
      clientSecret: oauth.gitlab.clientSecret,
      baseURL: gitlab.url.replace(/\/+$/, ''),
      // read_api: the projects and permissions the dashboard checks; read_user: who signed in.
      scope: ['read_api', 'read_user'],
    },
    async onSuccess(event, { user, tokens }) {
      await setUserSession(event, {
        user: { login: user.username, id: user.id, name: user.name ?? null, avatarUrl: user.avatar_url ?? '', forge: 'gitlab' },
        secure: {
          sessionId: newSessionId(),
          forge: 'gitlab',
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token ?? '',
          // GitLab's tokens last two hours; one without a lifetime is never refreshed.
          expiresAt: tokens.expires_in ? Date.now() + Number(tokens.expires_in) * 1000 : Number.MAX_SAFE_INTEGER,
        },
        loggedInAt: Date.now(),
      })
      return sendRedirect(event, '/')
    },
    onError(event, error) {
      consola.warn(`[auth] sign-in with GitLab failed: ${error.message}`)
      const denied = (error.data as { error?: unknown } | undefined)?.error === 'access_denied'
      return sendRedirect(event, `/login?error=${denied ? 'access-denied' : 'sign-in-failed'}`)
    },
  })(event)
})
