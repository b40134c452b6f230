import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { redactSecrets } from '../../../server/utils/redact'

describe('redactSecrets', () => {
  it('removes private keys, GitHub tokens, Google API keys and bearer credentials', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const secrets = [
      privateKey.trim(),
      `ghs_${'a'.repeat(36)}`,
      `ghu_${'B'.repeat(36)}`,
      `ghr_${'c1'.repeat(38)}`,
      `AIza${'d'.repeat(35)}`,
    ]
    const line = `posting with ${secrets.join(' and ')}; authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature`
    const redacted = redactSecrets(line)
    for (const secret of secrets) expect(redacted).not.toContain(secret.split('\n').at(-2) ?? secret)
    expect(redacted).not.toContain('eyJhbGciOiJSUzI1NiJ9')
    expect(redacted.match(/\[redacted\]/g)).toHaveLength(6)
    expect(redacted.startsWith('posting with [redacted] and')).toBe(true)
  })

  it('leaves ordinary text alone', () => {
    const text = 'Posted a review with 2 inline comments: https://github.com/octo-org/hello/pull/7 (token usage 1200/300)'
    expect(redactSecrets(text)).toBe(text)
  })

  it('removes values assigned to secret-sounding names, quoted or not, whatever the prefix', () => {
    const line = `config loaded: DB_PASSWORD=Zx9${'qL2mW7vR4'} aws_secret_access_key="UPeA4GQ1s3Xu9aJ/K7MD${'ENGbPxRfiCYzXq8Lm2Tn'}" password: mJNxyp7Q${'w2Lk9Ze4'}`
    expect(redactSecrets(line)).toBe('config loaded: DB_PASSWORD=[redacted] aws_secret_access_key="[redacted]" password: [redacted]')
  })

  it('redacts an unterminated private-key block to the end of the line', () => {
    expect(redactSecrets('key: -----BEGIN PRIVATE KEY-----MIIEvQIBADANBg')).toBe('key: [redacted]')
  })
})
