import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { compileGlobs } from '../../../server/review/glob'

const PATHS = [
  'a.ts', 'src/a.ts', 'src/a.test.ts', 'src/deep/er/b.tsx', 'docs/guide.md', 'docs/api/index.md', '.env', '.github/workflows/ci.yml',
  'packages/web/src/main.ts', 'packages/web/__generated__/types.ts', 'README', 'src/a.ts.snap', 'lib/x.js', 'lib/x.jsx', 'test/x_test.go',
  'app/(auth)/page.tsx', 'a/b/c/d/e/f.ts', 'src', 'x.min.js', 'b.ts',
]
const GLOBS = [
  '**', 'src/**', '**/*.ts', '*.ts', 'src/*.ts', '**/*.test.*', 'docs/**/*.md', '**/__generated__/**', 'packages/*/src/**',
  '*.{ts,tsx}', '**/*.{js,jsx}', '?.ts', '[ab].ts', '[a-b].ts', 'src/**/b.tsx', '**/workflows/*', '.*', '**/*_test.go',
  'a/**/f.ts', 'a/**/c/**/f.ts', '**/d/**', 'src/*', '**/x.*', '!src/**',
]

describe('compileGlobs', () => {
  it.each(GLOBS)('matches %s as picomatch does on ordinary paths', (glob) => {
    const expected = picomatch(glob, { dot: true })
    const actual = compileGlobs([glob])
    expect(PATHS.filter(path => actual(path))).toEqual(PATHS.filter(path => expected(path)))
  })

  it('reads parentheses literally and [!a] as "not a", as a shell does (picomatch reads a group and a leading !)', () => {
    expect(compileGlobs(['app/(auth)/**'])('app/(auth)/page.tsx')).toBe(true)
    expect(PATHS.filter(compileGlobs(['[!a].ts']))).toEqual(['b.ts'])
  })

  it('matches any glob of a list, and none of an empty one', () => {
    expect(compileGlobs(['docs/**', '*.ts'])('docs/a.md')).toBe(true)
    expect(compileGlobs(['docs/**', '*.ts'])('src/a.md')).toBe(false)
    expect(compileGlobs([])('a.ts')).toBe(false)
  })

  it('takes microseconds on the globs and paths that took picomatch seconds', () => {
    const cases: Array<[string, string]> = [
      ['*a*a*b', 'a'.repeat(255)],
      ['**/*a*/**/*a*b', `${'a'.repeat(60)}/`.repeat(16)],
      ['**/a/**/a*a*b', `${'a/'.repeat(400)}${'a'.repeat(200)}`],
      ['{*a*a,*b*b}/**/{*a*a,*b*b}', `${'a'.repeat(60)}/`.repeat(16)],
    ]
    for (const [glob, path] of cases) {
      const match = compileGlobs([glob])
      const started = performance.now()
      for (let index = 0; index < 100; index++) match(path)
      expect((performance.now() - started) / 100).toBeLessThan(5)
    }
  })
})
