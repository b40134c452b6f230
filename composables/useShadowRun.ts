import type { MaybeRefOrGetter } from 'vue'
import type { ShadowRequest, ShadowResponse } from '#shared/schemas/api'
import type { ApiProblem } from '~/composables/useApi'

/**
 * Starts a shadow run of a pull request's head (`POST /api/repos/:owner/:repo/pulls/:number/shadow`): resolves to the
 * new job's id, or to undefined with `problem` holding the server's reason (a model it does not allow, an invalid
 * configuration, no push access, the daily cap and when it resets). A 401 ends the session.
 */
export function useShadowRun(repo: MaybeRefOrGetter<string>) {
  const post = useApiPost()
  const busy = ref(false)
  const problem = shallowRef<ApiProblem>()

  async function start(prNumber: number, request: ShadowRequest): Promise<string | undefined> {
    if (busy.value) return undefined
    busy.value = true
    problem.value = undefined
    try {
      const { job } = await post<ShadowResponse>(`/api${repoPath(toValue(repo))}/pulls/${prNumber}/shadow`, request)
      return job
    }
    catch (error) {
      // A 401 has already ended the session.
      if ((error as ApiProblem).status !== 401) problem.value = error as ApiProblem
      return undefined
    }
    finally {
      busy.value = false
    }
  }

  return { start, busy: readonly(busy), problem: readonly(problem) }
}
