import type { H3Event } from 'h3'

/**
 * Reads the raw request body, refusing with 413 as soon as it passes `maxBytes`
 * (by Content-Length when given, while streaming otherwise) so an oversized delivery is never buffered whole.
 */
export async function readCappedBody(event: H3Event, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => {
    // The rest of the body is never read: the socket cannot carry another request.
    setResponseHeader(event, 'connection', 'close')
    return createError({ statusCode: 413, message: `Body larger than ${maxBytes} bytes (NUXT_WEBHOOK_MAX_BODY_BYTES)` })
  }
  if (Number(getRequestHeader(event, 'content-length') ?? 0) > maxBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of event.node.req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
