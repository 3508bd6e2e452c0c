// A binary download: a PNG image made in code, returned as a Buffer.
//   GET /download  ->  a 64×64 gradient, image/png
// proxyResponse() sends a Buffer (or Uint8Array, ArrayBuffer) base64-encoded with
// `isBase64Encoded: true`, as every front door wants binary bodies.
//
// REST API settings this needs (HTTP APIs, function URLs and ALBs decode base64 on their own):
// API Gateway REST APIs turn the base64 back into bytes only when the request's FIRST `Accept` media type
// matches one of the API's `binaryMediaTypes`; otherwise the client gets the base64 text. So either
//   - list the exact type, `binaryMediaTypes: [image/png]`, and have clients send `Accept: image/png`, or
//   - list `*/*` (what template.yaml and serverless.yml do), which matches any Accept a browser sends for
//     an <img>. Then API Gateway also hands request bodies to Lambda base64-encoded, with
//     `isBase64Encoded: true`; @middy/http-json-body-parser decodes those on its own.
// In SAM the slash is written `~1` (`BinaryMediaTypes: ['*~1*']`); in serverless.yml it is
// `provider.apiGateway.binaryMediaTypes: ['*/*']`.
import { crc32, deflateSync } from 'node:zlib'
import middy from '@middy/core'
import { proxyResponse } from 'middy-proxy-response'

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** A `size`×`size` RGB PNG fading from red (left) to blue (right) and green (bottom). */
export const gradientPng = (size = 64): Buffer => {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per channel, RGB, default compression, filter, no interlace
  const rows = Buffer.alloc(size * (1 + size * 3))
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3) // each row starts with filter type 0 (none)
    for (let x = 0; x < size; x++) {
      const scale = (n: number) => Math.round((n * 255) / (size - 1))
      rows.set([scale(size - 1 - x), scale(y), scale(x)], row + 1 + x * 3)
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// Made once per cold start: every invocation of a warm instance sends the same bytes.
const png = gradientPng()

export const handler = middy(async () => ({
  statusCode: 200,
  headers: {
    // Without a content-type a bare Buffer goes out as application/octet-stream.
    'Content-Type': 'image/png',
    'Content-Disposition': 'inline; filename="gradient.png"',
    'Cache-Control': 'public, max-age=86400',
  },
  body: png,
})).use(proxyResponse())
