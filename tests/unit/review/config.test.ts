import { describe, expect, it } from 'vitest'
import { parseRepoConfig } from '../../../server/review/config'

describe('parseRepoConfig', () => {
  it('gives the defaults for an empty file', () => {
    expect(parseRepoConfig('')).toEqual({
      config: {
        enabled: true, include: ['**'], exclude: [], instructions: '', min_severity: 'medium', max_comments: 10, min_confidence: 0.6,
        verify: true, language: 'English', review_drafts: false, review_workflows: false, check: { fail_on: 'none' },
      },
    })
  })

  it('reads every documented key', () => {
    const text = [
      'enabled: true', 'include: ["src/**"]', 'exclude: ["**/*.test.ts"]', 'instructions: Prefer early returns.',
      'style_guide: docs/STYLE.md', 'min_severity: high', 'max_comments: 3', 'min_confidence: 0.8', 'verify: false',
      'language: French', 'review_drafts: true', 'model: gemini-2.5-pro', 'review_workflows: true', 'check:', '  fail_on: critical',
    ].join('\n')
    expect(parseRepoConfig(text)).toEqual({
      config: {
        enabled: true, include: ['src/**'], exclude: ['**/*.test.ts'], instructions: 'Prefer early returns.', style_guide: 'docs/STYLE.md',
        min_severity: 'high', max_comments: 3, min_confidence: 0.8, verify: false, language: 'French', review_drafts: true,
        model: 'gemini-2.5-pro', review_workflows: true, check: { fail_on: 'critical' },
      },
    })
  })

  it('names the key and the problem for a typo, a wrong type or a bad value', () => {
    const result = parseRepoConfig('min_severty: high\nmax_comments: lots\ncheck:\n  fail_on: sometimes')
    expect(result).toHaveProperty('error')
    const { error } = result as { error: string }
    expect(error).toContain('Unrecognized key: "min_severty"')
    expect(error).toMatch(/^max_comments: .*expected number/m)
    expect(error).toMatch(/^check\.fail_on: /m)
  })

  it('reports YAML syntax errors with their line', () => {
    const result = parseRepoConfig('include: [src/**\nexclude: x') as { error: string }
    expect(result.error).toMatch(/line \d+/)
  })

  it('refuses a model the server does not allow', () => {
    expect(parseRepoConfig('model: gemini-2.5-pro', ['gemini-2.5-flash'])).toEqual({ error: 'model: gemini-2.5-pro is not allowed on this Revue server (allowed: gemini-2.5-flash)' })
    expect(parseRepoConfig('model: gemini-2.5-flash', ['gemini-2.5-flash'])).toHaveProperty('config.model', 'gemini-2.5-flash')
  })

  it.each([
    ['+(a*)b', 'uses an extglob'],
    ['src/!(vendor)/**', 'uses an extglob'],
    ['*a*a*a*a*a*b', 'has 6 * in one path segment'],
    ['src/a**/x', '** must be a whole path segment'],
    ['{a,{b,c}}/**', 'nests braces'],
    ['file{1..999}.ts', 'uses a range'],
    ['{a,b,c}{d,e,f}{g,h}', 'expands to 18 patterns'],
    [`${'a/'.repeat(101)}x`, 'is longer than 200 characters'],
  ])('refuses the glob %s, naming it', (glob, problem) => {
    const { error } = parseRepoConfig(`include: ["src/**"]\nexclude: [${JSON.stringify(glob)}]`) as { error: string }
    expect(error).toContain(`exclude.0: ${JSON.stringify(glob)} `)
    expect(error).toContain(problem)
  })

  it('takes the globs it can match, and at most 20 of them', () => {
    expect(parseRepoConfig('include: ["src/**/*.{ts,tsx}", "app/(auth)/**", "[!_]*.md", "!**/*.snap"]')).toHaveProperty('config.include')
    expect((parseRepoConfig(`exclude: [${Array.from({ length: 21 }, (_, index) => `"d${index}/**"`).join(', ')}]`) as { error: string }).error).toMatch(/^exclude: .*20/)
  })

  it('refuses a YAML alias bomb as an invalid file instead of throwing', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`)
    }
    expect(parseRepoConfig(levels.join('\n'))).toEqual({ error: expect.stringMatching(/alias/i) })
  })
})
