import type { DiffFile } from './chunk'
import { prepareDiff, type Place, type PlaceFacts, type PrepareInput, type PrepareSummary, type PreparedDiff } from './prepare'

/** A call to a review thread (or, without one, to this module on the event loop's thread), about one review's session. */
export type ThreadCall
  = | { call: 'prepare', session: number, input: PrepareInput }
    | { call: 'describe', session: number, places: Place[] }
    | { call: 'files', session: number, paths: string[] }
    | { call: 'release', session: number }

export interface ThreadResults {
  prepare: PrepareSummary
  describe: PlaceFacts[]
  files: DiffFile[]
  release: null
}

const _sessions = new Map<number, PreparedDiff>()

export async function runThreadCall(message: ThreadCall): Promise<ThreadResults[ThreadCall['call']]> {
  if (message.call === 'prepare') {
    const { summary, prepared } = await prepareDiff(message.input)
    _sessions.set(message.session, prepared)
    return summary
  }
  if (message.call === 'release') {
    _sessions.delete(message.session)
    return null
  }
  const prepared = _sessions.get(message.session)
  if (!prepared) throw new Error(`no prepared diff for session ${message.session}`)
  return message.call === 'describe' ? prepared.describe(message.places) : prepared.files(message.paths)
}
