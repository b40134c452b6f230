import type { SkippedFile } from '#shared/schemas/job'
import type { Finding } from '#shared/schemas/review'
import { chunkDiff, type Chunk, type DiffFile } from './chunk'
import { commentableLines, parsePatch } from './diff'
import type { ChangedFile } from '../forges/forge'
import { partitionFiles, type FileRules } from './filter'
import { findingKeys } from './memory'
import { isFresh, restrictToFresh, scopeFrom, type ReviewScope, type ScopeBasis } from './scope'
import { redactForModel, type SecretHit } from './secrets'

/**
 * The CPU-heavy steps of a review (parse, filter, scope, redact, chunk, and later place), which run on a review thread
 * (review-threads.ts). Only plain data crosses: the changed files and settings in, chunk texts and small summaries out.
 * The parsed diff stays where it was made (copying it back would cost the event loop more than parsing it), and the
 * review asks about the few lines its findings point at.
 */

export interface PrepareInput<T extends Record<string, string> = Record<string, string>> {
  files: ChangedFile[]
  rules: FileRules
  basis: ScopeBasis
  /** Texts sent to the model with the diff (title, description…), redacted with it. */
  texts: T
  /** Diff tokens per model call (chunk.ts). */
  budget: number
}

export interface PrepareSummary<T extends Record<string, string> = Record<string, string>> {
  reviewable: number
  skipped: SkippedFile[]
  workflows: string[]
  scope: { mode: 'full' } | { mode: 'incremental', since: string, forced: boolean }
  /** Files of the diff shown to the model (fewer than `reviewable` in an incremental review). */
  shown: number
  chunks: Chunk[]
  texts: T
  hits: SecretHit[]
  textKinds: string[]
  cutLines: number
}

/** A line a finding (or an earlier comment) points at. */
export type Place = Pick<Finding, 'path' | 'side' | 'line'>

/** What the review needs to know about a place: its memory key, whether it changed since the last review, whether GitHub takes a comment on it. */
export interface PlaceFacts {
  key: string
  fresh: boolean
  inDiff: boolean
}

/** The prepared diff of one review, kept until the review ends. */
export class PreparedDiff {
  private _key?: (place: Place) => string
  private _lines?: Map<string, ReturnType<typeof commentableLines>>

  constructor(private readonly diff: DiffFile[], private readonly redacted: DiffFile[], private readonly scope: ReviewScope) {}

  describe(places: Place[]): PlaceFacts[] {
    this._key ??= findingKeys(this.diff)
    this._lines ??= new Map(this.diff.map(file => [file.path, commentableLines(file.hunks)]))
    return places.map(place => ({
      key: this._key!(place),
      fresh: this.scope.mode === 'full' || isFresh(this.scope.fresh, place),
      inDiff: !!this._lines!.get(place.path)?.[place.side].has(place.line),
    }))
  }

  /** The redacted files at these paths, as the model saw them. */
  files(paths: string[]): DiffFile[] {
    const wanted = new Set(paths)
    return this.redacted.filter(file => wanted.has(file.path))
  }
}

export async function prepareDiff<T extends Record<string, string>>(input: PrepareInput<T>): Promise<{ summary: PrepareSummary<T>, prepared: PreparedDiff }> {
  const { reviewable, skipped, workflows } = partitionFiles(input.files, input.rules)
  const diff = reviewable.map(file => ({ path: file.filename, status: file.status, hunks: parsePatch(file.patch) }))
  const scope = scopeFrom(input.basis, input.files)
  const shown = scope.mode === 'incremental' ? restrictToFresh(diff, scope.fresh) : diff
  const { files: redacted, texts, hits, textKinds, cutLines } = await redactForModel(shown, input.texts)
  const chunks = chunkDiff(redacted, input.budget)
  return {
    summary: {
      reviewable: reviewable.length,
      skipped,
      workflows,
      scope: scope.mode === 'full' ? scope : { mode: 'incremental', since: scope.since, forced: scope.forced },
      shown: shown.length,
      chunks,
      texts,
      hits,
      textKinds,
      cutLines,
    },
    prepared: new PreparedDiff(diff, redacted, scope),
  }
}
