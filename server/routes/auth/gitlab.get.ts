import { signInFailed, startUserSession } from '../../auth/sign-in'

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
    onSuccess(event, { user, tokens }) {
      // GitLab's tokens last two hours.
      return startUserSession(event, { login: user.username, id: user.id, name: user.name ?? null, avatarUrl: user.avatar_url ?? '', forge: 'gitlab' }, tokens)
    },
    onError: (event, error) => signInFailed(event, error, 'GitLab'),
  })(event)
})
