import type { MaybeRefOrGetter } from 'vue'
import type { ComparisonResponse } from '#shared/schemas/api'
import type { ApiProblem } from '~/composables/useApi'

/**
 * A shadow run beside the posted review of its head (`GET /api/jobs/:id/comparison`). It exists only once the run has
 * completed, so it is fetched when `completed` turns true (the job page refreshes the job on its live events) and on
 * `refresh()`. Before that, and on the server's 409 (not completed yet), `data` stays empty without a problem.
 */
export function useShadowComparison(jobId: MaybeRefOrGetter<string>, completed: MaybeRefOrGetter<boolean>) {
  const endSession = useEndSession()
  const data = shallowRef<ComparisonResponse>()
  const problem = shallowRef<ApiProblem>()
  const loading = ref(false)
  let generation = 0

  async function refresh(): Promise<void> {
    const mine = ++generation
    if (!toValue(completed)) {
      data.value = undefined
      problem.value = undefined
      loading.value = false
      return
    }
    loading.value = true
    try {
      const result = await $fetch<ComparisonResponse>(`/api/jobs/${encodeURIComponent(toValue(jobId))}/comparison`)
      if (mine !== generation) return
      data.value = result
      problem.value = undefined
    }
    catch (error) {
      if (mine !== generation) return
      const found = describeApiError(error)
      if (found.status === 401) {
        await endSession('expired')
        return
      }
      if (found.status !== 409) problem.value = found
    }
    finally {
      if (mine === generation) loading.value = false
    }
  }

  onMounted(() => {
    void refresh()
  })
  watch(() => `${toValue(jobId)}\n${toValue(completed)}`, () => {
    data.value = undefined
    problem.value = undefined
    void refresh()
  })

  return { data, problem, loading, refresh }
}
