import type { MaybeRefOrGetter } from 'vue'

/** What went wrong with an API call, ready to show: the HTTP status (none when the server was not reached) and a message. */
export interface ApiProblem {
  status?: number
  message: string
}

export function isApiProblem(value: unknown): value is ApiProblem {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as ApiProblem).message === 'string'
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined
}

/** Reads the status and the message (`message`, then `statusMessage` of the JSON body) of a `$fetch` error. */
export function describeApiError(error: unknown): ApiProblem {
  const body = field(error, 'data')
  const rawStatus = field(error, 'statusCode') ?? field(error, 'status') ?? field(body, 'statusCode')
  const status = typeof rawStatus === 'number' && rawStatus > 0 ? rawStatus : undefined
  const message = nonEmpty(field(body, 'message'))
    ?? nonEmpty(field(body, 'statusMessage'))
    ?? nonEmpty(field(error, 'statusMessage'))
    ?? (status ? `The request failed (HTTP ${status}).` : 'Could not reach Revue. Check your connection and try again.')
  return { status, message }
}

export type SignedOutReason = 'signed-out' | 'expired'

/** Why the user landed on /login, shown there once. */
export const useSignedOutReason = () => useState<SignedOutReason | null>('revue:signed-out', () => null)

/** Clears the session (DELETE /api/_auth/session) and goes to /login. */
export function useEndSession() {
  const { clear } = useUserSession()
  const reason = useSignedOutReason()
  return async (why: SignedOutReason) => {
    reason.value = why
    try {
      await clear()
    }
    catch {
      // The session may already be gone on the server: /login is where we go either way.
    }
    await navigateTo('/login')
  }
}

/** `POST` to the API (with a JSON body if given); a 401 ends the session, any other failure is thrown as an `ApiProblem`. */
export function useApiPost() {
  const endSession = useEndSession()
  return async <T>(url: string, body?: Record<string, unknown>): Promise<T> => {
    try {
      return await $fetch<T>(url, { method: 'POST', ...(body ? { body } : {}) })
    }
    catch (error) {
      const problem = describeApiError(error)
      if (problem.status === 401) await endSession('expired')
      throw problem
    }
  }
}

/**
 * A JSON resource fetched on the client (after mount, and again when the URL changes); a null URL means there is
 * nothing to fetch yet. `problem`: it could not be loaded at all. `refreshProblem`: a later refresh failed and `data`
 * is what was last loaded. A 401 ends the session; a 403 or 404 drops the data (access was revoked, or the thing is
 * gone); a status in `notYet` (the server's "ask again later") leaves it empty without a problem.
 */
export function useApiResource<T>(url: MaybeRefOrGetter<string | null>, options: { notYet?: number[] } = {}) {
  const endSession = useEndSession()
  const data = shallowRef<T>()
  const problem = shallowRef<ApiProblem>()
  const refreshProblem = shallowRef<ApiProblem>()
  const loading = ref(true)
  let generation = 0

  async function refresh(): Promise<void> {
    const mine = ++generation
    const target = toValue(url)
    if (target === null) {
      loading.value = false
      return
    }
    if (problem.value) loading.value = true
    try {
      const result = await $fetch<T>(target)
      if (mine !== generation) return
      data.value = result
      problem.value = undefined
      refreshProblem.value = undefined
    }
    catch (error) {
      if (mine !== generation) return
      const found = describeApiError(error)
      if (found.status === 401) {
        await endSession('expired')
        return
      }
      if (found.status !== undefined && options.notYet?.includes(found.status)) return
      if (data.value === undefined || found.status === 403 || found.status === 404) {
        data.value = undefined
        problem.value = found
      }
      else {
        refreshProblem.value = found
      }
    }
    finally {
      if (mine === generation) loading.value = false
    }
  }

  onMounted(() => {
    void refresh()
  })
  watch(() => toValue(url), () => {
    data.value = undefined
    problem.value = undefined
    refreshProblem.value = undefined
    loading.value = true
    void refresh()
  })

  return { data, problem, refreshProblem, loading, refresh }
}
