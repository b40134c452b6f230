// The request bodies of POST and PATCH /repos/{owner}/{repo}/check-runs, checked as GitHub checks them.
import { HttpError, invalid, missing, oneOf, requireObject, validationFailed } from './http'
import type { StoredCheckAnnotation, StoredCheckRun } from './types'

export const CHECK_STATUSES = ['queued', 'in_progress', 'completed']
// `stale` is GitHub's to set
const CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out']
const LEVELS = ['notice', 'warning', 'failure']
const MAX_ANNOTATIONS = 50
const MAX_TEXT = 65_535

export interface CheckRunInput {
  name?: string
  head_sha?: string
  status?: StoredCheckRun['status']
  conclusion?: string
  started_at?: string
  completed_at?: string
  details_url?: string
  external_id?: string
  output?: { title?: string, summary?: string, text?: string, annotations: StoredCheckAnnotation[] }
}

function optionalString(body: Record<string, unknown>, key: string, property = key): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(property, value, 'is not a string')
  return value
}

function optionalDate(body: Record<string, unknown>, key: string): string | undefined {
  const value = optionalString(body, key)
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw invalid(key, value, 'is not a valid date-time')
  return value
}

// Over 65535 characters fails the schema; within it, more than 65535 bytes fails the model.
function limitedText(output: Record<string, unknown>, key: 'summary' | 'text' | 'title'): string | undefined {
  const value = optionalString(output, key, `output/${key}`)
  if (value === undefined || key === 'title') return value
  if (value.length > MAX_TEXT) throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_TEXT} characters are allowed; ${value.length} were supplied.`)
  if (Buffer.byteLength(value) > MAX_TEXT) throw validationFailed({ resource: 'CheckRun', code: 'custom', field: key, message: `${key} exceeds a maximum bytesize of ${MAX_TEXT}` })
  return value
}

function annotation(raw: unknown, index: number): StoredCheckAnnotation {
  const at = `output/annotations/${index}`
  const a = requireObject(raw, at)
  for (const key of ['path', 'start_line', 'end_line', 'annotation_level', 'message']) {
    if (a[key] === undefined) throw missing(key)
  }
  for (const key of ['start_line', 'end_line', 'start_column', 'end_column']) {
    if (a[key] !== undefined && !Number.isInteger(a[key])) throw invalid(`${at}/${key}`, a[key], 'is not an integer')
  }
  if (!LEVELS.includes(a.annotation_level as string)) throw invalid(`${at}/annotation_level`, a.annotation_level, oneOf(LEVELS))
  const stored: StoredCheckAnnotation = {
    path: optionalString(a, 'path', `${at}/path`) ?? '',
    start_line: a.start_line as number,
    end_line: a.end_line as number,
    annotation_level: a.annotation_level as StoredCheckAnnotation['annotation_level'],
    message: optionalString(a, 'message', `${at}/message`) ?? '',
  }
  if (a.start_column !== undefined) stored.start_column = a.start_column as number
  if (a.end_column !== undefined) stored.end_column = a.end_column as number
  const title = optionalString(a, 'title', `${at}/title`)
  if (title !== undefined) stored.title = title
  const details = optionalString(a, 'raw_details', `${at}/raw_details`)
  if (details !== undefined) stored.raw_details = details
  return stored
}

function readOutput(raw: unknown, creating: boolean): CheckRunInput['output'] {
  if (raw === undefined) return undefined
  const output = requireObject(raw, 'output')
  // creating needs a title and a summary, updating a summary
  for (const key of creating ? ['title', 'summary'] : ['summary']) {
    if (output[key] === undefined) throw missing(key)
  }
  const annotations = output.annotations ?? []
  if (!Array.isArray(annotations)) throw invalid('output/annotations', annotations, 'is not an array')
  if (annotations.length > MAX_ANNOTATIONS) throw new HttpError(422, `Invalid request.\n\nNo more than ${MAX_ANNOTATIONS} items are allowed; ${annotations.length} were supplied.`)
  return {
    title: limitedText(output, 'title'),
    summary: limitedText(output, 'summary'),
    text: limitedText(output, 'text'),
    annotations: annotations.map(annotation),
  }
}

// `conclusion` is required with status completed or completed_at unless the run already has one.
export function readCheckRun(body: Record<string, unknown>, creating: boolean, hasConclusion = false): CheckRunInput {
  if (creating) {
    for (const key of ['name', 'head_sha']) {
      if (body[key] === undefined) throw missing(key)
    }
  }
  const status = body.status
  if (status !== undefined && !CHECK_STATUSES.includes(status as string)) throw invalid('status', status, oneOf(CHECK_STATUSES))
  const conclusion = body.conclusion
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion as string)) throw invalid('conclusion', conclusion, oneOf(CONCLUSIONS))
  const input: CheckRunInput = {
    name: optionalString(body, 'name'),
    head_sha: optionalString(body, 'head_sha'),
    status: status as CheckRunInput['status'],
    conclusion: conclusion as string | undefined,
    started_at: optionalDate(body, 'started_at'),
    completed_at: optionalDate(body, 'completed_at'),
    details_url: optionalString(body, 'details_url'),
    external_id: optionalString(body, 'external_id'),
    output: readOutput(body.output, creating),
  }
  if ((input.status === 'completed' || input.completed_at) && !input.conclusion && !hasConclusion) throw missing('conclusion')
  return input
}
