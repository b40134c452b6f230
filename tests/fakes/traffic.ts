// What the GitHub and GitLab fakes share of the traffic a test watches: faults it injects and requests it reads back.

/** An answer the fake gives instead of the real one, `times` times (once by default), to requests that match. */
export interface Fault {
  method?: string
  path: RegExp
  status: number
  headers?: Record<string, string>
  // JSON, or a string sent as text/plain (as GitLab's rate limiter does)
  body?: unknown
  times?: number
}

export interface RecordedRequest {
  method: string
  // the path with its query, under the API root: `/repos/o/r/pulls?page=2`, `/projects/12/merge_requests/3`
  path: string
  status: number
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  // the JSON body of the answer, where the fake records it (the GitHub fake does)
  response?: unknown
}
