// Text that a REST caller must receive as text (issue 14, section 8). A REST API decodes base64 only for
// its binaryMediaTypes, so a text body sent as base64 reaches the caller as base64 text. Any type with
// a `+xml` or `+json` structured-syntax suffix is UTF-8 text, outside `application/` too (an SVG), and
// `content-encoding: identity` is no coding at all: such bodies go out as text, whether returned in a
// web Response or read from a stream. Bytes a handler holds (a Buffer) stay base64 whatever the type.
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ProxyResult, proxyResponse } from '../src/index.js'
import { assertValid, eventFor, expectedResult, lambdaContext } from './hardening/helpers.js'
import { decodedBody } from './oracle/contract.js'

/** What a REST API receives from a handler returning `value`, judged by the validator and the oracle. */
const answer = async (value: () => unknown): Promise<{ result: ProxyResult; codes: string[] }> => {
  const codes: string[] = []
  const handler = middy(async () => value()).use(
    proxyResponse({ logger: false, onRepair: (repair) => codes.push(repair.code) }),
  )
  const result = (await handler(eventFor('rest'), lambdaContext())) as ProxyResult
  assertValid(result, 'rest')
  return { result, codes }
}

const KINDS = ['node', 'web'] as const

/** A stream of `chunks`, as Node or as the web makes it. */
const streamOf = (kind: (typeof KINDS)[number], chunks: ReadonlyArray<Uint8Array | string>): unknown =>
  kind === 'node'
    ? Readable.from(chunks)
    : new ReadableStream({
        start(controller) {
          for (const chunk of chunks)
            controller.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
          controller.close()
        },
      })
// ---
const textual = suite('structured-syntax suffixes and the identity coding, behind a REST API')

// A REST API decodes base64 only for its binaryMediaTypes: text sent as base64 reaches the caller as
// base64 text. Any `+xml` or `+json` type is UTF-8 text (issue 14, section 8), outside `application/` too.
const SUFFIXED = [
  'image/svg+xml',
  'image/svg+xml; charset=utf-8',
  'model/x3d+xml',
  'message/vnd.example+json',
  'image/vnd.example+json; charset=UTF-8',
]
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><title>Zoë 😀</title></svg>'

textual('sends a Response whose type has a +xml or +json suffix as text to a REST caller', async () => {
  for (const type of SUFFIXED) {
    const { result, codes } = await answer(() => new Response(SVG, { headers: { 'content-type': type } }))
    assert.equal(
      result,
      expectedResult('rest', { statusCode: 200, reason: 'OK', headers: { 'content-type': type }, body: SVG }),
      type,
    )
    assert.equal(codes, [], type)
  }
})

textual('sends a stream body whose type has a +xml or +json suffix as text to a REST caller', async () => {
  for (const type of SUFFIXED) {
    for (const kind of KINDS) {
      // Split inside the emoji: the bytes are joined before they are decoded.
      const bytes = Buffer.from(SVG)
      const chunks = [bytes.subarray(0, bytes.length - 10), bytes.subarray(bytes.length - 10)]
      const { result } = await answer(() => ({
        statusCode: 200,
        headers: { 'Content-Type': type },
        body: streamOf(kind, chunks),
      }))
      assert.equal(
        result,
        expectedResult('rest', {
          statusCode: 200,
          reason: 'OK',
          headers: { 'Content-Type': type },
          body: SVG,
        }),
        `${type}, ${kind}`,
      )
    }
  }
})

textual('takes content-encoding: identity for no coding, in a Response and in a stream body', async () => {
  for (const identity of ['identity', 'Identity']) {
    for (const type of ['application/json', 'text/plain; charset=utf-8', 'image/svg+xml']) {
      const headers = { 'content-type': type, 'content-encoding': identity }
      const expected = expectedResult('rest', { statusCode: 200, reason: 'OK', headers, body: SVG })
      const response = await answer(() => new Response(SVG, { headers }))
      assert.equal(response.result, expected, `${identity}, ${type}, a Response`)
      for (const kind of KINDS) {
        const stream = await answer(() => ({ statusCode: 200, headers, body: streamOf(kind, [SVG]) }))
        assert.equal(stream.result, expected, `${identity}, ${type}, ${kind} stream`)
      }
    }
  }
})

textual('keeps a body with a real content coding in base64, whatever its type', async () => {
  const gzipped = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x3c, 0x73, 0x76, 0x67])
  for (const type of ['image/svg+xml', 'message/vnd.example+json']) {
    const headers = { 'content-type': type, 'content-encoding': 'gzip' }
    for (const value of [
      () => new Response(gzipped, { headers }),
      () => ({ statusCode: 200, headers, body: streamOf('node', [gzipped]) }),
    ]) {
      const { result } = await answer(value)
      assert.is(result.isBase64Encoded, true, type)
      assert.ok(decodedBody(result).equals(gzipped), type)
    }
  }
})

textual('keeps a Buffer body in base64 whatever its type says', async () => {
  const bytes = Buffer.from(SVG)
  for (const type of [...SUFFIXED, 'text/plain; charset=utf-8', 'application/json']) {
    for (const headers of [
      { 'content-type': type },
      { 'content-type': type, 'content-encoding': 'identity' },
    ]) {
      const { result } = await answer(() => ({ statusCode: 200, headers, body: bytes }))
      assert.equal(
        result,
        expectedResult('rest', {
          statusCode: 200,
          reason: 'OK',
          headers,
          body: bytes.toString('base64'),
          isBase64Encoded: true,
        }),
        `${type}, ${JSON.stringify(headers)}`,
      )
    }
  }
})

textual.run()
