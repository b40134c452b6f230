import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ComparisonResponse, ShadowResponse } from '../../shared/schemas/api'
import { makePatch } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { signIn } from '../support/session'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
const REPO = 'shadowed'
const HEAD = 'a'.repeat(40)
let stack: Stack
let maintainer: string
let reader: string

beforeAll(async () => {
  stack = await startStack({ NUXT_SHADOW_RUNS_PER_DAY: '4', NUXT_MODELS_ALLOWED: 'gemini:gemini-2.5-flash,gemini:gemini-2.5-pro,anthropic:claude-sonnet-4-6' })
  stack.github.addUser({ login: 'maintainer', repos: { [`${OWNER}/${REPO}`]: 'push' } })
  stack.github.addUser({ login: 'reader', repos: { [`${OWNER}/${REPO}`]: 'read' } })
  stack.github.addPullRequest({
    owner: OWNER, repo: REPO, number: 1, headSha: HEAD, title: 'Shadowed',
    files: [
      { filename: 'src/a.ts', status: 'modified', patch: makePatch({ added: ['a()', 'b()'] }) },
      { filename: 'src/b.ts', status: 'added', patch: makePatch({ added: ['c()'] }) },
    ],
  })
  stack.gemini.setHandler(firstAddedLineReviewer())
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo: REPO, number: 1, headSha: HEAD }))
  await waitForJob(stack.queue, (await response.json() as { queued: string }).queued)
  maintainer = await signIn(stack.app, stack.github, 'maintainer')
  reader = await signIn(stack.app, stack.github, 'reader')
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

function shadow(cookie: string, body: unknown, origin: string = stack.app.url) {
  return fetch(`${stack.app.url}/api/repos/${OWNER}/${REPO}/pulls/1/shadow`, {
    method: 'POST',
    headers: { 'cookie': cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

const writes = () => stack.github.requests.filter(request => request.method !== 'GET')

describe('shadow runs', () => {
  it('reviews the head with a draft configuration, posts nothing on GitHub, and compares with the posted review', async () => {
    const before = writes().length
    const reviews = stack.github.reviews(OWNER, REPO, 1).length
    const response = await shadow(maintainer, { config: 'min_confidence: 0\nlanguage: French\n' })
    expect(response.status).toBe(202)
    const { job } = await response.json() as ShadowResponse
    expect(job).toMatch(new RegExp(`^${OWNER}/${REPO}#1@${HEAD}~shadow-[0-9a-z]+$`))
    const done = await waitForJob(stack.queue, job)
    expect(done.returnvalue).toMatchObject({ status: 'shadow', inlineComments: 0, model: 'gemini-2.5-flash', provider: 'gemini' })
    expect(done.returnvalue!.findings!.map(finding => `${finding.path}:${finding.line}`).sort()).toEqual(['src/a.ts:1', 'src/b.ts:1'])
    // The draft's language reached the model; nothing reached GitHub but reads.
    expect(stack.gemini.requests.some(request => request.system.includes('French'))).toBe(true)
    expect(writes().slice(before)).toEqual([])
    expect(stack.github.reviews(OWNER, REPO, 1)).toHaveLength(reviews)

    const comparison = await (await fetch(`${stack.app.url}/api/jobs/${encodeURIComponent(job)}/comparison`, { headers: { cookie: reader } })).json() as ComparisonResponse
    expect(comparison.shadow).toMatchObject({ jobId: job, model: 'gemini-2.5-flash', provider: 'gemini', findings: 2 })
    expect(comparison.posted).toMatchObject({ jobId: `${OWNER}/${REPO}#1@${HEAD}`, findings: 2 })
    // Both reviews flagged the first added line of each file: every finding is matched by place.
    expect(comparison.counts).toEqual({ both: 2, posted: 0, shadow: 0 })
    expect(comparison.findings.map(finding => [`${finding.path}:${finding.line}`, finding.match])).toEqual([['src/a.ts:1', 'both'], ['src/b.ts:1', 'both']])
  })

  it('asks another allowed model, and lists the run as a shadow run', async () => {
    const response = await shadow(maintainer, { model: 'gemini:gemini-2.5-pro' })
    expect(response.status).toBe(202)
    const { job } = await response.json() as ShadowResponse
    const done = await waitForJob(stack.queue, job)
    expect(done.returnvalue).toMatchObject({ status: 'shadow', model: 'gemini-2.5-pro' })
    expect(stack.gemini.requests.filter(request => request.model === 'gemini-2.5-pro').length).toBeGreaterThan(0)
    const listed = await (await fetch(`${stack.app.url}/api/repos/${OWNER}/${REPO}/jobs`, { headers: { cookie: reader } })).json() as { jobs: Array<{ id: string, shadow?: boolean }> }
    expect(listed.jobs.find(entry => entry.id === job)).toMatchObject({ shadow: true })
  })

  it('refuses a model outside the list or without a key, an invalid draft, a reader and another origin', async () => {
    const outside = await shadow(maintainer, { model: 'openai:gpt-4.1' })
    expect(outside.status).toBe(400)
    expect((await outside.json()).message).toContain('model: openai:gpt-4.1 is not allowed on this Revue server')
    const keyless = await shadow(maintainer, { model: 'anthropic:claude-sonnet-4-6' })
    expect(keyless.status).toBe(400)
    expect((await keyless.json()).message).toContain('NUXT_ANTHROPIC_API_KEY')
    const invalid = await shadow(maintainer, { config: 'max_comments: lots' })
    expect(invalid.status).toBe(400)
    expect((await invalid.json()).message).toMatch(/^config: max_comments/)
    expect((await shadow(reader, {})).status).toBe(403)
    expect((await shadow(maintainer, {}, 'https://evil.example')).status).toBe(403)
  })

  it('answers 429 past the day\'s cap, saying when it resets, and 404 for a job that is not a shadow run', async () => {
    // Two runs above; the cap is four.
    expect((await shadow(maintainer, {})).status).toBe(202)
    expect((await shadow(maintainer, {})).status).toBe(202)
    const capped = await shadow(maintainer, {})
    expect(capped.status).toBe(429)
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await capped.json()).message).toMatch(/shadow runs of today are spent: more from \d{4}-\d\d-\d\dT00:00:00\.000Z/)
    const posted = await fetch(`${stack.app.url}/api/jobs/${encodeURIComponent(`${OWNER}/${REPO}#1@${HEAD}`)}/comparison`, { headers: { cookie: reader } })
    expect(posted.status).toBe(404)
  })
})
