import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { consola } from 'consola'
import type { DiffFile } from './chunk'
import type { Place, PlaceFacts, PrepareInput, PrepareSummary } from './prepare'
import { runThreadCall, type ThreadCall, type ThreadResults } from './thread-calls'

/**
 * The review threads: one or two worker threads, made on first use and reused, that run a review's CPU-heavy steps
 * (prepare.ts) so the HTTP event loop keeps answering whatever a pull request holds. Each review keeps its prepared
 * diff on one thread until it ends. A thread that dies fails the calls it had (the job is retried) and is replaced.
 */

const SIZE = Math.min(2, Math.max(1, availableParallelism() - 1))

interface Slot {
  worker: Worker
  pending: Map<number, { resolve: (result: unknown) => void, reject: (error: Error) => void }>
  sessions: Set<number>
  stopped?: string
}

let _locate: (() => string) | null = null
const _slots: Slot[] = []
let _nextId = 1

/** How to find the review thread's script (null in `nuxt dev`); set by the Nitro plugin at start-up. */
export function setReviewThreadLocator(locate: (() => string) | null): void {
  _locate = locate
  if (!locate) consola.info('[review] no review thread in nuxt dev: reviews prepare their diff on the event loop\'s thread')
}

/** One review's prepared diff, wherever it lives. */
export interface ReviewThreadSession {
  prepare<T extends Record<string, string>>(input: PrepareInput<T>): Promise<PrepareSummary<T>>
  describe(places: Place[]): Promise<PlaceFacts[]>
  files(paths: string[]): Promise<DiffFile[]>
  /** Says where the diff was prepared, for the job log. */
  readonly where: string
  release(): Promise<void>
}

export function openReviewThreadSession(): ReviewThreadSession {
  const session = _nextId++
  let slot: Slot | undefined
  const call = async <K extends ThreadCall['call']>(message: ThreadCall & { call: K }): Promise<ThreadResults[K]> => {
    if (!_locate) return await runThreadCall(message) as ThreadResults[K]
    slot ??= _pickSlot(_locate)
    if (slot.stopped) throw new Error(`The review thread stopped (${slot.stopped}) while this review was using it`)
    slot.sessions.add(session)
    return await _post(slot, message) as ThreadResults[K]
  }
  return {
    prepare: async <T extends Record<string, string>>(input: PrepareInput<T>) => await call({ call: 'prepare', session, input }) as PrepareSummary<T>,
    describe: places => call({ call: 'describe', session, places }),
    files: paths => call({ call: 'files', session, paths }),
    get where() {
      return slot ? `review thread ${slot.worker.threadId}` : 'the event loop\'s thread'
    },
    release: async () => {
      // A thread that stops meanwhile has dropped the session with everything else it held.
      if (slot && !slot.stopped) await call({ call: 'release', session }).catch(() => {})
      slot?.sessions.delete(session)
      if (!_locate) await runThreadCall({ call: 'release', session })
    },
  }
}

/** Ends the review threads; called once the review workers have closed. */
export async function closeReviewThreads(): Promise<void> {
  await Promise.allSettled(_slots.splice(0).map((slot) => {
    slot.stopped = 'the server is shutting down'
    return slot.worker.terminate()
  }))
}

function _pickSlot(locate: () => string): Slot {
  if (_slots.length < SIZE) return _startSlot(locate())
  return _slots.reduce((least, slot) => (slot.sessions.size < least.sessions.size ? slot : least))
}

function _startSlot(url: string): Slot {
  const slot: Slot = { worker: new Worker(new URL(url), { name: 'revue-review' }), pending: new Map(), sessions: new Set() }
  // An idle thread must not keep the process alive at shutdown.
  slot.worker.unref()
  slot.worker.on('message', ({ id, result, error }: { id: number, result?: unknown, error?: string }) => {
    const waiting = slot.pending.get(id)
    slot.pending.delete(id)
    if (error === undefined) waiting?.resolve(result)
    else waiting?.reject(new Error(`Preparing the diff failed on review thread ${slot.worker.threadId}: ${error}`))
  })
  const stop = (reason: string) => {
    if (slot.stopped) return
    slot.stopped = reason
    const index = _slots.indexOf(slot)
    if (index !== -1) _slots.splice(index, 1)
    for (const waiting of slot.pending.values()) waiting.reject(new Error(`The review thread stopped (${reason}); the review will be retried`))
    slot.pending.clear()
    consola.error(`[review] review thread ${slot.worker.threadId} stopped: ${reason}`)
  }
  slot.worker.on('error', error => stop(error instanceof Error ? error.message : String(error)))
  slot.worker.on('exit', code => stop(`exit code ${code}`))
  _slots.push(slot)
  return slot
}

function _post(slot: Slot, message: ThreadCall): Promise<unknown> {
  const id = _nextId++
  return new Promise((resolve, reject) => {
    slot.pending.set(id, { resolve, reject })
    slot.worker.postMessage({ id, ...message })
  })
}
