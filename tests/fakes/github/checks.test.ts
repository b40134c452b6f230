import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationOctokit } from '../../support/octokit'
import { checkAnswers } from './openapi'
import { startGitHubServer } from './server'
import type { GitHubFake } from './server'

const OWNER = 'acme'
const REPO = 'checks'
const HEAD = 'c'.repeat(40)
const OLD_HEAD = 'b'.repeat(40)
const DOCS = 'https://docs.github.com/rest/checks/runs#create-a-check-run'

let fake: GitHubFake

function annotations(count: number, from = 1) {
  return Array.from({ length: count }, (_, i) => ({ path: 'src/app.ts', start_line: from + i, end_line: from + i, annotation_level: 'warning' as const, message: `remark ${from + i}` }))
}

beforeAll(async () => {
  fake = await startGitHubServer()
  fake.addPullRequest({ owner: OWNER, repo: REPO, number: 5, headSha: OLD_HEAD, headRef: 'feature', files: [] })
  fake.setHead(OWNER, REPO, 5, HEAD)
})

afterAll(async () => {
  await fake?.close()
})

describe('POST /repos/{owner}/{repo}/check-runs', () => {
  it('creates a queued run in GitHub\'s shape, linked to the pull request at that head', async () => {
    const octokit = await installationOctokit(fake)
    const { status, data } = await octokit.rest.checks.create({ owner: OWNER, repo: REPO, name: 'Revue', head_sha: HEAD })
    expect(status).toBe(201)
    const url = `${fake.url}/repos/${OWNER}/${REPO}/check-runs/${data.id}`
    expect(data).toMatchObject({
      name: 'Revue',
      head_sha: HEAD,
      node_id: expect.stringMatching(/^CR_/),
      external_id: '',
      url,
      html_url: `https://github.com/${OWNER}/${REPO}/runs/${data.id}`,
      details_url: 'https://revue.test',
      status: 'queued',
      conclusion: null,
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      completed_at: null,
      output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${url}/annotations` },
      check_suite: { id: expect.any(Number) },
      app: { id: fake.appId, slug: fake.appSlug, name: 'Revue Test', owner: { login: 'revue-org' } },
      pull_requests: [{ number: 5, url: `${fake.url}/repos/${OWNER}/${REPO}/pulls/5`, head: { ref: 'feature', sha: HEAD }, base: { ref: 'main', repo: { name: REPO } } }],
    })
  })

  it('completes a run given a conclusion, and keeps what it was given', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: 'Revue',
      head_sha: OLD_HEAD,
      conclusion: 'neutral',
      details_url: 'https://revue.test/jobs/1',
      external_id: 'job-1',
      started_at: '2024-05-01T10:00:00Z',
      output: { title: 'Review', summary: 'Two remarks', text: 'Details', annotations: annotations(2) },
    })
    expect(data).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      details_url: 'https://revue.test/jobs/1',
      external_id: 'job-1',
      started_at: '2024-05-01T10:00:00Z',
      completed_at: expect.any(String),
      output: { title: 'Review', summary: 'Two remarks', text: 'Details', annotations_count: 2 },
      // the pull request has moved on
      pull_requests: [],
    })
    const [stored] = fake.checkRuns(OWNER, REPO, OLD_HEAD)
    expect(stored?.output.annotations).toEqual(annotations(2))
  })

  // a plain string route skips Octokit's parameter types: some cases send what GitHub's schema forbids
  const route: string = 'POST /repos/{owner}/{repo}/check-runs'
  const valid = { name: 'Revue', head_sha: HEAD }
  it.each([
    ['no name', { name: undefined }, 'Invalid request.\n\n"name" wasn\'t supplied.', undefined],
    ['no head_sha', { head_sha: undefined }, 'Invalid request.\n\n"head_sha" wasn\'t supplied.', undefined],
    ['an unknown head_sha', { head_sha: 'f'.repeat(40) }, `No commit found for SHA: ${'f'.repeat(40)}`, undefined],
    ['an unknown status', { status: 'done' }, 'Invalid request.\n\nFor \'properties/status\', "done" is not one of ["queued", "in_progress", "completed"].', undefined],
    ['status completed without a conclusion', { status: 'completed' }, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', undefined],
    ['completed_at without a conclusion', { completed_at: '2024-05-01T10:00:00Z' }, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', undefined],
    ['the stale conclusion', { conclusion: 'stale' }, /^Invalid request.\n\nFor 'properties\/conclusion', "stale" is not one of/, undefined],
    ['an output without a summary', { output: { title: 'T' } }, 'Invalid request.\n\n"summary" wasn\'t supplied.', undefined],
    ['51 annotations', { output: { title: 'T', summary: 'S', annotations: annotations(51) } }, 'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.', undefined],
    ['an annotation without a path', { output: { title: 'T', summary: 'S', annotations: [{ ...annotations(1)[0], path: undefined }] } }, 'Invalid request.\n\n"path" wasn\'t supplied.', undefined],
    ['an unknown annotation level', { output: { title: 'T', summary: 'S', annotations: [{ ...annotations(1)[0], annotation_level: 'error' }] } }, 'Invalid request.\n\nFor \'properties/output/annotations/0/annotation_level\', "error" is not one of ["notice", "warning", "failure"].', undefined],
    ['a summary over 65535 characters', { output: { title: 'T', summary: 'x'.repeat(65_536) } }, 'Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.', undefined],
    ['a summary over 65535 bytes', { output: { title: 'T', summary: '€'.repeat(30_000) } }, 'Validation Failed', [{ resource: 'CheckRun', code: 'custom', field: 'summary', message: 'summary exceeds a maximum bytesize of 65535' }]],
  ] as const)('answers 422 to %s and stores nothing', async (_name, change, message, errors) => {
    const octokit = await installationOctokit(fake)
    const before = fake.checkRuns(OWNER, REPO).length
    await expect(octokit.request(route, { owner: OWNER, repo: REPO, ...valid, ...change })).rejects.toMatchObject({
      status: 422,
      response: { data: { message, documentation_url: DOCS, status: '422', ...(errors ? { errors } : {}) } },
    })
    expect(fake.checkRuns(OWNER, REPO)).toHaveLength(before)
  })
})

describe('PATCH and GET /repos/{owner}/{repo}/check-runs/{check_run_id}', () => {
  it('appends annotations 50 at a time and completes the run with a conclusion', async () => {
    const octokit = await installationOctokit(fake)
    const { data: created } = await octokit.rest.checks.create({ owner: OWNER, repo: REPO, name: 'Batches', head_sha: HEAD, status: 'in_progress', output: { title: 'Reviewing', summary: 'Started', annotations: annotations(50) } })
    const params = { owner: OWNER, repo: REPO, check_run_id: Number(created.id) }
    const { data: second } = await octokit.rest.checks.update({ ...params, output: { summary: 'More', annotations: annotations(50, 51) } })
    expect(second).toMatchObject({ status: 'in_progress', conclusion: null, output: { title: 'Reviewing', summary: 'More', annotations_count: 100 } })
    const { data: done } = await octokit.rest.checks.update({ ...params, conclusion: 'success', output: { summary: 'Done' } })
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success', completed_at: expect.any(String), output: { annotations_count: 100 } })
    const { data: fetched } = await octokit.rest.checks.get(params)
    expect(fetched).toEqual(done)
    const stored = fake.checkRuns(OWNER, REPO, HEAD).find(run => run.id === created.id)
    expect(stored?.output.annotations.map(a => a.start_line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    // already concluded: status completed needs no new conclusion
    await expect(octokit.rest.checks.update({ ...params, status: 'completed', name: 'Batches 2' })).resolves.toMatchObject({ data: { name: 'Batches 2', conclusion: 'success' } })
  })

  it('lists the annotations with pagination', async () => {
    const octokit = await installationOctokit(fake)
    const run = fake.checkRuns(OWNER, REPO, HEAD).find(r => r.name === 'Batches 2')
    const all = await octokit.paginate(octokit.rest.checks.listAnnotations, { owner: OWNER, repo: REPO, check_run_id: run?.id ?? 0, per_page: 30 })
    expect(all).toHaveLength(100)
    expect(all[0]).toMatchObject({ path: 'src/app.ts', blob_href: `https://github.com/${OWNER}/${REPO}/blob/${HEAD}/src/app.ts`, start_line: 1, annotation_level: 'warning', message: 'remark 1', title: null })
  })

  it('refuses an update past the limits and an unknown run', async () => {
    const octokit = await installationOctokit(fake)
    const { data } = await octokit.rest.checks.create({ owner: OWNER, repo: REPO, name: 'Limits', head_sha: HEAD })
    const params = { owner: OWNER, repo: REPO, check_run_id: Number(data.id) }
    await expect(octokit.rest.checks.update({ ...params, status: 'completed' })).rejects.toMatchObject({ status: 422, response: { data: { message: 'Invalid request.\n\n"conclusion" wasn\'t supplied.' } } })
    await expect(octokit.rest.checks.update({ ...params, output: { summary: 'S', annotations: annotations(51) } })).rejects.toMatchObject({ status: 422 })
    await expect(octokit.rest.checks.get({ ...params, check_run_id: 1 })).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found', status: '404' } } })
    fake.addPullRequest({ owner: OWNER, repo: 'other', number: 1, headSha: HEAD, files: [] })
    await expect(octokit.rest.checks.get({ ...params, repo: 'other' })).rejects.toMatchObject({ status: 404 })
  })
})

describe('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', () => {
  const REF_REPO = 'listing'
  const SHA = 'd'.repeat(40)

  beforeAll(async () => {
    fake.addPullRequest({ owner: OWNER, repo: REF_REPO, number: 1, headSha: SHA, headRef: 'topic', files: [] })
    const octokit = await installationOctokit(fake)
    for (const [name, conclusion] of [['lint', 'failure'], ['lint', 'success'], ['review', undefined], ['review', 'neutral']] as const) {
      await octokit.rest.checks.create({ owner: OWNER, repo: REF_REPO, name, head_sha: SHA, ...(conclusion ? { conclusion } : {}) })
    }
  })

  it('lists the newest run of each name by default, and every run with filter=all', async () => {
    const octokit = await installationOctokit(fake)
    const { data: latest } = await octokit.rest.checks.listForRef({ owner: OWNER, repo: REF_REPO, ref: SHA })
    expect(latest.total_count).toBe(2)
    expect(latest.check_runs.map(r => [r.name, r.conclusion])).toEqual([['review', 'neutral'], ['lint', 'success']])
    const { data: all } = await octokit.rest.checks.listForRef({ owner: OWNER, repo: REF_REPO, ref: SHA, filter: 'all' })
    expect(all.total_count).toBe(4)
  })

  it('filters by check_name, status and app_id, and takes a branch name', async () => {
    const octokit = await installationOctokit(fake)
    const params = { owner: OWNER, repo: REF_REPO, ref: 'topic', filter: 'all' as const }
    expect((await octokit.rest.checks.listForRef({ ...params, check_name: 'lint' })).data.total_count).toBe(2)
    expect((await octokit.rest.checks.listForRef({ ...params, status: 'queued' })).data.check_runs.map(r => r.name)).toEqual(['review'])
    expect((await octokit.rest.checks.listForRef({ ...params, app_id: fake.appId })).data.total_count).toBe(4)
    expect((await octokit.rest.checks.listForRef({ ...params, app_id: 1 })).data.total_count).toBe(0)
  })

  it('paginates with a link header and total_count', async () => {
    const octokit = await installationOctokit(fake)
    const first = await octokit.rest.checks.listForRef({ owner: OWNER, repo: REF_REPO, ref: SHA, filter: 'all', per_page: 3 })
    expect(first.data).toMatchObject({ total_count: 4 })
    expect(first.data.check_runs).toHaveLength(3)
    expect(first.headers.link).toContain('rel="next"')
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner: OWNER, repo: REF_REPO, ref: SHA, filter: 'all', per_page: 3 })
    expect(runs.map(r => r.name)).toEqual(['review', 'review', 'lint', 'lint'])
  })

  it('answers 422 for an unknown commit or filter', async () => {
    const octokit = await installationOctokit(fake)
    await expect(octokit.rest.checks.listForRef({ owner: OWNER, repo: REF_REPO, ref: 'e'.repeat(40) })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: `No commit found for SHA: ${'e'.repeat(40)}` } },
    })
    const route: string = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
    await expect(octokit.request(route, { owner: OWNER, repo: REF_REPO, ref: SHA, filter: 'newest' })).rejects.toMatchObject({ status: 422 })
  })
})

it('answers only what GitHub\'s OpenAPI description allows', () => {
  expect(checkAnswers(fake.requests).problems).toEqual([])
})
