import { appSettings } from '../../auth/app-credentials'
import { signInFailed, startUserSession } from '../../auth/sign-in'

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
    onSuccess(event, { user, tokens }) {
      return startUserSession(event, { login: user.login, id: user.id, name: user.name ?? null, avatarUrl: user.avatar_url }, tokens)
    },
    onError: (event, error) => signInFailed(event, error, 'GitHub'),
  })(event)
})
