import { z } from 'zod'
import { CommandOutcomeSchema, LogLineSchema, ReviewOutcomeSchema } from './job'

/** A repository the signed-in user can read, among those the App is installed on. */
export const RepoSchema = z.object({
  fullName: z.string(),
  owner: z.string(),
  name: z.string(),
  private: z.boolean(),
  permission: z.enum(['read', 'push', 'admin']),
  installationId: z.number(),
})
export type Repo = z.infer<typeof RepoSchema>

/** `GET /api/repos` */
export const ReposResponseSchema = z.object({
  repos: z.array(RepoSchema),
  /** Where to install the App on more repositories. */
  installUrl: z.string(),
  /** True while reviews wait for a model API key; told only to admins of a listed repository. */
  modelKeyMissing: z.boolean(),
})
export type ReposResponse = z.infer<typeof ReposResponseSchema>

export const JobStateSchema = z.enum(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children', 'unknown'])
export type JobState = z.infer<typeof JobStateSchema>

/**
 * Why a `delayed` job waits: for more pushes before its review starts (`debounce`), to try again after a failed
 * attempt (`retry`, with the failure), or because the circuit breaker paused its installation (`paused`, until when,
 * epoch milliseconds).
 */
export const JobDelaySchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('debounce') }),
  z.object({ reason: z.literal('retry'), failure: z.string() }),
  z.object({ reason: z.literal('paused'), until: z.number() }),
])
export type JobDelay = z.infer<typeof JobDelaySchema>

/**
 * One job as the jobs view lists it: a review (`outcome` once completed) or a `/revue` command (`commandOutcome`).
 * Times are epoch milliseconds.
 */
export const JobSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['review', 'command']),
  /** A shadow run: a review that posts nothing, to compare with the posted one. */
  shadow: z.boolean().optional(),
  repo: z.string(),
  prNumber: z.number(),
  title: z.string(),
  /** The commit a review is for; a command acts on whatever the head is when it runs. */
  headSha: z.string().optional(),
  trigger: z.string(),
  state: JobStateSchema,
  /** Set while the job is `delayed`: why it waits. */
  delay: JobDelaySchema.optional(),
  /** Attempts finished (failed, or the one that completed). */
  attemptsMade: z.number(),
  /** The attempt running (1 for the first) while `active`; otherwise the last one run, 0 before the first. */
  attempt: z.number(),
  maxAttempts: z.number(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  /** finishedAt - startedAt, when both are known. */
  durationMs: z.number().optional(),
  outcome: ReviewOutcomeSchema.optional(),
  commandOutcome: CommandOutcomeSchema.optional(),
  failedReason: z.string().optional(),
})
export type JobSummary = z.infer<typeof JobSummarySchema>

/** `GET /api/repos/:owner/:repo/jobs`: newest first. `canWrite`: the user may retry and re-run (push access). */
export const JobsResponseSchema = z.object({
  jobs: z.array(JobSummarySchema),
  canWrite: z.boolean(),
})
export type JobsResponse = z.infer<typeof JobsResponseSchema>

/** A log line with the id of its entry in the job's stream (also the SSE event id). */
export const JobLogLineSchema = LogLineSchema.extend({ id: z.string() })
export type JobLogLine = z.infer<typeof JobLogLineSchema>

/** `GET /api/jobs/:id` (the id URL-encoded): the job, its log so far, and whether the user may act on it. */
export const JobDetailResponseSchema = z.object({
  job: JobSummarySchema,
  logs: z.array(JobLogLineSchema),
  canWrite: z.boolean(),
})
export type JobDetailResponse = z.infer<typeof JobDetailResponseSchema>

/**
 * `GET /api/jobs/stream?repo=owner/name[&job=<id>]`, Server-Sent Events:
 * - `event: log`, `id: <stream id>`, data: JobLogLine — every log line of the repository's jobs (of one job with `job=`);
 *   with `job=`, a reconnect's Last-Event-ID replays the lines missed.
 * - `event: job`, data: JobEvent — a job of the repository changed state (a `delayed` one says why); refetch the list
 *   or the job.
 * - `event: end`, data: StreamEnd — the last event: access or the session is gone; do not reconnect.
 * - `: ping` comments every 15 s.
 */
export const JobEventSchema = z.object({
  jobId: z.string(),
  state: JobStateSchema,
  /** With `delayed`: why the job waits. */
  delay: JobDelaySchema.optional(),
})
export type JobEvent = z.infer<typeof JobEventSchema>

/** `POST /api/repos/:owner/:repo/pulls/:number/shadow`: another model and/or a draft `.github/revue.yml`. */
export const ShadowRequestSchema = z.object({
  /** `provider:model` (or a Gemini name), among the models the server allows. */
  model: z.string().trim().min(1).max(200).optional(),
  /** A draft configuration, in place of the one on the default branch. */
  config: z.string().max(65_536).optional(),
})
export type ShadowRequest = z.infer<typeof ShadowRequestSchema>

/** The shadow run's answer: 202 with its job id. */
export const ShadowResponseSchema = z.object({ job: z.string() })
export type ShadowResponse = z.infer<typeof ShadowResponseSchema>

/** One side of a comparison: a review job's model and what it cost. */
export const ComparedReviewSchema = z.object({
  jobId: z.string(),
  model: z.string().optional(),
  provider: z.string().optional(),
  tokens: z.object({ input: z.number(), output: z.number() }),
  costUsd: z.number().optional(),
  durationMs: z.number().optional(),
  reviewUrl: z.string().optional(),
  findings: z.number(),
})
export type ComparedReview = z.infer<typeof ComparedReviewSchema>

const ComparedFindingSideSchema = z.object({ severity: z.string(), body: z.string() })

/** Findings matched by place (path, side, line): found by both, only by the posted review, or only by the shadow run. */
export const ComparedFindingSchema = z.object({
  path: z.string(),
  side: z.enum(['LEFT', 'RIGHT']),
  line: z.number(),
  match: z.enum(['both', 'posted', 'shadow']),
  posted: ComparedFindingSideSchema.optional(),
  shadow: ComparedFindingSideSchema.optional(),
})
export type ComparedFinding = z.infer<typeof ComparedFindingSchema>

/**
 * `GET /api/jobs/:id/comparison` for a completed shadow run: it beside the posted review of the same head (null when
 * there is none yet), and their findings matched by place.
 */
export const ComparisonResponseSchema = z.object({
  shadow: ComparedReviewSchema,
  posted: ComparedReviewSchema.nullable(),
  findings: z.array(ComparedFindingSchema),
  counts: z.object({ both: z.number(), posted: z.number(), shadow: z.number() }),
})
export type ComparisonResponse = z.infer<typeof ComparisonResponseSchema>

/** `POST /api/jobs/:id/retry` and `POST /api/repos/:owner/:repo/pulls/:number/review` answer with the job id. */
export const QueuedResponseSchema = z.object({ queued: z.string() })
export type QueuedResponse = z.infer<typeof QueuedResponseSchema>

/**
 * The live stream's last event (`event: end`): the server closed it for good. `access`: the user can no longer read
 * the repository; `signed-out`, `expired`, `token-refused`: the session is over.
 */
export const StreamEndSchema = z.object({
  reason: z.enum(['access', 'signed-out', 'expired', 'token-refused']),
  message: z.string(),
})
export type StreamEnd = z.infer<typeof StreamEndSchema>
