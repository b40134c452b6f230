import { describe, expect, it } from 'vitest'
import { parsePatch } from '../../../server/review/diff'
import { redactDiff, redactText, secretFindings } from '../../../server/review/secrets'

// Built at run time so that no scanner mistakes this file for a leak.
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`
const AWS_KEY = `AKIA${'Z7Q2X9W4V6R3T8Y1'}`
const GOOGLE_KEY = `AIza${'Sy'}${'D4f6G8h0J2k4L6m8N0p2Q4r6S8t0U2v4W'}`

describe('redactText', () => {
  it.each([
    ['GitHub token', `const token = '${GITHUB_TOKEN}'`],
    ['AWS access key', `aws_access_key_id = ${AWS_KEY}`],
    ['Google API key', `key: ${GOOGLE_KEY}`],
    ['Stripe key', `STRIPE=${'sk_live_'}${'4eC39HqLyjWDarjtT1zdp7dc'}`],
    ['password in a URL', 'redis://admin:s3cr3t-pass@db.internal:6379'],
    ['credential', 'api_key = "q8Zr2LmX0vTn5KwP4sYb"'],
  ])('redacts a %s', (kind, line) => {
    const { text, kinds } = redactText(line)
    expect(kinds).toEqual([kind])
    expect(text).toContain(`[REDACTED ${kind}]`)
    expect(text).not.toMatch(/a1B2c3D4e5a1|Z7Q2X9W4V6R3T8Y1|D4f6G8h0|4eC39HqLyjWD|s3cr3t-pass|q8Zr2LmX0vTn5KwP4sYb/)
  })

  it('leaves placeholders, environment lookups and ordinary code alone', () => {
    for (const line of ['api_key = "your-api-key-here-please"', 'const password = process.env.DB_PASSWORD', 'token: "${GITHUB_TOKEN_VALUE}"', 'const tokenizer = new Tokenizer()']) {
      expect(redactText(line)).toEqual({ text: line, kinds: [] })
    }
  })
})

describe('redactDiff', () => {
  it('redacts whole private-key blocks and returns a critical finding per added line with a secret', () => {
    const patch = [
      '@@ -1,2 +1,6 @@',
      ' const config = {',
      `+  token: '${GITHUB_TOKEN}',`,
      '+  key: `-----BEGIN RSA PRIVATE KEY-----',
      '+MIIEowIBAAKCAQEA7bq9',
      '+-----END RSA PRIVATE KEY-----`,',
      ' }',
    ].join('\n')
    const { files, hits } = redactDiff([{ path: 'src/config.ts', status: 'modified', hunks: parsePatch(patch) }])
    const text = files[0]!.hunks[0]!.lines.map(line => line.text).join('\n')
    expect(text).not.toContain('MIIEowIBAAKCAQEA7bq9')
    expect(text).not.toContain(GITHUB_TOKEN)
    expect(hits).toEqual([{ kind: 'GitHub token', path: 'src/config.ts', line: 2 }, { kind: 'private key', path: 'src/config.ts', line: 3 }])
    expect(secretFindings(hits)).toEqual([
      expect.objectContaining({ path: 'src/config.ts', line: 2, side: 'RIGHT', severity: 'critical', body: expect.stringContaining('GitHub token') }),
      expect.objectContaining({ path: 'src/config.ts', line: 3, severity: 'critical', body: expect.stringContaining('private key') }),
    ])
  })
})
