import type { H3Event } from 'h3'

/**
 * Reads the raw request body, refusing with 413 as soon as it passes `maxBytes` (by Content-Length when given, while
 * streaming otherwise), so an oversized delivery is never buffered whole.
 */
export function readCappedBody(event: H3Event, maxBytes: number): Promise<Buffer> {
  const req = event.node.req
  if (Number(getRequestHeader(event, 'content-length') ?? 0) > maxBytes) return Promise.reject(_refuse(event, maxBytes, 0))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      req.off('data', onData).off('end', onEnd)
      reject(_refuse(event, maxBytes, size))
    }
    const onEnd = () => resolve(Buffer.concat(chunks))
    req.on('data', onData).once('end', onEnd).once('error', reject)
  })
}

/**
 * The 413 for an oversized body. The client is usually still sending: the rest is read and thrown away, up to twice
 * `maxBytes` in all, so it can read the answer instead of meeting a reset connection; past that the connection is cut.
 */
function _refuse(event: H3Event, maxBytes: number, received: number) {
  const req = event.node.req
  let size = received
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > 2 * maxBytes) req.socket.destroy()
  }).resume()
  return createError({ statusCode: 413, message: `Body larger than ${maxBytes} bytes (NUXT_WEBHOOK_MAX_BODY_BYTES)` })
}
