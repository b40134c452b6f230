import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../server/forges/command'
import { parsePatch } from '../../../server/review/diff'
import { skipReason } from '../../../server/review/filter'
import { dropNoise } from '../../../server/review/noise'
import { scanSources } from '../../../server/review/secret-scan'
import { MAX_LINE_CHARS, cutLine } from '../../../server/review/secrets'
import { SECRET_FORMATS, redactSecrets } from '../../../server/utils/redact'
import { findAssignedSecrets, isSecretValue } from '../../../server/utils/secret-assignments'

// Every pattern that reads text from a pull request, a comment or a model is fed lines built to make a backtracking
// pattern rescan them (a quadratic pattern takes 16 times longer on 4 times the input). Times are this thread's CPU
// time (a loaded machine preempts long runs more often than short ones, which skews wall-clock ratios), the best of
// several runs, each long enough to measure; only the ratio of two sizes is asserted.
const N = 20_000
const LINEAR = 8

function _cpuMs(): number {
  const { user, system } = process.threadCpuUsage()
  return (user + system) / 1000
}

function _best(run: () => unknown, repeat: number): number {
  let best = Infinity
  for (let round = 0; round < 3; round++) {
    const started = _cpuMs()
    for (let index = 0; index < repeat; index++) run()
    best = Math.min(best, _cpuMs() - started)
  }
  return best
}

/**
 * How much longer `run` takes on an input 4 times as long: the lowest of up to three measurements, since a busy
 * machine only ever adds time (a quadratic pattern measures about 16 every time).
 */
function growth(run: (input: string) => unknown, make: (length: number) => string): number {
  const small = make(N)
  const large = make(4 * N)
  let repeat = 1
  while (_best(() => run(small), repeat) < 8 && repeat < 1 << 16) repeat *= 2
  let lowest = Infinity
  for (let attempt = 0; attempt < 3 && lowest >= LINEAR; attempt++) {
    lowest = Math.min(lowest, _best(() => run(large), repeat) / _best(() => run(small), repeat))
  }
  return lowest
}

const fill = (unit: string) => (length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
const around = (before: string, unit: string, after: string) => (length: number) => before + fill(unit)(length) + after

const FORMAT_INPUTS: Record<string, Array<(length: number) => string>> = {
  'AWS access key': [fill('AKIA'), around('AKIA', 'A', '_')],
  'GitHub token': [fill('ghp_'), fill('github_pat_'), fill('_ghs_1_'), around('ghs_1_', 'a', '.'), around('ghp_', 'a', '_')],
  'Google API key': [fill('-AIza'), fill('AIza')],
  'Slack token': [fill('xoxb-'), fill(' xoxb-1')],
  'Slack webhook': [fill('https://hooks.slack.com/services/')],
  'Stripe key': [fill('sk_live_'), around('sk_live_', 'a', '_')],
  'OpenAI or Anthropic key': [fill('sk-'), fill('sk-proj-'), fill(' sk-a')],
  'npm token': [fill('npm_'), fill('-npm_a')],
  'JSON Web Token': [fill('-eyJ'), fill('eyJaaaaaaaaaaa.'), fill('.eyJ'), fill('eyJaaaaaaaaaaa.eyJaaaaaaaaaaa-')],
  'password in a URL': [fill('a://b:'), around('a://', 'b', ':c'), fill('http://u:p'), around('http://u:', 'p', ' ')],
}

const ASSIGNMENT_INPUTS = [
  fill('token='), fill('token'), fill('token: '), fill('secret_'), fill('x.'), fill('password="'), fill('"password": "'),
  fill('token=token='), fill('token: a='), fill('apiKey: string '), fill('a'), around('token="', 'a', ''), around('', 'a', 'token=x'),
  fill('token,'), fill('"token","'), fill('token :'), fill('token\t'), fill('pwd=<'), fill('pwd=a1<'),
]

describe('every pattern on untrusted text is linear in the length of the text', { timeout: 120_000 }, () => {
  for (const { kind, pattern } of SECRET_FORMATS) {
    it.each(FORMAT_INPUTS[kind]!.map((make, index) => [index, make]))(`${kind} (input %i)`, (_index, make) => {
      expect(growth(text => [...text.matchAll(pattern)], make)).toBeLessThan(LINEAR)
    })
  }

  it.each(ASSIGNMENT_INPUTS.map((make, index) => [index, make]))('values assigned to secret-sounding names (input %i)', (_index, make) => {
    expect(growth(text => findAssignedSecrets(text), make)).toBeLessThan(LINEAR)
    expect(growth(text => findAssignedSecrets(text, { code: true }), make)).toBeLessThan(LINEAR)
  })

  it.each([fill('<'), around('a1', '<', ''), fill('a.'), fill('a1.'), fill('$a'), around('1.', '1', 'x'), fill('aB')].map((make, index) => [index, make]))('the placeholder and reference checks (input %i)', (_index, make) => {
    expect(growth(isSecretValue, make)).toBeLessThan(LINEAR)
  })

  it.each([
    fill('-----BEGIN PRIVATE KEY-----'), around('-----BEGIN ', 'A ', ''), fill('token '), around('bearer', ' ', ''), fill('-eyJ'),
    fill('password=a1'), fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  ].map((make, index) => [index, make]))('the log redaction (input %i)', (_index, make) => {
    expect(growth(redactSecrets, make)).toBeLessThan(LINEAR)
  })

  it.each([fill('\n'), fill(' '), fill('/revue x '), fill('\n /revue'), fill(' \t\n')].map((make, index) => [index, make]))('the /revue command (input %i)', (_index, make) => {
    expect(growth(parseCommand, make)).toBeLessThan(LINEAR)
  })

  it.each([around('great', ' ', '.x'), around('nice ', 'a ', '!!'), fill('great ')].map((make, index) => [index, make]))('the praise filter on model answers (input %i)', (_index, make) => {
    const finding = (body: string) => ({ path: 'a.ts', line: 1, side: 'RIGHT' as const, severity: 'low' as const, confidence: 1, body })
    expect(growth(body => dropNoise([finding(body)], { minConfidence: 0, reported: new Set(), key: () => '' }), make)).toBeLessThan(LINEAR)
  })

  it.each([fill('.generated.a'), fill('vendor/'), fill('a.'), fill('dist/a'), around('', 'a', '.min.j')].map((make, index) => [index, make]))('the built-in file rules on file names (input %i)', (_index, make) => {
    expect(growth(filename => skipReason({ filename, status: 'modified', patch: '+x', additions: 1, deletions: 0 }), make)).toBeLessThan(LINEAR)
  })

  it.each([around('@@ -', '1', ' +1 @@'), around('@@ -1,', '1', ''), fill('\n@@ -1 +1 @@\n+a')].map((make, index) => [index, make]))('the diff parser (input %i)', (_index, make) => {
    expect(growth(parsePatch, make)).toBeLessThan(LINEAR)
  })

  it('cuts long lines in linear time', () => {
    expect(growth(cutLine, fill('a'))).toBeLessThan(LINEAR)
    expect(cutLine('a'.repeat(4 * N)).length).toBeLessThan(MAX_LINE_CHARS + 60)
  })
})

describe('secretlint\'s rules and the diff scan, on lines cut to MAX_LINE_CHARS', { timeout: 120_000 }, () => {
  const units = ['_ghs_1_', '-eyJ', 'xoxb-1-', 'http://', 'SG.a', 'mongodb://a:', 'glc_', 'sk-ant-api01-', 'https://a:', '-----BEGIN PRIVATE KEY-----', 'AWS_SECRET_ACCESS_KEY=', 'hvs.', '_authToken=', 'shpat_', 'secretlint-disable ']

  it.each(units)('grow linearly with the number of lines of %j', async (unit) => {
    const line = unit.repeat(Math.ceil(MAX_LINE_CHARS / unit.length)).slice(0, MAX_LINE_CHARS)
    const time = async (lines: number) => {
      let best = Infinity
      for (let round = 0; round < 3; round++) {
        const started = _cpuMs()
        await scanSources([{ path: 'x.txt', lines: Array.from({ length: lines }, () => line) }])
        best = Math.min(best, _cpuMs() - started)
      }
      return best
    }
    await time(64)
    expect(await time(256) / await time(64)).toBeLessThan(LINEAR)
  })
})
