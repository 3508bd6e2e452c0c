// The http-content-encoding suites, shared by `content-encoding.test.ts` (Middy 5, any Node) and
// `content-encoding.node22.test.ts` (Middy 7, whose encoder imports zlib's zstd: Node >= 22 only).
// A compressed body must reach the client byte for byte: base64 intact (CloudFront's `bodyEncoding`
// included), Content-Encoding kept, on every front door but a CloudFront viewer response, whose body
// and Content-Encoding are CloudFront's.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { Context } from 'aws-lambda'
import { FRONT_DOORS, type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
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
import {
  assertContract,
  type CloudFrontDoor,
  decodedBody,
  eventViolations,
  type ProxyDoor,
} from '../oracle/contract.js'
import {
  headerOf as anyHeaderOf,
  cfOf,
  edgeDoors,
  edgeErrorResult,
  edgeHeaders,
  isEdgeRequest,
  type Obj,
  requestOn,
  sendsOwnBody,
  statusOf,
  statusOnDoor,
} from './shapes.js'
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

/** The decompressed body of a CloudFront response, which must be sent base64 (`bodyEncoding`). */
const edgeDecoded = (result: Obj): Buffer => {
  const encoding = anyHeaderOf(result, 'content-encoding') ?? ''
  const decoder = decompress[encoding]
  if (decoder === undefined) throw new Error(`no decoder for "${encoding}"`)
  assert.is(result.bodyEncoding, 'base64')
  return decoder(decodedBody(result))
}

const EDGE_DOORS = edgeDoors(FRONT_DOORS)
/** The CloudFront triggers whose answer carries a body of the function's own. */
const EDGE_BODY_DOORS = EDGE_DOORS.filter(sendsOwnBody)

/**
 * On a viewer response the status, the body and Content-Encoding (read-only) stay CloudFront's: the
 * encoder's work never reaches the viewer, and the headers are the function's but those.
 */
const assertViewerResponseKept = (result: unknown, request: Obj, where: string): void => {
  const given = cfOf(request).response as Obj
  assert.is(statusOf(result), Number(given.status), where)
  assert.is((result as Obj).body, undefined, where)
  assert.is(anyHeaderOf(result, 'content-encoding'), anyHeaderOf(given, 'content-encoding'), where)
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
        for (const door of EDGE_DOORS) {
          const handler = middy(() => ({ statusCode: 200, headers: { ...JSON_TYPE }, body: document }))
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const request = requestOn(door)
          const result = (await handler(structuredClone(request), negotiated(encoding))) as Obj
          const where = `${encoding} ${door}`
          assertContract(result, door, where, request)
          if (!sendsOwnBody(door)) {
            assertViewerResponseKept(result, request, where)
            continue
          }
          assert.is(edgeDecoded(result).toString('utf8'), document, where)
          const headers = { ...JSON_TYPE, 'Content-Encoding': encoding, ...stack.contentEncodingVary }
          const body = result.body
          assert.equal(
            result,
            { status: '200', headers: edgeHeaders(headers), body, bodyEncoding: 'base64' },
            where,
          )
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
    for (const door of EDGE_DOORS) {
      const handler = middy(() => ({ statusCode: 200, headers: { ...OCTETS }, body: bytes }))
        .use(proxyResponse(quiet))
        .use(httpContentEncoding())
      const request = requestOn(door)
      const result = (await handler(structuredClone(request), negotiated('gzip'))) as Obj
      assertContract(result, door, door, request)
      if (!sendsOwnBody(door)) {
        assertViewerResponseKept(result, request, door)
        continue
      }
      assert.ok(edgeDecoded(result).equals(bytes), door)
      assert.is(anyHeaderOf(result, 'content-type'), 'application/octet-stream', door)
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
        for (const door of EDGE_DOORS) {
          const handler = middy(() => JSON.parse(document) as unknown)
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const request = requestOn(door)
          const result = await handler(structuredClone(request), negotiated('gzip'))
          assertContract(result, door, door, request)
          const body = JSON.stringify({ message: 'Internal Server Error' })
          assert.equal(
            result,
            edgeErrorResult(door, request, { status: 500, headers: JSON_TYPE, body }),
            door,
          )
        }
      },
    )

    encoded(
      "answers 500 to a CloudFront request sent on with its body (the distribution's include-body option): it takes the request's body object for a response body",
      async () => {
        const httpContentEncoding = await stack.httpContentEncoding()
        for (const door of ['cloudfront-viewer-request', 'cloudfront-origin-request'] as const) {
          const handler = middy((incoming) => cfOf(incoming).request)
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const withBody = requestOn(door, { method: 'POST', body: 'item=tea' })
          const result = await handler(structuredClone(withBody), negotiated('gzip'))
          assertContract(result, door, door, withBody)
          const body = JSON.stringify({ message: 'Internal Server Error' })
          assert.equal(
            result,
            edgeErrorResult(door, withBody, { status: 500, headers: JSON_TYPE, body }),
            door,
          )
          // Without a body (a GET, or include-body off) the request goes on.
          const without = requestOn(door)
          const onward = await handler(structuredClone(without), negotiated('gzip'))
          assertContract(onward, door, door, without)
          assert.ok(isEdgeRequest(onward), door)
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
        for (const door of EDGE_BODY_DOORS) {
          const handler = middy(() => JSON.parse(document) as unknown)
            .use(proxyResponse(quiet))
            .use(httpContentEncoding())
          const request = requestOn(door)
          const result = await handler(structuredClone(request), negotiated('gzip'))
          assertContract(result, door, door, request)
          assert.equal(result, { status: '200', headers: edgeHeaders(JSON_TYPE), body: document }, door)
        }
      },
    )

    encoded('sends a CloudFront request with its body on, leaving the body alone', async () => {
      const httpContentEncoding = await stack.httpContentEncoding()
      for (const door of ['cloudfront-viewer-request', 'cloudfront-origin-request'] as const) {
        const handler = middy((incoming) => cfOf(incoming).request)
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const withBody = requestOn(door, { method: 'POST', body: 'item=tea' })
        const result = await handler(structuredClone(withBody), negotiated('gzip'))
        assertContract(result, door, door, withBody)
        assert.ok(isEdgeRequest(result), door)
        assert.is(decodedBody(result).toString('utf8'), 'item=tea', door)
      }
    })
  }

  encoded(
    'turns a handler that returns nothing into a bare 500 (its after gives an empty response status 500)',
    async () => {
      // The upstream behaviour, pinned (normalizeHttpResponse): proxyResponse would have sent a 204. The
      // README's workaround, `{ statusCode: 204 }`, is sent as it is.
      // On CloudFront, where nothing means "send the request on" (or the response back), the workaround is
      // to return it.
      const httpContentEncoding = await stack.httpContentEncoding()
      for (const door of FRONT_DOORS) {
        const nothing = middy(() => undefined)
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const request = requestOn(door)
        const result = await nothing(structuredClone(request), negotiated('gzip'))
        assertContract(result, door, door, request)
        assert.is(statusOf(result), statusOnDoor(door, request, 500), door)
        assert.is(decodedBody(result).length, 0, door)
        const explicit = middy((incoming) => {
          const cf = edgeRecord(incoming)
          return cf === undefined ? { statusCode: 204 } : (cf.response ?? cf.request)
        })
          .use(proxyResponse(quiet))
          .use(httpContentEncoding())
        const fixed = await explicit(structuredClone(request), negotiated('gzip'))
        assertContract(fixed, door, door, request)
        if (door === 'cloudfront-viewer-request' || door === 'cloudfront-origin-request') {
          assert.ok(isEdgeRequest(fixed), door)
        } else {
          const given = edgeRecord(request)?.response as Obj | undefined
          assert.is(statusOf(fixed), given === undefined ? 204 : Number(given.status), door)
        }
      }
    },
  )

  encoded(
    'in the wrong order (proxyResponse last) compresses the serialized body, valid where headers are a key',
    async () => {
      const httpContentEncoding = await stack.httpContentEncoding()
      const invalidOn: Array<ProxyDoor | CloudFrontDoor> = []
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
      for (const door of EDGE_DOORS) {
        const handler = middy(() => JSON.parse(document) as unknown)
          .use(httpContentEncoding())
          .use(proxyResponse(quiet))
        const request = requestOn(door)
        const result = await handler(structuredClone(request), negotiated('gzip'))
        const found = eventViolations(result, door, request)
        // normalizeHttpResponse gives CloudFront's result a `statusCode`, which CloudFront refuses.
        if (found.some((v) => v.startsWith('unknown key "statusCode"'))) invalidOn.push(door)
      }
      // The encoder writes Content-Encoding into `headers`, which a multi-value ALB ignores: the client
      // would get gzip bytes labelled as JSON; and on CloudFront it writes keys of the proxy shape. That is
      // why proxyResponse must come first.
      assert.equal(invalidOn, ['alb-multi-value', ...EDGE_DOORS])
    },
  )

  encoded.run()

  // ---
  const own = suite(`${stack.name}: http-content-encoding and proxyResponse's own compression`)

  // Every front door but WebSocket decodes base64 for the caller; a REST API for its binaryMediaTypes;
  // CloudFront sends its own body on every trigger but a viewer response.
  const decoding = DOORS.filter((door) => door !== 'websocket')
  const compressing = { ...quiet, compressAbove: 100, binaryMediaTypes: ['*/*'] }
  const gzipRequest = (door: ProxyDoor) => withRequestHeaders(door, { 'accept-encoding': 'gzip' })
  const gzipEdgeRequest = (door: CloudFrontDoor) =>
    requestOn(door, { headers: { 'accept-encoding': 'gzip' } })

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
    for (const door of EDGE_BODY_DOORS) {
      const handler = middy(() => ({ statusCode: 200, headers: { ...JSON_TYPE }, body: document }))
        .use(proxyResponse(compressing))
        .use(httpContentEncoding())
      const request = gzipEdgeRequest(door)
      const result = (await handler(structuredClone(request), negotiated('gzip'))) as Obj
      assertContract(result, door, door, request)
      assert.is(edgeDecoded(result).toString('utf8'), document, door)
      assert.is(anyHeaderOf(result, 'content-encoding'), 'gzip', door)
    }
  })

  own('answers 500 rather than compress again what the encoder compressed still over the limit', async () => {
    const httpContentEncoding = await stack.httpContentEncoding()
    // Two megabytes of random hex: gzip halves it, and base64 takes it back over an ALB's 1 MB.
    // And over CloudFront's 1,000,000 bytes (40,000 on a viewer request).
    const hex = randomHex(2_000_000)
    for (const door of ['alb', 'alb-multi-value', ...EDGE_BODY_DOORS] as const) {
      const logs = capturingLogger()
      const handler = middy(() => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: hex }))
        .use(proxyResponse({ logger: logs.logger, compressAbove: 100 }))
        .use(httpContentEncoding())
      const body = JSON.stringify({ message: 'Internal Server Error' })
      if (door === 'alb' || door === 'alb-multi-value') {
        const result = await handler(gzipRequest(door), negotiated('gzip'))
        assertValid(result, door)
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 500,
            reason: 'Internal Server Error',
            headers: JSON_TYPE,
            body,
          }),
          door,
        )
      } else {
        const request = gzipEdgeRequest(door)
        const result = await handler(structuredClone(request), negotiated('gzip'))
        assertContract(result, door, door, request)
        assert.equal(result, edgeErrorResult(door, request, { status: 500, headers: JSON_TYPE, body }), door)
      }
      const [entry] = logs.entries
      assert.is(entry?.error?.code, 'too-large', door)
      // The size of the encoder's result, not of a second compression ("… bytes with gzip").
      const message = new RegExp(`^the result is \\d+ bytes or more, over the ${door} limit`)
      assert.match(entry?.error?.message ?? '', message, door)
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
      for (const door of EDGE_BODY_DOORS) {
        const handler = middy(() => JSON.parse(document) as unknown).use(
          proxyResponse({ ...compressing, compressAbove: 1024 }),
        )
        const request = gzipEdgeRequest(door)
        const result = (await handler(structuredClone(request), lambdaContext())) as Obj
        assertContract(result, door, door, request)
        assert.is(edgeDecoded(result).toString('utf8'), document, door)
        const headers = edgeHeaders({ ...JSON_TYPE, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' })
        assert.equal(result, { status: '200', headers, body: result.body, bodyEncoding: 'base64' }, door)
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
      for (const door of EDGE_BODY_DOORS) {
        const handler = middy(() => JSON.parse(document) as unknown)
          .use(proxyResponse(compressing))
          .use(httpContentEncoding())
        const request = gzipEdgeRequest(door)
        const result = (await handler(structuredClone(request), negotiated('gzip'))) as Obj
        assertContract(result, door, door, request)
        assert.is(edgeDecoded(result).toString('utf8'), document, door)
      }
    })
  }

  own.run()
}

/** `Records[0].cf` of a CloudFront event, undefined for any other event. */
const edgeRecord = (event: unknown): Obj | undefined => {
  const records = (event as Obj).Records
  return Array.isArray(records) ? ((records[0] as Obj | undefined)?.cf as Obj | undefined) : undefined
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
