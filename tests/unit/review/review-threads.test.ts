import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { makePatch } from '../../fakes/github/server'
import type { PrepareInput } from '../../../server/review/prepare'
import { closeReviewThreads, openReviewThreadSession, setReviewThreadLocator } from '../../../server/review/review-threads'

// A stand-in for the built review thread: answers with its thread id, fails or dies when the title asks it to.
const SCRIPT = `
import { parentPort, threadId } from 'node:worker_threads'
parentPort.on('message', ({ id, call, input }) => {
  const title = input?.texts.title
  if (title === 'die') process.exit(3)
  if (title === 'fail') return parentPort.postMessage({ id, error: 'boom' })
  parentPort.postMessage({ id, result: call === 'prepare' ? { thread: threadId } : null })
})
`
const dir = mkdtempSync(join(tmpdir(), 'revue-thread-'))
writeFileSync(join(dir, 'thread.mjs'), SCRIPT)
const locate = () => pathToFileURL(join(dir, 'thread.mjs')).href

const input = (title: string): PrepareInput => ({
  files: [
    { filename: 'src/a.ts', status: 'modified', additions: 2, deletions: 1, patch: makePatch({ removed: ['old()'], added: ['run()', `const token = "ghp_${'a1B2'.repeat(9)}"`] }, 10) },
    { filename: 'package-lock.json', status: 'modified', additions: 1, deletions: 0, patch: makePatch({ added: ['{}'] }) },
  ],
  rules: { include: ['**'], exclude: [], reviewWorkflows: false },
  basis: { mode: 'full' },
  texts: { title },
  budget: 10_000,
})

afterEach(() => closeReviewThreads())
afterAll(() => setReviewThreadLocator(null))

describe('review threads', () => {
  it('turns an error in the thread into a failed call that says where it happened', async () => {
    setReviewThreadLocator(locate)
    const session = openReviewThreadSession()
    await expect(session.prepare(input('fail'))).rejects.toThrow(/^Preparing the diff failed on review thread \d+: boom$/)
    await session.release()
  })

  it('fails the calls of a thread that dies, and replaces it', async () => {
    setReviewThreadLocator(locate)
    const first = openReviewThreadSession()
    await expect(first.prepare(input('die'))).rejects.toThrow('The review thread stopped (exit code 3); the review will be retried')
    const second = openReviewThreadSession()
    const answer = await second.prepare(input('ok')) as unknown as { thread: number }
    expect(second.where).toBe(`review thread ${answer.thread}`)
    expect(first.where).not.toBe(second.where)
    await Promise.all([first.release(), second.release()])
  })

  it('without a thread (nuxt dev), prepares on the event loop\'s thread and answers about the lines findings point at', async () => {
    setReviewThreadLocator(null)
    const session = openReviewThreadSession()
    const summary = await session.prepare(input('Add run'))
    expect(session.where).toBe('the event loop\'s thread')
    expect(summary).toMatchObject({ reviewable: 1, skipped: [{ path: 'package-lock.json', reason: 'lockfile' }], shown: 1, scope: { mode: 'full' } })
    expect(summary.hits).toEqual([{ kind: expect.any(String), path: 'src/a.ts', line: 11 }])
    expect(summary.chunks[0]!.text).toContain('R10 + run()')
    expect(summary.chunks[0]!.text).not.toContain('a1B2a1B2')
    const [added, elsewhere] = await session.describe([{ path: 'src/a.ts', side: 'RIGHT', line: 10 }, { path: 'src/a.ts', side: 'RIGHT', line: 99 }])
    expect(added).toMatchObject({ fresh: true, inDiff: true, key: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(elsewhere).toMatchObject({ inDiff: false })
    expect((await session.files(['src/a.ts'])).map(file => file.path)).toEqual(['src/a.ts'])
    await session.release()
    await expect(session.describe([])).rejects.toThrow(/no prepared diff/)
  })
})
