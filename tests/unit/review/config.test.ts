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
})
