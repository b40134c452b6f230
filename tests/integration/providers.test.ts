import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CommandJobData, CommandOutcome } from '../../shared/schemas/job'
import { Queue } from 'bullmq'
import { startAnthropicServer } from '../fakes/anthropic/server'
import type { GeminiHandler, GeminiReply, GeminiRequest } from '../fakes/gemini/script'
import { startOpenAIServer } from '../fakes/openai/server'
import { makePatch } from '../fakes/github/server'
import { issueCommentPayload, pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

// The whole review path, and a command, against every provider's local server, driven by its official SDK. The three
// fakes take the same scripted replies (the Gemini fake's shapes), so one reviewer answers for all of them.
interface ModelFake {
  url: string
  apiKey: string
  requests: Array<Pick<GeminiRequest, 'model' | 'method' | 'prompt' | 'system'>>
  setHandler: (handler: (request: GeminiRequest) => GeminiReply) => void
  queue: (...replies: GeminiReply[]) => void
  close: () => Promise<void>
}

interface Provider {
  name: string
  /** Starts the provider's local server and says how Revue reaches it. */
  start: () => Promise<{ fake?: ModelFake, env: (fake: ModelFake) => Record<string, string> }>
  label: string
  /** What a busy provider answers. */
  busyReply: GeminiReply
  /** The setting a refused key names. */
  fix: string
  /** How the provider refuses a key: Gemini with 400 API_KEY_INVALID, the others with 401. */
  badKey?: GeminiReply
  cost: 'priced' | 'free'
}

const busy = { status: 429, retryDelay: '0.05s' } as GeminiReply
const PROVIDERS: Provider[] = [
  { name: 'gemini', start: async () => ({ env: () => ({}) }), label: 'gemini-2.5-flash:', busyReply: busy, fix: 'NUXT_GEMINI_API_KEY', cost: 'priced', badKey: { status: 400, message: 'API key not valid. Please pass a valid API key.' } },
  {
    name: 'openai', label: 'gpt-4.1-mini (OpenAI):', busyReply: busy, fix: 'NUXT_OPENAI_API_KEY', cost: 'priced',
    start: async () => ({ fake: await startOpenAIServer() as unknown as ModelFake, env: fake => ({ NUXT_MODEL: 'openai:gpt-4.1-mini', NUXT_OPENAI_API_KEY: fake.apiKey, NUXT_OPENAI_BASE_URL: fake.url }) }),
  },
  {
    name: 'an OpenAI-compatible server without json_schema', label: 'gpt-4.1-mini (OpenAI):', busyReply: busy, fix: 'NUXT_OPENAI_API_KEY', cost: 'priced',
    start: async () => ({ fake: await startOpenAIServer({ jsonSchema: false }) as unknown as ModelFake, env: fake => ({ NUXT_MODEL: 'openai:gpt-4.1-mini', NUXT_OPENAI_API_KEY: fake.apiKey, NUXT_OPENAI_BASE_URL: fake.url }) }),
  },
  {
    name: 'ollama', label: 'qwen2.5-coder:14b (Ollama, local model):', busyReply: busy, fix: 'NUXT_OLLAMA_BASE_URL', cost: 'free',
    start: async () => ({ fake: await startOpenAIServer({ flavour: 'ollama' }) as unknown as ModelFake, env: fake => ({ NUXT_MODEL: 'ollama:qwen2.5-coder:14b', NUXT_OLLAMA_BASE_URL: fake.url }) }),
  },
  {
    name: 'anthropic', label: 'claude-sonnet-4-6 (Anthropic):', busyReply: { status: 529 } as unknown as GeminiReply, fix: 'NUXT_ANTHROPIC_API_KEY', cost: 'priced',
    start: async () => ({ fake: await startAnthropicServer() as unknown as ModelFake, env: fake => ({ NUXT_MODEL: 'anthropic:claude-sonnet-4-6', NUXT_ANTHROPIC_API_KEY: fake.apiKey, NUXT_ANTHROPIC_BASE_URL: fake.url }) }),
  },
]

const OWNER = 'octo-org'
const REPO = 'models'

describe.each(PROVIDERS)('reviews with $name', (provider) => {
  let stack: Stack
  let fake: ModelFake
  let next = 1
  const reviewer: GeminiHandler = firstAddedLineReviewer()

  beforeAll(async () => {
    const started = await provider.start()
    // Gemini's fake is the stack's own.
    stack = await startStack({ NUXT_WORKER_BACKOFF_MS: '100', ...(started.fake ? started.env(started.fake) : {}) })
    fake = started.fake ?? stack.gemini as unknown as ModelFake
    stack.github.addUser({ login: 'maintainer', repos: { [`${OWNER}/${REPO}`]: 'push' } })
  })
  afterAll(async () => {
    await stack?.stop()
    if (fake && fake !== stack?.gemini as unknown) await fake.close()
  })
  beforeEach(() => fake.setHandler(reviewer as (request: GeminiRequest) => GeminiReply))

  async function open() {
    const number = next++
    const headSha = number.toString(16).padStart(40, 'e')
    stack.github.addPullRequest({ owner: OWNER, repo: REPO, number, headSha, title: `Change ${number}`, files: [{ filename: 'src/a.ts', status: 'modified', patch: makePatch({ added: ['a()'] }) }] })
    const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha }))
    return { number, jobId: (await response.json() as { queued: string }).queued }
  }

  it('posts one review with its inline comment, says which model and what it cost, and answers /revue summary', async () => {
    const { number, jobId } = await open()
    const job = await waitForJob(stack.queue, jobId)
    expect(job.returnvalue).toMatchObject({ status: 'posted', inlineComments: 1, provider: provider.name === 'an OpenAI-compatible server without json_schema' ? 'openai' : provider.name })
    expect(job.returnvalue!.tokens.input).toBeGreaterThan(0)
    if (provider.cost === 'free') expect(job.returnvalue!.costUsd).toBe(0)
    else expect(job.returnvalue!.costUsd).toBeGreaterThan(0)
    const [review, ...others] = stack.github.reviews(OWNER, REPO, number)
    expect(others).toEqual([])
    expect(review!.comments).toEqual([expect.objectContaining({ path: 'src/a.ts', line: 1, side: 'RIGHT' })])
    expect(review!.body).toContain(`with ${provider.label}`)

    const body = '/revue summary'
    const stored = stack.github.addIssueComment(OWNER, REPO, number, { body, user: { login: 'maintainer', type: 'User' } })
    const answer = await deliver(stack.app, 'issue_comment', issueCommentPayload({ owner: OWNER, repo: REPO, number, title: `Change ${number}`, comment: { id: stored.id, body, user: { login: 'maintainer', type: 'User' } } }))
    const commands = new Queue<CommandJobData, CommandOutcome>('pr-command', { connection: stack.redis, prefix: stack.prefix })
    const command = await waitForJob(commands, (await answer.json() as { queued: string }).queued)
    await commands.close()
    expect(command.returnvalue).toMatchObject({ status: 'done' })
    expect(stack.github.issueComments(OWNER, REPO, number).at(-1)!.body).toContain('Summary of 1 files.')
  })

  it('waits as long as a busy provider asks, then reviews', async () => {
    const calls = fake.requests.length
    fake.queue(provider.busyReply)
    const { number, jobId } = await open()
    expect((await waitForJob(stack.queue, jobId)).returnvalue).toMatchObject({ status: 'posted' })
    expect(stack.github.reviews(OWNER, REPO, number)).toHaveLength(1)
    // The refused call and its retry, then the second pass.
    expect(fake.requests.slice(calls).filter(request => request.method !== 'get').length).toBeGreaterThanOrEqual(3)
  })

  it('fails for good on a refused key, naming the setting to fix', async () => {
    fake.setHandler(() => provider.badKey ?? ({ status: 401, message: 'Invalid key' }) as unknown as GeminiReply)
    const { jobId } = await open()
    const job = await waitForJob(stack.queue, jobId)
    expect(await job.getState()).toBe('failed')
    expect(job.failedReason).toContain(`(check ${provider.fix}`)
    expect(job.attemptsMade).toBe(1)
  })
})
