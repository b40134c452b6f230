import type { MaybeRefOrGetter } from 'vue'
import type { QueuedResponse } from '#shared/schemas/api'

/** Retry a failed job and re-run a pull request's review, with a toast either way. */
export function useJobActions(options: { repo: MaybeRefOrGetter<string>, onQueued?: (jobId: string) => void }) {
  const toast = useToast()
  const post = useApiPost()
  const busy = ref(new Set<string>())

  function isBusy(key: string): boolean {
    return busy.value.has(key)
  }

  async function run(key: string, url: string, done: { title: string, description: string }, failed: string): Promise<void> {
    if (busy.value.has(key)) return
    busy.value.add(key)
    try {
      const { queued } = await post<QueuedResponse>(url)
      toast.add({
        title: done.title,
        description: done.description,
        color: 'success',
        icon: 'i-lucide-circle-check',
        actions: [{ label: 'Watch it', color: 'neutral', variant: 'outline', to: jobPath(toValue(options.repo), queued) }],
      })
      options.onQueued?.(queued)
    }
    catch (error) {
      const problem = isApiProblem(error) ? error : describeApiError(error)
      if (problem.status === 401) return
      toast.add({ title: failed, description: problem.message, color: 'error', icon: 'i-lucide-circle-alert' })
    }
    finally {
      busy.value.delete(key)
    }
  }

  function retry(job: { id: string, prNumber: number }): Promise<void> {
    return run(
      `retry:${job.id}`,
      `/api/jobs/${encodeURIComponent(job.id)}/retry`,
      { title: 'Retry queued', description: `The review of #${job.prNumber} will run again.` },
      'Could not retry the review',
    )
  }

  function rerun(prNumber: number): Promise<void> {
    return run(
      `rerun:${prNumber}`,
      `${repoPath(toValue(options.repo)).replace(/^\/repos/, '/api/repos')}/pulls/${prNumber}/review`,
      { title: 'Review queued', description: `#${prNumber} will be reviewed again.` },
      'Could not re-run the review',
    )
  }

  return { retry, rerun, isBusy }
}
