// The http-content-encoding suites, shared by `content-encoding.test.ts` (Middy 5, any Node) and
// `content-encoding.node22.test.ts` (Middy 7, whose encoder imports zlib's zstd: Node >= 22 only).
// A compressed body must reach the client byte for byte: base64 intact, Content-Encoding kept.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { Context } from 'aws-lambda'
import { FRONT_DOORS, type FrontDoor, type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { event, validateProxyResult } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  assertValid,
  capturingLogger,
  DOORS,
  eventFor,
  expectedResult,
  headerOf,
  lambdaContext,
  sentFor,
  withRequestHeaders,
} from '../hardening/helpers.js'
import { assertContract, decodedBody, type ProxyDoor } from '../oracle/contract.js'
import type { Stack } from './stacks.js'

const quiet = { logger: false } as const
const JSON_TYPE = { 'Content-Type': 'application/json' }
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

export const contentEncodingSuites = (stack: Stack): void => {
  const { middy } = stack

  // ---
  const encoded = suite(`${stack.name}: http-content-encoding: compressed bodies`)

  encoded(
    'keeps a gzip, brotli or deflate body base64-intact with its Content-Encoding on every front door',
    async () => {
      const httpContentEncoding = await stack.httpContentEncoding()
      for (const encoding of ['gzip', 'br', 'deflate']) {
        for (const door of DOORS) {
          // Fresh headers per call: the encoder writes Content-Encoding into the object it is given.
          const handler = middy(() => ({ statusCode: 200, headers: { ...JSON_TYPE }, body: document }))
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const result = (await handler(eventFor(door), negotiated(encoding))) as unknown as ProxyResult
          const where = `${encoding} ${door}`
          assertValid(result, door)
          assert.is(decoded(result).toString('utf8'), document, where)
          // The compressed bytes are checked above; everything else is compared whole. The encoder leaves
          // { statusCode, headers, body, isBase64Encoded }, sent as it is where that is already valid.
          const headers = { ...JSON_TYPE, 'Content-Encoding': encoding, ...stack.contentEncodingVary }
          const left = { statusCode: 200, headers, body: result.body ?? '', isBase64Encoded: true }
          assert.equal(result, sentFor(door, left, expectedResult(door, { ...left, reason: 'OK' })), where)
        }
      }
    },
  )

  encoded('compresses binary data returned as a Buffer and keeps every byte', async () => {
    const httpContentEncoding = await stack.httpContentEncoding()
    const bytes = Buffer.alloc(8192, 0)
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 7 === 0 ? 255 : i % 13
    const OCTETS = { 'Content-Type': 'application/octet-stream' }
    for (const door of DOORS) {
      const handler = middy(() => ({ statusCode: 200, headers: { ...OCTETS }, body: bytes }))
        .use(proxyResponse(quiet))
        .use(httpContentEncoding())
      const result = (await handler(eventFor(door), negotiated('gzip'))) as unknown as ProxyResult
      assertValid(result, door)
      assert.ok(decoded(result).equals(bytes), door)
      const headers = { ...OCTETS, 'Content-Encoding': 'gzip', ...stack.contentEncodingVary }
      const left = { statusCode: 200, headers, body: result.body ?? '', isBase64Encoded: true }
      assert.equal(result, sentFor(door, left, expectedResult(door, { ...left, reason: 'OK' })), door)
    }
  })

  if (stack.contentEncodingThrowsOnObjectBody) {
    encoded(
      'answers an object body with an unexposed 500 in the documented order (the encoder throws on it)',
      async () => {
        // This major's http-content-encoding hands any body to Readable.from, which throws a TypeError on
        // an object that proxyResponse has not serialized yet (its after runs last). Middy clears the
        // response before onError, so the encoder's onError does nothing and proxyResponse answers a
        // valid 500 that exposes nothing. Users of this major return a string or serialize first.
        const httpContentEncoding = await stack.httpContentEncoding()
        for (const door of DOORS) {
          const handler = middy(() => JSON.parse(document) as unknown)
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const result = await handler(eventFor(door), negotiated('gzip'))
          assert.equal(
            result,
            expectedResult(door, {
              statusCode: 500,
              reason: 'Internal Server Error',
              headers: JSON_TYPE,
              body: JSON.stringify({ message: 'Internal Server Error' }),
            }),
            door,
          )
          assertValid(result, door)
        }
      },
    )
  } else {
    encoded(
      'sends an object body uncompressed in the documented order (it is serialized after the encoder ran)',
      async () => {
        // http-content-encoding compresses strings and Buffers only; an object is serialized by
        // proxyResponse, whose after runs last. The response is valid and complete, only not compressed.
        const httpContentEncoding = await stack.httpContentEncoding()
        for (const door of DOORS) {
          const handler = middy(() => JSON.parse(document) as unknown)
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const result = await handler(eventFor(door), negotiated('gzip'))
          assert.equal(
            result,
            expectedResult(door, { statusCode: 200, reason: 'OK', headers: JSON_TYPE, body: document }),
            door,
          )
          assertValid(result, door)
        }
      },
    )
  }

  encoded(
    'turns a handler that returns nothing into a bare 500 (its after gives an empty response status 500)',
    async () => {
      // The upstream behaviour, pinned (normalizeHttpResponse): proxyResponse would have sent a 204. The
      // README's workaround, `{ statusCode: 204 }`, is sent as it is.
      const httpContentEncoding = await stack.httpContentEncoding()
      for (const door of FRONT_DOORS) {
        const nothing = middy(() => undefined)
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const result = (await nothing(event(door), negotiated('gzip'))) as unknown as ProxyResult
        assertContract(result, door, door)
        assert.is(result.statusCode, 500, door)
        assert.is(decodedBody(result).length, 0, door)
        const explicit = middy(() => ({ statusCode: 204 }))
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const fixed = (await explicit(event(door), negotiated('gzip'))) as unknown as ProxyResult
        assertContract(fixed, door, door)
        assert.is(fixed.statusCode, 204, door)
      }
    },
  )

  encoded(
    'in the wrong order (proxyResponse last) compresses the serialized body, valid where headers are a key',
    async () => {
      const httpContentEncoding = await stack.httpContentEncoding()
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

  // ---
  const own = suite(`${stack.name}: http-content-encoding and proxyResponse's own compression`)

  // Every front door but WebSocket decodes base64 for the caller; a REST API for its binaryMediaTypes.
  const decoding = DOORS.filter((door) => door !== 'websocket')
  const compressing = { ...quiet, compressAbove: 100, binaryMediaTypes: ['*/*'] }
  const gzipRequest = (door: ProxyDoor) => withRequestHeaders(door, { 'accept-encoding': 'gzip' })

  own('never compresses a second time a body the encoder compressed, with compressAbove set', async () => {
    const httpContentEncoding = await stack.httpContentEncoding()
    for (const door of decoding) {
      const handler = middy(() => ({ statusCode: 200, headers: { ...JSON_TYPE }, body: document }))
        .use(proxyResponse(compressing))
        .use(httpContentEncoding())
      const result = (await handler(gzipRequest(door), negotiated('gzip'))) as unknown as ProxyResult
      assertValid(result, door)
      // One gunzip gives the document back: the body was compressed once.
      assert.is(decoded(result).toString('utf8'), document, door)
      assert.is(headerOf(result, 'content-encoding'), 'gzip', door)
    }
  })

  own('answers 500 rather than compress again what the encoder compressed still over the limit', async () => {
    const httpContentEncoding = await stack.httpContentEncoding()
    // Two megabytes of random hex: gzip halves it, and base64 takes it back over an ALB's 1 MB.
    const hex = randomHex(2_000_000)
    for (const door of ['alb', 'alb-multi-value'] as const) {
      const logs = capturingLogger()
      const handler = middy(() => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: hex }))
        .use(proxyResponse({ logger: logs.logger, compressAbove: 100 }))
        .use(httpContentEncoding())
      const result = await handler(gzipRequest(door), negotiated('gzip'))
      assertValid(result, door)
      assert.equal(
        result,
        expectedResult(door, {
          statusCode: 500,
          reason: 'Internal Server Error',
          headers: JSON_TYPE,
          body: JSON.stringify({ message: 'Internal Server Error' }),
        }),
        door,
      )
      const [entry] = logs.entries
      assert.is(entry?.error?.code, 'too-large', door)
      // The size of the encoder's result, not of a second compression ("… bytes with gzip").
      assert.match(
        entry?.error?.message ?? '',
        /^the result is \d+ bytes or more, over the alb(-multi-value)? limit/,
      )
    }
  })

  own(
    'compresses an object body with compressAbove, which the encoder in the documented order cannot',
    async () => {
      for (const door of decoding) {
        const handler = middy(() => JSON.parse(document) as unknown).use(
          proxyResponse({ ...compressing, compressAbove: 1024 }),
        )
        const result = (await handler(gzipRequest(door), lambdaContext())) as unknown as ProxyResult
        assertValid(result, door)
        assert.is(decoded(result).toString('utf8'), document, door)
        const headers = { ...JSON_TYPE, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' }
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 200,
            reason: 'OK',
            headers,
            body: result.body ?? '',
            isBase64Encoded: true,
          }),
          door,
        )
      }
    },
  )

  if (!stack.contentEncodingThrowsOnObjectBody) {
    own('compresses an object body the encoder left alone, when both are in the chain', async () => {
      const httpContentEncoding = await stack.httpContentEncoding()
      for (const door of decoding) {
        const handler = middy(() => JSON.parse(document) as unknown)
          .use(proxyResponse(compressing))
          .use(httpContentEncoding())
        const result = (await handler(gzipRequest(door), negotiated('gzip'))) as unknown as ProxyResult
        assertValid(result, door)
        assert.is(decoded(result).toString('utf8'), document, door)
      }
    })
  }

  own.run()
}

/** Pseudo-random hexadecimal text (a fixed linear congruential sequence), the same on every run. */
const randomHex = (length: number): string => {
  const bytes = Buffer.allocUnsafe(Math.ceil(length / 2))
  let seed = 0x2545f491
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    bytes[i] = seed >>> 24
  }
  return bytes.toString('hex').slice(0, length)
}
