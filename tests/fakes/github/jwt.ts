import { verify, type KeyObject } from 'node:crypto'

export const JWT_DECODE_ERROR = 'A JSON web token could not be decoded'
// GitHub's own wording for clock problems; @octokit/auth-app matches on these to correct time skew
export const JWT_EXPIRED_ERROR = '\'Expiration time\' claim (\'exp\') must be a numeric value representing the future time at which the assertion expires'
export const JWT_TOO_LONG_ERROR = '\'Expiration time\' claim (\'exp\') is too far in the future'
export const JWT_IAT_ERROR = '\'Issued at\' claim (\'iat\') must be an Integer representing the time that the assertion was issued'

const MAX_LIFETIME = 600
const SKEW = 60

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined
  }
  catch {
    return undefined
  }
}

// Returns GitHub's error message, or undefined when the JWT is acceptable.
export function checkAppJwt(jwt: string, publicKey: KeyObject, appId: number, now = Math.floor(Date.now() / 1000)): string | undefined {
  const parts = jwt.split('.')
  if (parts.length !== 3) return JWT_DECODE_ERROR
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts
  const header = decodePart(headerPart)
  const payload = decodePart(payloadPart)
  if (!header || !payload || header.alg !== 'RS256') return JWT_DECODE_ERROR
  const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), publicKey, Buffer.from(signaturePart, 'base64url'))
  if (!signed) return JWT_DECODE_ERROR
  if ((typeof payload.iss !== 'string' && typeof payload.iss !== 'number') || String(payload.iss) !== String(appId)) return JWT_DECODE_ERROR
  const { iat, exp } = payload
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now + SKEW) return JWT_IAT_ERROR
  if (typeof exp !== 'number' || exp <= now) return JWT_EXPIRED_ERROR
  if (exp - iat > MAX_LIFETIME + SKEW || exp - now > MAX_LIFETIME + SKEW) return JWT_TOO_LONG_ERROR
  return undefined
}
