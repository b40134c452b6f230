import type { MaybeRefOrGetter } from 'vue'
import type { ComparisonResponse } from '#shared/schemas/api'

/**
 * A shadow run beside the posted review of its head (`GET /api/jobs/:id/comparison`). It exists only once the run has
 * completed, so it is fetched when `completed` turns true (the job page refreshes the job on its live events) and on
 * `refresh()`; the server's 409 (not completed yet) leaves it empty without a problem.
 */
export function useShadowComparison(jobId: MaybeRefOrGetter<string>, completed: MaybeRefOrGetter<boolean>) {
  return useApiResource<ComparisonResponse>(
    () => toValue(completed) ? `/api/jobs/${encodeURIComponent(toValue(jobId))}/comparison` : null,
    { notYet: [409] },
  )
}
