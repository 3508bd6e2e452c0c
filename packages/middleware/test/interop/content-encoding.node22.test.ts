// proxyResponse with @middy/http-content-encoding 7 (Node >= 22 only: it imports zlib's zstd). A
// compressed body must reach the client byte for byte: base64 intact, Content-Encoding kept.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import middy from '@middy/core'
import httpContentEncoding from '@middy/http-content-encoding'
import type { Context } from 'aws-lambda'
import { type FrontDoor, type ProxyResult, proxyResponse, validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { assertValid, DOORS, eventFor, headerOf, lambdaContext } from '../hardening/helpers.js'

const quiet = { logger: false } as const
const decompress: Record<string, (input: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
}

// @middy/http-content-negotiation puts the negotiated encoding on the context; set here by hand.
const negotiated = (encoding: string): Context =>
  ({ ...lambdaContext(), preferredEncoding: encoding, preferredEncodings: [encoding] }) as Context

const document = JSON.stringify({
  items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b', 'c'] })),
})

const decoded = (result: ProxyResult): Buffer => {
  const encoding = headerOf(result, 'content-encoding') ?? ''
  const decoder = decompress[encoding]
  if (decoder === undefined) throw new Error(`no decoder for "${encoding}"`)
  assert.is(result.isBase64Encoded, true)
  return decoder(Buffer.from(result.body ?? '', 'base64'))
}

// ---
const encoded = suite('http-content-encoding: compressed bodies')

encoded(
  'keeps a gzip, brotli or deflate body base64-intact with its Content-Encoding on every front door',
  async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      for (const door of DOORS) {
        const handler = middy(() => ({
          statusCode: 200,
          headers: { 'Content-Type': 'application/json' },
          body: document,
        }))
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const result = (await handler(eventFor(door), negotiated(encoding))) as unknown as ProxyResult
        assertValid(result, door)
        assert.is(headerOf(result, 'content-encoding'), encoding, `${encoding} ${door}`)
        assert.is(headerOf(result, 'vary'), 'Accept-Encoding', `${encoding} ${door}`)
        assert.is(decoded(result).toString('utf8'), document, `${encoding} ${door}`)
      }
    }
  },
)

encoded('compresses binary data returned as a Buffer and keeps every byte', async () => {
  const bytes = Buffer.alloc(8192, 0)
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 7 === 0 ? 255 : i % 13
  for (const door of DOORS) {
    const handler = middy(() => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    }))
      .use(proxyResponse(quiet))
      .use(httpContentEncoding())
    const result = (await handler(eventFor(door), negotiated('gzip'))) as unknown as ProxyResult
    assertValid(result, door)
    assert.ok(decoded(result).equals(bytes), door)
  }
})

encoded(
  'sends an object body uncompressed in the documented order (it is serialized after the encoder ran)',
  async () => {
    // http-content-encoding compresses strings and Buffers only; an object is serialized by proxyResponse,
    // whose after runs last. The response is valid and complete, only not compressed.
    const handler = middy(() => JSON.parse(document) as unknown)
      .use(proxyResponse(quiet))
      .use(httpContentEncoding())
    const result = (await handler(eventFor('http-v2'), negotiated('gzip'))) as unknown as ProxyResult
    assertValid(result, 'http-v2')
    assert.is(headerOf(result, 'content-encoding'), undefined)
    assert.is(result.isBase64Encoded, false)
    assert.is(result.body, document)
  },
)

encoded(
  'in the wrong order (proxyResponse last) compresses the serialized body, valid where headers are a key',
  async () => {
    const invalidOn: FrontDoor[] = []
    for (const door of DOORS) {
      const handler = middy(() => JSON.parse(document) as unknown)
        .use(httpContentEncoding())
        .use(proxyResponse(quiet))
      const result = (await handler(eventFor(door), negotiated('gzip'))) as unknown as ProxyResult
      if (validateProxyResult(result, door).length > 0) {
        invalidOn.push(door)
        continue
      }
      assert.is(decoded(result).toString('utf8'), document, door)
    }
    // The encoder writes Content-Encoding into `headers`, which a multi-value ALB ignores: the client
    // would get gzip bytes labelled as JSON. That is why proxyResponse must come first.
    assert.equal(invalidOn, ['alb-multi-value'])
  },
)

encoded.run()
