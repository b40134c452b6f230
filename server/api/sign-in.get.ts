/** Which sign-ins the login page offers besides GitHub's: GitLab's once NUXT_OAUTH_GITLAB_CLIENT_ID is set. */
export default defineEventHandler(() => {
  const { oauth } = useSettings()
  return { gitlab: Boolean(oauth.gitlab.clientId && oauth.gitlab.clientSecret) }
})
