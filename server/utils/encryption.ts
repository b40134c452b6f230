import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

// AES-256-GCM with a key derived from a secret setting; the payload is base64url(iv | tag | ciphertext).
const IV_BYTES = 12
const TAG_BYTES = 16

function _key(secret: string): Buffer {
  return createHash('sha256').update(secret).digest()
}

/** Encrypts and authenticates `value` (JSON-serialisable) with `secret`. */
export function encryptJson(value: unknown, secret: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', _key(secret), iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')
}

/** Decrypts what `encryptJson` made with the same secret; throws if it was altered or the secret differs. */
export function decryptJson<T>(payload: string, secret: string): T {
  const bytes = Buffer.from(payload, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', _key(secret), bytes.subarray(0, IV_BYTES))
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  return JSON.parse(text) as T
}
