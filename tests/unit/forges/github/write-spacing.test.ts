import { App } from '@octokit/app'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOctokitClass } from '../../../../server/forges/github/octokit'
import { startGitHubServer, type GitHubFake } from '../../../fakes/github/server'
import { startPrivateRedis, type PrivateRedis } from '../../../support/redis'

const INTERVAL_MS = 250
const SHA = 'a'.repeat(40)

let fake: GitHubFake
let redis: PrivateRedis
const clients: Redis[] = []

beforeAll(async () => {
  ;[fake, redis] = await Promise.all([startGitHubServer(), startPrivateRedis()])
  fake.addPullRequest({ owner: 'one', repo: 'a', number: 1, headSha: SHA, files: [], installationId: 1 })
  fake.addPullRequest({ owner: 'two', repo: 'b', number: 1, headSha: SHA, files: [], installationId: 2 })
})

afterAll(async () => {
  await Promise.all(clients.map(client => client.quit()))
  await Promise.all([fake?.close(), redis?.stop()])
})

/** One Revue process's GitHub App client: its own Octokit class and its own Redis connection. */
function processApp() {
  const client = new Redis(redis.url)
  clients.push(client)
  const Octokit = createOctokitClass(fake.url, { redis: () => client, prefix: 'spacing-test', intervalMs: INTERVAL_MS }, () => {})
  return new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit })
}

describe('write spacing per installation', () => {
  it('spaces one installation\'s writes across processes, and not another installation\'s, nor reads', async () => {
    const [first, second] = [processApp(), processApp()]
    const [oneInFirst, oneInSecond, two] = await Promise.all([first.getInstallationOctokit(1), second.getInstallationOctokit(1), first.getInstallationOctokit(2)])
    // Installation tokens first, so that what is timed below is the spacing alone.
    await Promise.all([oneInFirst, oneInSecond, two].map(octokit => octokit.auth({ type: 'installation' })))
    const arrivals: Array<{ method: string, path: string, at: number }> = []
    fake.onRequest(({ method, path }) => {
      if (path.includes('/repos/')) arrivals.push({ method, path, at: performance.now() })
    })
    const comment = (octokit: typeof two, owner: string, repo: string, n: number) =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: `write ${n}` })
    await Promise.all([
      ...[0, 1, 2].map(n => comment(oneInFirst, 'one', 'a', n)),
      ...[3, 4, 5].map(n => comment(oneInSecond, 'one', 'a', n)),
      ...[0, 1].map(n => comment(two, 'two', 'b', n)),
      ...[0, 1, 2].map(() => oneInFirst.rest.pulls.get({ owner: 'one', repo: 'a', pull_number: 1 })),
    ])

    const writes = (repo: string) => arrivals.filter(({ method, path }) => method === 'POST' && path.includes(repo)).map(({ at }) => at)
    const gaps = (times: number[]) => times.slice(1).map((at, i) => at - times[i]!)
    const one = writes('/one/a/')
    expect(one).toHaveLength(6)
    // Slots are exact on Redis's clock; what reaches GitHub carries the client's own jitter (tens of ms on a busy machine).
    for (const gap of gaps(one)) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS * 0.8)
    expect(one.at(-1)! - one[0]!).toBeGreaterThanOrEqual(5 * INTERVAL_MS - 50)
    // Installation 2 does not queue behind installation 1: both of its writes are done before installation 1's fourth.
    expect(Math.max(...writes('/two/b/'))).toBeLessThan(one[3]!)
    const reads = arrivals.filter(({ method }) => method === 'GET').map(({ at }) => at)
    expect(reads).toHaveLength(3)
    expect(Math.max(...reads)).toBeLessThan(one[1]!)
  })

  it('still writes, spaced within the process, while Redis cannot be asked', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null })
    down.on('error', () => {})
    const Octokit = createOctokitClass(fake.url, { redis: () => down, prefix: 'spacing-test-down', intervalMs: INTERVAL_MS }, () => {})
    const octokit = await new App({ appId: fake.appId, privateKey: fake.privateKey, Octokit }).getInstallationOctokit(2)
    await octokit.auth({ type: 'installation' })
    const started = performance.now()
    const statuses = await Promise.all([0, 1, 2].map(n => octokit.rest.issues.createComment({ owner: 'two', repo: 'b', issue_number: 1, body: `offline ${n}` }).then(({ status }) => status)))
    expect(statuses).toEqual([201, 201, 201])
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * INTERVAL_MS * 0.8)
    down.disconnect()
  })
})
