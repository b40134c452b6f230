import type { MaybeRefOrGetter } from 'vue'
import { JobEventSchema, JobLogLineSchema, StreamEndSchema } from '#shared/schemas/api'
import type { JobEvent, JobLogLine, StreamEnd } from '#shared/schemas/api'
import type { ApiProblem } from '~/composables/useApi'

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface JobStreamOptions {
  /** `owner/name` */
  repo: MaybeRefOrGetter<string>
  /** Only this job's log lines (a reconnect then replays the lines missed). */
  job?: MaybeRefOrGetter<string | undefined>
  onLog?: (line: JobLogLine) => void
  onJob?: (event: JobEvent) => void
  /** The stream opened; `reconnected` when it had been open before (events may have been missed meanwhile). */
  onOpen?: (reconnected: boolean) => void
  /**
   * The page's API resource: its 403 or 404 stops the stream (no access, or nothing there: nothing to listen to either),
   * and `reconnect()` refreshes it too.
   */
  resource?: { problem: MaybeRefOrGetter<ApiProblem | undefined>, refresh: () => Promise<void> }
}

function readJson(event: Event): unknown {
  if (!(event instanceof MessageEvent) || typeof event.data !== 'string') return undefined
  try {
    return JSON.parse(event.data)
  }
  catch {
    return undefined
  }
}

/**
 * The live Server-Sent Events stream of a repository's jobs (`GET /api/jobs/stream`), opened in the browser only.
 * The browser reconnects by itself (sending Last-Event-ID); a stream the server refused (CLOSED), or one the
 * resource's 403 or 404 stopped, stays closed until `reconnect()`. A stream the server ended for good (`end`: access
 * or the session is gone) is not reopened: `ended` says why, a lost access refreshes the resource (which then shows its
 * 403), and an ended session leads to /login.
 */
export function useJobStream(options: JobStreamOptions) {
  const status = ref<StreamStatus>('connecting')
  const ended = shallowRef<StreamEnd>()
  const endSession = useEndSession()
  let source: EventSource | undefined
  let mounted = false

  function close(): void {
    source?.close()
    source = undefined
  }

  function open(): void {
    close()
    ended.value = undefined
    const repo = toValue(options.repo)
    if (!repo) {
      status.value = 'closed'
      return
    }
    const params = new URLSearchParams({ repo })
    const job = toValue(options.job)
    if (job) params.set('job', job)

    const es = new EventSource(`/api/jobs/stream?${params.toString()}`)
    source = es
    status.value = 'connecting'
    let wasOpen = false

    es.addEventListener('open', () => {
      if (source !== es) return
      status.value = 'open'
      options.onOpen?.(wasOpen)
      wasOpen = true
    })
    es.addEventListener('error', () => {
      if (source !== es) return
      if (es.readyState === EventSource.CLOSED) {
        status.value = 'closed'
        close()
      }
      else {
        status.value = 'reconnecting'
      }
    })
    /** An event proves the stream open, even where the server sent its headers only with the first one. */
    const received = (): boolean => {
      if (source !== es) return false
      if (status.value !== 'open') status.value = 'open'
      return true
    }
    es.addEventListener('log', (event) => {
      if (!received()) return
      const line = JobLogLineSchema.safeParse(readJson(event))
      if (line.success) options.onLog?.(line.data)
    })
    es.addEventListener('job', (event) => {
      if (!received()) return
      const change = JobEventSchema.safeParse(readJson(event))
      if (change.success) options.onJob?.(change.data)
    })
    es.addEventListener('end', (event) => {
      if (source !== es) return
      const end = StreamEndSchema.safeParse(readJson(event))
      stop()
      ended.value = end.success ? end.data : { reason: 'access', message: 'The server ended the live stream' }
      if (ended.value.reason === 'access') void options.resource?.refresh()
      else void endSession(ended.value.reason === 'signed-out' ? 'signed-out' : 'expired')
    })
  }

  /** Stops listening: the status says 'closed' until `reconnect()`. */
  function stop(): void {
    close()
    status.value = 'closed'
  }

  function reconnect(): void {
    open()
    void options.resource?.refresh()
  }

  watch(() => `${toValue(options.repo)}\n${toValue(options.job) ?? ''}`, () => {
    if (mounted) open()
  })
  watch(() => toValue(options.resource?.problem), (found) => {
    if (found?.status === 403 || found?.status === 404) stop()
  })
  onMounted(() => {
    mounted = true
    open()
  })
  onBeforeUnmount(() => {
    mounted = false
    stop()
  })

  return { status: readonly(status), ended: readonly(ended), reconnect }
}
