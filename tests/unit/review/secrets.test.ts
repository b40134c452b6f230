import { describe, expect, it } from 'vitest'
import { parsePatch } from '../../../server/review/diff'
import { MAX_LINE_CHARS, cutLine, redactForModel, secretFindings } from '../../../server/review/secrets'

// Built at run time so that no scanner mistakes this file for a leak.
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`
const AWS_KEY = `AKIA${'Z7Q2X9W4V6R3T8Y1'}`
const GOOGLE_KEY = `AIza${'Sy'}${'D4f6G8h0J2k4L6m8N0p2Q4r6S8t0U2v4W'}`
const AWS_SECRET = `UPeA4GQ1s3Xu9aJ/K7MDENG${'bPxRfiCYzXq8Lm2Tn'}`

async function redactLine(line: string) {
  const { texts, textKinds } = await redactForModel([], { line })
  return { text: texts.line, kinds: textKinds }
}

describe('redactForModel on texts', () => {
  it.each([
    ['GitHub token', `const token = '${GITHUB_TOKEN}'`],
    ['AWS access key', `aws_access_key_id = ${AWS_KEY}`],
    ['Google API key', `key: ${GOOGLE_KEY}`],
    ['Stripe key', `STRIPE=${'sk_live_'}${'4eC39HqLyjWDarjtT1zdp7dc'}`],
    ['password in a URL', 'redis://admin:s3cr3t-pass@db.internal:6379'],
    ['credential', 'api_key = "q8Zr2LmX0vTn5KwP4sYb"'],
  ])('redacts a %s', async (kind, line) => {
    const { text, kinds } = await redactLine(line)
    expect(kinds).toEqual([kind])
    expect(text).toContain(`[REDACTED ${kind}]`)
    expect(text).not.toMatch(/a1B2c3D4e5a1|Z7Q2X9W4V6R3T8Y1|D4f6G8h0|4eC39HqLyjWD|s3cr3t-pass|q8Zr2LmX0vTn5KwP4sYb/)
  })

  it.each([
    ['Python', `aws_secret_access_key="${AWS_SECRET}"`],
    ['a .env file', `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`],
    ['YAML', 'password: mJNxyp7Qw2Lk9Ze4'],
  ])('redacts the secrets that reached the model verbatim (%s)', async (_format, line) => {
    const { text } = await redactLine(line)
    expect(text).not.toMatch(/UPeA4GQ|bPxRfiCY|mJNxyp7Q/)
    expect(text).toContain('[REDACTED')
  })

  it('leaves placeholders, environment lookups and ordinary code alone', async () => {
    for (const line of ['api_key = "your-api-key-here-please"', 'const password = process.env.DB_PASSWORD', 'token: "${GITHUB_TOKEN_VALUE}"', 'const tokenizer = new Tokenizer()']) {
      expect(await redactLine(line)).toEqual({ text: line, kinds: [] })
    }
  })

  it('redacts every text it is given: title, description, instructions, style guide', async () => {
    const { texts, textKinds } = await redactForModel([], {
      title: `Rotate ${GITHUB_TOKEN}`,
      body: `Old key:\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
      instructions: `Use ${GOOGLE_KEY} for maps`,
      styleGuide: 'Never commit `password: hunter2Hunter2`',
    })
    expect(JSON.stringify(texts)).not.toMatch(/a1B2c3D4e5a1|UPeA4GQ|D4f6G8h0|hunter2Hunter2/)
    expect(texts.body.startsWith('Old key:\n')).toBe(true)
    expect(textKinds).toEqual(expect.arrayContaining(['GitHub token', 'Google API key', 'credential']))
  })
})

describe('redactForModel on the diff', () => {
  it('redacts whole private-key blocks and returns a critical finding per added line with a secret', async () => {
    const patch = [
      '@@ -1,2 +1,6 @@',
      ' const config = {',
      `+  token: '${GITHUB_TOKEN}',`,
      '+  key: `-----BEGIN RSA PRIVATE KEY-----',
      '+MIIEowIBAAKCAQEA7bq9',
      '+-----END RSA PRIVATE KEY-----`,',
      ' }',
    ].join('\n')
    const { files, hits } = await redactForModel([{ path: 'src/config.ts', status: 'modified', hunks: parsePatch(patch) }], {})
    const text = files[0]!.hunks[0]!.lines.map(line => line.text).join('\n')
    expect(text).not.toContain('MIIEowIBAAKCAQEA7bq9')
    expect(text).not.toContain(GITHUB_TOKEN)
    expect(hits).toEqual([{ kind: 'GitHub token', path: 'src/config.ts', line: 2 }, { kind: 'private key', path: 'src/config.ts', line: 3 }])
    expect(secretFindings(hits)).toEqual([
      expect.objectContaining({ path: 'src/config.ts', line: 2, side: 'RIGHT', severity: 'critical', body: expect.stringContaining('GitHub token') }),
      expect.objectContaining({ path: 'src/config.ts', line: 3, severity: 'critical', body: expect.stringContaining('private key') }),
    ])
  })

  it('redacts hunk headers, which carry a line of the file, and removed lines, without a finding for them', async () => {
    const patch = [
      `@@ -10,3 +10,3 @@ AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
      ` REGION=eu-west-1`,
      `-DB_PASSWORD=Zx9${'qL2mW7vR4'}`,
      '+DB_PASSWORD=${DB_PASSWORD}',
    ].join('\n')
    const { files, hits } = await redactForModel([{ path: 'deploy/.env', status: 'modified', hunks: parsePatch(patch) }], {})
    expect(JSON.stringify(files)).not.toMatch(/UPeA4GQ|qL2mW7vR4/)
    expect(hits).toEqual([])
  })

  it('finds what only secretlint knows, and maps its ranges back to the right line of the right file', async () => {
    const shopify = `shpat_${'f3a9c1e7b2d4'.repeat(2)}${'a8c6e0f2'}`
    const files = [
      { path: 'a.txt', status: 'added', hunks: parsePatch('@@ -0,0 +1,2 @@\n+first\n+second') },
      { path: 'b.py', status: 'added', hunks: parsePatch(`@@ -0,0 +1,2 @@\n+import os\n+shop = Shop(${JSON.stringify(shopify)})`) },
    ]
    const { files: redacted, hits } = await redactForModel(files, {})
    expect(JSON.stringify(redacted)).not.toContain('f3a9c1e7b2d4')
    expect(redacted[1]!.hunks[0]!.lines[1]!.text).toMatch(/^shop = Shop\("\[REDACTED [^\]]+\]"\)$/)
    expect(hits).toEqual([{ kind: expect.stringMatching(/shopify/i), path: 'b.py', line: 2 }])
  })
})

describe('secretlint\'s rules', () => {
  it('cannot be switched off by a secretlint-disable comment in the pull request', async () => {
    const shopify = `shpat_${'f3a9c1e7b2d4'.repeat(2)}${'a8c6e0f2'}`
    const patch = `@@ -0,0 +1,3 @@\n+# secretlint-disable\n+SHOP=${shopify} # secretlint-disable-line\n+# secretlint-enable`
    const { files, hits } = await redactForModel([{ path: 'shop.sh', status: 'added', hunks: parsePatch(patch) }], {})
    expect(JSON.stringify(files)).not.toContain('f3a9c1e7b2d4')
    expect(hits).toEqual([expect.objectContaining({ path: 'shop.sh', line: 2 })])
  })
})

describe('cutLine', () => {
  it('keeps short lines and cuts long ones before the token that crosses the limit', () => {
    expect(cutLine('short')).toBe('short')
    const line = `${'x '.repeat(MAX_LINE_CHARS / 2 - 5)}token=${'a1'.repeat(50)}`
    const cut = cutLine(line)
    expect(cut.length).toBeLessThan(MAX_LINE_CHARS + 60)
    expect(cut).not.toContain('a1a1')
    expect(cut).toMatch(/… \[cut: \d+ more characters\]$/)
  })

  it('counts the lines it cut', async () => {
    const patch = `@@ -0,0 +1,2 @@\n+${'-eyJ'.repeat(25_000)}\n+ok`
    const { files, cutLines } = await redactForModel([{ path: 'x.js', status: 'added', hunks: parsePatch(patch) }], { body: 'b'.repeat(10_000) })
    expect(cutLines).toBe(2)
    expect(files[0]!.hunks[0]!.lines[0]!.text.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 60)
  })
})
