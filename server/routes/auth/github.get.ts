import { consola } from 'consola'
import { appSettings } from '../../auth/app-credentials'
import { newSessionId } from '../../auth/sessions'

/**
 * Sign-in with the GitHub App's OAuth: the user's tokens stay in the sealed cookie's server-only `secure` part.
 * The handler is made per request with the settings in force, which the setup page may have just stored.
 */
export default defineEventHandler((event) => {
  const { github } = useSettings()
  const { clientId, clientSecret } = appSettings()
  return defineOAuthGitHubEventHandler({
    config: {
      clientId,
      clientSecret,
      authorizationURL: `${github.url}/login/oauth/authorize`,
      tokenURL: `${github.url}/login/oauth/access_token`,
      apiURL: github.apiUrl,
    },
    async onSuccess(event, { user, tokens: granted }) {
      // GitHub App user tokens also carry a refresh token and a lifetime (nuxt-auth-utils types only the access token).
      const tokens = granted as typeof granted & { refresh_token?: string, expires_in?: number }
      await setUserSession(event, {
        user: { login: user.login, id: user.id, name: user.name ?? null, avatarUrl: user.avatar_url },
        // Tokens without expiry (the App has "user-to-server token expiration" off) are never refreshed.
        secure: {
          sessionId: newSessionId(),
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token ?? '',
          expiresAt: tokens.expires_in ? Date.now() + Number(tokens.expires_in) * 1000 : Number.MAX_SAFE_INTEGER,
        },
        loggedInAt: Date.now(),
      })
      return sendRedirect(event, '/')
    },
    onError(event, error) {
      // The page shows a fixed text per code; what GitHub said goes to the log only.
      consola.warn(`[auth] sign-in with GitHub failed: ${error.message}`)
      const denied = (error.data as { error?: unknown } | undefined)?.error === 'access_denied'
      return sendRedirect(event, `/login?error=${denied ? 'access-denied' : 'sign-in-failed'}`)
    },
  })(event)
})
