import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makePatch, type FakeFile } from '../fakes/github/server'
import { pullRequestPayload } from '../support/payloads'
import { firstAddedLineReviewer } from '../support/reviewer'
import { deliver, startStack, waitForJob, type Stack } from '../support/stack'

const OWNER = 'octo-org'
let stack: Stack
let nextRepo = 1
beforeAll(async () => {
  stack = await startStack({ NUXT_GEMINI_ALLOWED_MODELS: 'gemini-2.5-flash,gemini-2.5-pro' })
})
afterAll(() => stack?.stop())
beforeEach(() => stack.gemini.setHandler(firstAddedLineReviewer()))

const sha = (n: number) => n.toString(16).padStart(40, 'e')
const file = (filename: string, added: string[]): FakeFile => ({ filename, status: 'modified', patch: makePatch({ added }) })

/** A new repository with `.github/revue.yml` (when given) on its default branch, and a pull request on it, reviewed. */
async function reviewWith(config: string | null, files: FakeFile[], extra: { draft?: boolean, title?: string } = {}) {
  const repo = `rules-${nextRepo++}`
  if (config !== null) stack.github.setRepoFile(OWNER, repo, '.github/revue.yml', config)
  const headSha = sha(nextRepo)
  const title = extra.title ?? `PR on ${repo}`
  stack.github.addPullRequest({ owner: OWNER, repo, number: 1, headSha, files, title, draft: extra.draft })
  const response = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo, number: 1, headSha, draft: extra.draft }))
  const { queued } = await response.json() as { queued: string }
  const job = await waitForJob(stack.queue, queued)
  return { repo, headSha, job, reviews: stack.github.reviews(OWNER, repo, 1), calls: stack.gemini.requests.filter(request => request.prompt.includes(title)) }
}

describe('.github/revue.yml', () => {
  it('reviews only the included paths, minus the excluded ones, and skips drafts unless asked', async () => {
    const { job } = await reviewWith('include: ["src/**"]\nexclude: ["**/*.test.ts"]', [file('src/a.ts', ['a']), file('src/a.test.ts', ['t']), file('docs/x.md', ['d'])])
    expect(job.returnvalue?.skippedFiles).toEqual([
      { path: 'src/a.test.ts', reason: 'matched by exclude in .github/revue.yml' },
      { path: 'docs/x.md', reason: 'not matched by include in .github/revue.yml' },
    ])
    expect((await reviewWith(null, [file('a.ts', ['a'])], { draft: true })).job.returnvalue).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^the pull request is a draft/) })
    expect((await reviewWith('review_drafts: true', [file('a.ts', ['a'])], { draft: true })).job.returnvalue?.status).toBe('posted')
  })

  it('is switched off with enabled: false', async () => {
    const { job, reviews } = await reviewWith('enabled: false', [file('a.ts', ['a'])])
    expect(job.returnvalue).toMatchObject({ status: 'skipped', reason: 'reviews are switched off in .github/revue.yml' })
    expect(reviews).toEqual([])
  })

  it('comments inline only at the minimum severity, up to the cap, and lists the rest in the summary', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: path => ({ severity: path.startsWith('low') ? 'low' : 'critical' }) }))
    const { reviews } = await reviewWith('min_severity: high\nmax_comments: 1', [file('crit1.ts', ['x']), file('crit2.ts', ['y']), file('low.ts', ['z'])])
    const [review] = reviews
    expect(review!.comments).toHaveLength(1)
    expect(review!.body).toContain('#### More findings')
    expect(review!.body).toMatch(/- \*\*critical\*\* `crit\d\.ts` line 1/)
    expect(review!.body).toContain('<details><summary>1 lower-severity finding (below high)</summary>')
  })

  it('drops findings the model doubts, or that the second pass rejects', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer({
      finding: path => ({ confidence: path === 'unsure.ts' ? 0.2 : 0.9 }),
      verdict: text => ({ keep: !text.includes('rejected.ts'), confidence: 0.9 }),
    }))
    const { reviews, job } = await reviewWith(null, [file('unsure.ts', ['x']), file('rejected.ts', ['y']), file('kept.ts', ['z'])])
    expect(reviews[0]!.comments.map(comment => comment.path)).toEqual(['kept.ts'])
    // The second pass saw the two confident findings, with their code.
    const verify = stack.gemini.requests.find(request => request.prompt.startsWith('Verify these') && request.prompt.includes('rejected.ts'))!
    expect(verify.prompt).toContain('Verify these 2 findings.')
    expect(verify.prompt).toContain('R1 + z')
    expect(job.returnvalue?.findings).toHaveLength(1)
  })

  it('passes the instructions, the style guide and the language to the model, and uses the chosen model', async () => {
    const repo = `rules-${nextRepo}`
    stack.github.setRepoFile(OWNER, repo, 'docs/STYLE.md', 'Never use var.')
    const { calls, job } = await reviewWith('instructions: Check error handling first.\nstyle_guide: docs/STYLE.md\nlanguage: French\nmodel: gemini-2.5-pro', [file('a.ts', ['var a = 1'])], { title: 'Styled' })
    expect(calls[0]!.model).toBe('gemini-2.5-pro')
    expect(calls[0]!.system).toContain('Check error handling first.')
    expect(calls[0]!.system).toContain('Never use var.')
    expect(calls[0]!.system).toContain('in French')
    expect(job.returnvalue?.model).toBe('gemini-2.5-pro')
  })

  it('reads the rules from the default branch, so a pull request cannot change its own review', async () => {
    const repo = `rules-${nextRepo}`
    stack.github.setDefaultBranch(OWNER, repo, 'trunk')
    stack.github.setRepoFile(OWNER, repo, '.github/revue.yml', 'max_comments: 0', { ref: 'trunk' })
    // The pull request itself switches Revue off and lifts the cap: ignored.
    const { reviews } = await reviewWith(null, [file('a.ts', ['a']), { filename: '.github/revue.yml', status: 'modified', patch: makePatch({ added: ['enabled: false'] }) }])
    expect(reviews).toHaveLength(1)
    expect(reviews[0]!.comments).toEqual([])
    expect(reviews[0]!.body).toContain('#### More findings')
  })

  it('answers an invalid file with a clear message on the pull request and a neutral check run, once', async () => {
    const { job, reviews, repo, headSha } = await reviewWith('max_comments: lots\nmodel: gemini-9-ultra', [file('a.ts', ['a'])])
    expect(job.returnvalue).toMatchObject({ status: 'skipped', reason: '.github/revue.yml is invalid' })
    expect(reviews).toEqual([])
    const [comment, ...more] = stack.github.issueComments(OWNER, repo, 1)
    expect(more).toEqual([])
    expect(comment!.body).toContain('Revue could not use `.github/revue.yml` on `main`')
    expect(comment!.body).toMatch(/max_comments: .*expected number/)
    expect(stack.github.checkRuns(OWNER, repo, headSha)).toEqual([expect.objectContaining({ conclusion: 'neutral', output: expect.objectContaining({ title: 'Invalid .github/revue.yml' }) })])
    // The next push does not repeat the comment.
    stack.github.setHead(OWNER, repo, 1, sha(999))
    const again = await deliver(stack.app, 'pull_request', pullRequestPayload({ owner: OWNER, repo, number: 1, headSha: sha(999), action: 'synchronize' }))
    await waitForJob(stack.queue, (await again.json() as { queued: string }).queued)
    expect(stack.github.issueComments(OWNER, repo, 1)).toHaveLength(1)
  })
})

/** The slowest answer of /api/health, asked every 50 ms while `work` runs. */
async function slowestHealth<T>(work: Promise<T>): Promise<{ result: T, slowestMs: number }> {
  let slowestMs = 0
  let done = false
  const probe = (async () => {
    while (!done) {
      const started = performance.now()
      expect((await fetch(`${stack.app.url}/api/health`)).status).toBe(200)
      slowestMs = Math.max(slowestMs, performance.now() - started)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  })()
  const result = await work.finally(() => {
    done = true
  })
  await probe
  return { result, slowestMs }
}

describe('globs that would stall a backtracking matcher', () => {
  it('refuses extglobs and too many wildcards with the invalid-configuration comment naming each, at once', async () => {
    const names = ['a'.repeat(40), 'a'.repeat(200)].map(name => file(name, ['x']))
    const started = performance.now()
    const { result } = await slowestHealth(reviewWith('include: ["+(a*)b"]\nexclude: ["*a*a*a*a*a*b"]', names))
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(result.job.returnvalue).toMatchObject({ status: 'skipped', reason: '.github/revue.yml is invalid' })
    const [comment] = stack.github.issueComments(OWNER, result.repo, 1)
    expect(comment!.body).toContain('include.0: "+(a*)b" uses an extglob')
    expect(comment!.body).toContain('exclude.0: "*a*a*a*a*a*b" has 6 * in one path segment')
  })

  it('matches an allowed but adversarial glob against adversarial paths without stalling the server', async () => {
    const deep = (tail: string) => file(`${`${'a'.repeat(60)}/`.repeat(16)}${tail}`, ['x'])
    const { result, slowestMs } = await slowestHealth(reviewWith('exclude: ["**/*a*/**/*a*b"]', [deep('c.ts'), deep('d.ts'), deep('e.ts'), file('src/ok.ts', ['y'])]))
    expect(result.job.returnvalue?.status).toBe('posted')
    expect(result.job.returnvalue?.skippedFiles).toEqual([])
    expect(slowestMs).toBeLessThan(2_000)
  })

  it('refuses a YAML alias bomb with the same comment, instead of failing the job', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`)
    }
    const { job, repo } = await reviewWith(levels.join('\n'), [file('a.ts', ['a'])])
    expect(job.returnvalue).toMatchObject({ status: 'skipped', reason: '.github/revue.yml is invalid' })
    expect(stack.github.issueComments(OWNER, repo, 1)[0]!.body).toMatch(/alias/i)
  })
})

describe('the check run', () => {
  it('is in progress while reviewing, then neutral with the findings as annotations', async () => {
    const { repo, headSha, reviews } = await reviewWith(null, [file('a.ts', ['a']), file('b.ts', ['b'])])
    const [run, ...more] = stack.github.checkRuns(OWNER, repo, headSha)
    expect(more).toEqual([])
    expect(run).toMatchObject({ name: 'Revue', status: 'completed', conclusion: 'neutral', output: { title: '2 findings: 2 high' } })
    expect(run!.output.annotations.map(annotation => [annotation.path, annotation.start_line, annotation.annotation_level])).toEqual([['a.ts', 1, 'warning'], ['b.ts', 1, 'warning']])
    expect(run!.output.summary).toContain(reviews[0]!.id.toString())
    const created = stack.github.requests.find(request => request.method === 'POST' && request.path === `/repos/${OWNER}/${repo}/check-runs`)
    expect(created?.body).toMatchObject({ status: 'in_progress', head_sha: headSha })
  })

  it('fails on a critical finding when the repository asks for it, and succeeds with no findings', async () => {
    stack.gemini.setHandler(firstAddedLineReviewer({ finding: () => ({ severity: 'critical' }) }))
    const failing = await reviewWith('check:\n  fail_on: critical', [file('a.ts', ['a'])])
    expect(stack.github.checkRuns(OWNER, failing.repo, failing.headSha)[0]).toMatchObject({ conclusion: 'failure' })
    stack.gemini.setHandler(firstAddedLineReviewer({ flag: () => false }))
    const clean = await reviewWith('check:\n  fail_on: critical', [file('a.ts', ['a'])])
    expect(stack.github.checkRuns(OWNER, clean.repo, clean.headSha)[0]).toMatchObject({ conclusion: 'success', output: expect.objectContaining({ title: 'No issues found' }) })
  })

  it('is left out, with a line in the job log, when the App lacks the Checks permission', async () => {
    const forbidden = { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference', status: '403' } }
    stack.github.inject({ path: new RegExp(`/repos/${OWNER}/rules-${nextRepo}/commits/[0-9a-f]+/check-runs`), ...forbidden })
    const { job, repo, headSha, reviews } = await reviewWith(null, [file('a.ts', ['a'])])
    expect(job.returnvalue?.status).toBe('posted')
    expect(reviews).toHaveLength(1)
    expect(stack.github.checkRuns(OWNER, repo, headSha)).toEqual([])
    const log = await stack.redis.xrange(`${stack.prefix}:log:${job.id}`, '-', '+')
    expect(log.map(([, fields]) => JSON.parse(fields[1]!).message).join('\n')).toContain('needs the Checks permission')
  })
})

describe('cost', () => {
  it('stores token counts and the estimated cost with the job and states them in the review footer', async () => {
    stack.gemini.setHandler(request => ({ ...(firstAddedLineReviewer()(request) as { json: unknown }), usage: { promptTokenCount: 1_000_000, candidatesTokenCount: 100_000 } }))
    const { job, reviews } = await reviewWith('verify: false', [file('a.ts', ['a'])])
    expect(job.returnvalue).toMatchObject({ tokens: { input: 1_000_000, output: 100_000 }, model: 'gemini-2.5-flash' })
    expect(job.returnvalue?.costUsd).toBeCloseTo(0.55)
    expect(reviews[0]!.body).toContain('1000000 input / 100000 output tokens, $0.55.')
  })
})
