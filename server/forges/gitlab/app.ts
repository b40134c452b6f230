import { createGitLabClient, type GitLabApi } from './client'
import type { GitLabIdentity } from './identity'

let _api: GitLabApi | undefined
let _identity: Promise<GitLabIdentity> | undefined

/** The GitLab client for NUXT_GITLAB_URL with Revue's token (NUXT_GITLAB_TOKEN), made once. */
export function useGitLab(): GitLabApi {
  const { gitlab } = useSettings()
  _api ??= createGitLabClient(gitlab.url, { token: requireSetting(gitlab.token, 'NUXT_GITLAB_TOKEN') })
  return _api
}

/** Revue on GitLab: the user its token belongs to (GET /user), asked once; its notes and events are Revue's own. */
export function gitlabIdentity(): Promise<GitLabIdentity> {
  _identity ??= useGitLab().Users.showCurrentUser()
    .then(user => ({ userId: user.id, username: user.username }))
    .catch((error: Error) => {
      _identity = undefined
      throw createError({ statusCode: 503, message: `Cannot ask GitLab who Revue is (${error.message}): check NUXT_GITLAB_URL and NUXT_GITLAB_TOKEN` })
    })
  return _identity
}
