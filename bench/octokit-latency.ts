// The round trip of one GitHub request to the local GitHub through Revue's Octokit class (server/forges/github/octokit.ts:
// retry and throttling plugins) and through the same stack without them: what a job waits for, request by request.
import { App } from '@octokit/app'
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { createOctokitClass } from '../server/forges/github/octokit'
import { makePatch, startGitHubServer } from '../tests/fakes/github/server'
import { percentile, type Row } from './lib/support'

const REQUESTS = 200
const THROTTLE = { onRateLimit: () => false, onSecondaryRateLimit: () => false }

export async function benchOctokit(): Promise<Row[]> {
  const github = await startGitHubServer()
  github.addPullRequest({ owner: 'bench', repo: 'octokit', number: 1, headSha: 'c'.repeat(40), files: [{ filename: 'a.ts', status: 'added', patch: makePatch({ added: ['x'] }) }] })
  const plain = Octokit.plugin(paginateRest, restEndpointMethods)
  const classes: Array<[string, typeof Octokit]> = [
    ['Revue\'s Octokit (retry + throttling)', createOctokitClass(github.url, { redis: () => { throw new Error('no writes here') }, prefix: 'bench', intervalMs: 0 }, () => {}) as unknown as typeof Octokit],
    ['without retry and throttling', plain.defaults({ baseUrl: github.url })],
    ['with retry only', plain.plugin(retry).defaults({ baseUrl: github.url })],
    ['with throttling only', plain.plugin(throttling).defaults({ baseUrl: github.url, throttle: THROTTLE })],
  ]
  const rows: Row[] = []
  for (const [subject, Class] of classes) {
    const octokit = await new App({ appId: github.appId, privateKey: github.privateKey, Octokit: Class }).getInstallationOctokit(1)
    const times: number[] = []
    for (let i = 0; i < REQUESTS; i++) {
      const start = performance.now()
      await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'bench', repo: 'octokit', pull_number: 1 })
      times.push(performance.now() - start)
    }
    rows.push({ benchmark: 'GitHub request round trip (local GitHub, one at a time)', subject, figure: 'p50 / p99 ms', value: percentile(times, 50), second: percentile(times, 99) })
  }
  await github.close()
  return rows
}
