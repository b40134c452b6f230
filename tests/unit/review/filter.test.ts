import { describe, expect, it } from 'vitest'
import type { ChangedFile } from '../../../server/forges/forge'
import { partitionFiles, skipReason } from '../../../server/review/filter'

const file = (filename: string, extra: Partial<ChangedFile> = {}): ChangedFile =>
  ({ filename, status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b', additions: 1, deletions: 1, ...extra })

describe('skipReason', () => {
  it.each([
    ['package-lock.json', 'lockfile'],
    ['web/pnpm-lock.yaml', 'lockfile'],
    ['deps/custom.lock', 'lockfile'],
    ['go.sum', 'lockfile'],
    ['vendor/github.com/x/y.go', 'vendored'],
    ['third_party/lib/a.c', 'vendored'],
    ['assets/app.min.js', 'generated'],
    ['dist/index.js', 'generated'],
    ['src/__snapshots__/a.test.ts.snap', 'generated'],
    ['api/service.pb.go', 'generated'],
    ['logo.png', 'binary'],
    ['fonts/Inter.woff2', 'binary'],
  ])('skips %s as %s', (path, reason) => {
    expect(skipReason(file(path))).toBe(reason)
  })

  it('skips deleted files, deletions-only changes and files without a textual diff', () => {
    expect(skipReason(file('a.ts', { status: 'removed', additions: 0 }))).toBe('deleted')
    expect(skipReason(file('a.ts', { additions: 0, patch: '@@ -1,2 +1 @@\n a\n-b' }))).toBe('deletions only')
    expect(skipReason(file('data.csv', { patch: undefined }))).toMatch(/no textual diff/)
    expect(skipReason(file('moved.ts', { status: 'renamed', patch: undefined, additions: 0 }))).toBe('renamed without changes')
  })

  it('reviews ordinary source files, including ones named like build tools', () => {
    for (const path of ['src/app.ts', 'build.gradle', 'lib/distance.py', 'Dockerfile']) expect(skipReason(file(path))).toBeNull()
  })
})

describe('partitionFiles', () => {
  it('keeps every file on exactly one side, with the reason for each skipped one', () => {
    const { reviewable, skipped } = partitionFiles([file('a.ts'), file('yarn.lock'), file('b.ts', { status: 'removed' })])
    expect(reviewable.map(f => f.filename)).toEqual(['a.ts'])
    expect(skipped).toEqual([{ path: 'yarn.lock', reason: 'lockfile' }, { path: 'b.ts', reason: 'deleted' }])
  })

  it('applies the repository\'s globs, and skips a path too long to match them', () => {
    const rules = { include: ['src/**'], exclude: ['**/*.test.ts'], reviewWorkflows: false }
    const long = `src/${'a/'.repeat(600)}x.ts`
    const { reviewable, skipped } = partitionFiles([file('src/a.ts'), file('src/a.test.ts'), file('lib/b.ts'), file(long)], rules)
    expect(reviewable.map(f => f.filename)).toEqual(['src/a.ts'])
    expect(skipped).toEqual([
      { path: 'src/a.test.ts', reason: 'matched by exclude in .github/revue.yml' },
      { path: 'lib/b.ts', reason: 'not matched by include in .github/revue.yml' },
      { path: long, reason: 'path longer than 1024 characters' },
    ])
  })
})
