// A response over its trigger's limit (README, "CloudFront (Lambda@Edge)", "Size"): 40,000 bytes on the
// viewer triggers, 1,000,000 on the origin triggers, headers and body as serialized. Over it, the body
// is compressed to fit when the viewer's Accept-Encoding in the event allows it, else the answer is a
// 500 whose log names the size and the limit; a viewer response's body is CloudFront's. Never a result
// CloudFront would refuse: every answer is judged by the oracle against its event.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { LogEntry } from '../../src/index.js'
import { type CloudFrontDoor, decodedBody, limitOf } from '../oracle/contract.js'
import { answer, BODY_DOORS, cfOf, edgeEvent, givenOf, type Obj, setEdgeHeader, valuesOf } from './helpers.js'

/** The published event of `door`, its request carrying `accept-encoding` (none when `undefined`). */
const acceptingEvent = (door: CloudFrontDoor, acceptEncoding: string | undefined): Obj =>
  edgeEvent(door, (cf) => {
    const request = cf.request as Obj
    delete (request.headers as Obj)['accept-encoding']
    if (acceptEncoding !== undefined) setEdgeHeader(request, 'Accept-Encoding', acceptEncoding)
  })

/** Text that compresses well, `bytes` long, twice the limit of `door` unless said. */
const pageOf = (door: CloudFrontDoor, bytes = 2 * limitOf(door)): string =>
  Array.from({ length: Math.ceil(bytes / 40) }, (_, i) => `<li>row ${String(i).padStart(6, '0')}</li>\n`)
    .join('')
    .slice(0, bytes)

/** Bytes no coding shrinks, the same on every run (xorshift32). */
const noise = (bytes: number): Buffer => {
  const out = Buffer.alloc(bytes)
  let x = 2463534242
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

const decompress: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
  deflate: inflateSync,
}

/** The bytes the viewer gets once it undoes the Content-Encoding of `result`. */
const decoded = (result: Obj): Buffer => {
  const coding = valuesOf(result, 'content-encoding')?.[0] ?? ''
  const undo = decompress[coding]
  assert.ok(undo, `no known Content-Encoding: ${coding}`)
  return undo(decodedBody(result))
}

/** Asserts a generic 500 and a log entry naming the size, over the limit of `door`. */
const assertTooLarge = (door: CloudFrontDoor, result: Obj, logs: LogEntry[], label: string): void => {
  assert.is(result.status, '500', label)
  assert.is(result.body, '{"message":"Internal Server Error"}', label)
  const entry = logs.find((log) => log.error?.code === 'too-large')
  assert.ok(entry, `${label}: no too-large entry in ${JSON.stringify(logs)}`)
  assert.is(entry.level, 'error', label)
  assert.is(entry.statusCode, 500, label)
  const said = /the result is (\d+) bytes or more.* limit of (\d+)/.exec(entry.error?.message ?? '')
  assert.ok(said, `${label}: the log does not name the size and the limit: ${entry.error?.message}`)
  assert.ok(Number(said[1]) > limitOf(door), `${label}: ${said[1]} is not over the limit`)
  assert.is(Number(said[2]), limitOf(door), label)
}

// ---

const packed = suite('a body over the limit, compressed to fit')

for (const door of BODY_DOORS) {
  packed(
    `compresses with the one coding the viewer accepts, and the bytes come back exact, on ${door}`,
    async () => {
      const page = pageOf(door)
      for (const coding of ['br', 'gzip', 'deflate']) {
        const { result } = await answer(door, () => page, {
          event: acceptingEvent(door, coding),
          label: `${door}, ${coding}`,
        })
        assert.is(result.status, '200', coding)
        assert.is(result.bodyEncoding, 'base64', coding)
        assert.equal(valuesOf(result, 'content-encoding'), [coding])
        assert.equal(valuesOf(result, 'vary'), ['Accept-Encoding'])
        assert.equal(valuesOf(result, 'content-type'), ['text/plain; charset=utf-8'])
        assert.is(decoded(result).toString('utf8'), page, coding)
      }
    },
  )

  packed(`compresses every kind of large body, byte for byte, on ${door}`, async () => {
    const page = pageOf(door)
    const rows = Array.from({ length: limitOf(door) / 20 }, (_, i) => ({ id: i, name: `row ${i}` }))
    const bytes = Buffer.from(page.repeat(1), 'latin1')
    const values: Array<[string, (event: Obj) => unknown, Buffer]> = [
      ['an object', () => ({ rows }), Buffer.from(JSON.stringify({ rows }))],
      [
        'an API Gateway result with cookies',
        () => ({
          statusCode: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          cookies: ['a=1', 'b=2'],
          body: page,
        }),
        Buffer.from(page),
      ],
      ['a Buffer', () => bytes, bytes],
      [
        "CloudFront's shape",
        (event) => ({
          ...(door === 'cloudfront-origin-response' ? givenOf(door, event) : {}),
          status: '200',
          headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }] },
          body: page,
        }),
        Buffer.from(page),
      ],
    ]
    for (const [name, value, expected] of values) {
      const { result } = await answer(door, value, {
        event: acceptingEvent(door, 'gzip, deflate, br'),
        label: `${door}, ${name}`,
      })
      assert.is(result.status, '200', name)
      assert.ok(decoded(result).equals(expected), name)
      if (name.includes('cookies')) assert.equal(valuesOf(result, 'set-cookie'), ['a=1', 'b=2'])
    }
  })

  packed(`sends a body that fits as it is, uncompressed, on ${door}`, async () => {
    const page = pageOf(door, limitOf(door) - 1000)
    const { result } = await answer(door, () => page, { event: acceptingEvent(door, 'br') })
    assert.is(result.body, page)
    assert.is(valuesOf(result, 'content-encoding'), undefined)
  })
}

packed('reads the Accept-Encoding CloudFront normalized on a published origin-request event', async () => {
  const door: CloudFrontDoor = 'cloudfront-origin-request'
  const event = edgeEvent(door, undefined, 'cloudfront/cloudfront-extensions-origin-request-s3-origin.json')
  const page = pageOf(door)
  const { result } = await answer(door, () => page, { event })
  assert.equal(valuesOf(result, 'content-encoding'), ['gzip'])
  assert.is(decoded(result).toString('utf8'), page)
})

packed('reads the Accept-Encoding of a published viewer-request event', async () => {
  const door: CloudFrontDoor = 'cloudfront-viewer-request'
  const event = edgeEvent(door, undefined, 'cloudfront/serverless-express-viewer-request-post-body.json')
  const page = pageOf(door)
  const { result } = await answer(door, () => ({ statusCode: 200, body: page }), { event })
  assert.ok(['br', 'gzip', 'deflate'].includes(valuesOf(result, 'content-encoding')?.[0] ?? ''))
  assert.is(decoded(result).toString('utf8'), page)
})

packed.run()

// ---

const refused = suite('a body over the limit that cannot be compressed to fit')

for (const door of BODY_DOORS) {
  refused(
    `answers 500, logging the size and the limit, when the viewer accepts no coding, on ${door}`,
    async () => {
      const page = pageOf(door)
      for (const acceptEncoding of [undefined, 'identity', 'gzip;q=0, br;q=0, deflate;q=0', '*;q=0']) {
        const label = `${door}, accept-encoding ${acceptEncoding}`
        const { result, logs } = await answer(door, () => page, {
          event: acceptingEvent(door, acceptEncoding),
          label,
        })
        assertTooLarge(door, result, logs, label)
      }
    },
  )

  refused(`answers 500 when even the compressed body is over the limit, on ${door}`, async () => {
    const bytes = noise(limitOf(door) + 1000)
    const { result, logs } = await answer(door, () => bytes, { event: acceptingEvent(door, 'br, gzip') })
    assertTooLarge(door, result, logs, door)
  })

  refused(`answers 500 under compress: false, on ${door}`, async () => {
    const { result, logs } = await answer(door, () => pageOf(door), {
      event: acceptingEvent(door, 'gzip'),
      options: { compress: false },
    })
    assertTooLarge(door, result, logs, door)
  })

  refused(`answers 500 to headers alone over the limit, on ${door}`, async () => {
    const { result, logs } = await answer(
      door,
      () => ({ statusCode: 200, headers: { 'X-Big': 'a'.repeat(limitOf(door)) } }),
      {
        event: acceptingEvent(door, 'gzip'),
      },
    )
    assertTooLarge(door, result, logs, door)
    assert.is(valuesOf(result, 'x-big'), undefined)
  })
}

refused.run()

// ---

const viewer = suite('a viewer response over the limit')

viewer("leaves a large body out, since a viewer response's body is CloudFront's", async () => {
  const door: CloudFrontDoor = 'cloudfront-viewer-response'
  const page = pageOf(door)
  const { result, codes } = await answer(door, () => page, { event: acceptingEvent(door, 'gzip') })
  assert.is(result.status, '200')
  assert.not.ok('body' in result)
  assert.is(valuesOf(result, 'content-encoding'), undefined)
  assert.equal(codes, ['body-read-only'])
})

viewer(
  "keeps CloudFront's response when the function's headers are over the limit, logging the size and the limit",
  async () => {
    const door: CloudFrontDoor = 'cloudfront-viewer-response'
    const ways: Array<[string, (response: Obj) => Obj]> = [
      ['in a copy', (response) => structuredClone(response)],
      ['in place', (response) => response],
    ]
    for (const [how, target] of ways) {
      const { result, sent, logs } = await answer(door, (event) => {
        const response = target(cfOf(event).response as Obj)
        setEdgeHeader(response, 'X-Big', 'a'.repeat(limitOf(door)))
        return response
      })
      // As it was: the origin's headers with it, since its body goes out as the origin sent it.
      assert.equal(result, cfOf(sent).response, how)
      const entry = logs.find((log) => log.error?.code === 'too-large')
      assert.ok(entry, JSON.stringify(logs))
      assert.match(entry.error?.message ?? '', /\d+ bytes or more.* limit of 40000/)
    }
  },
)

viewer.run()
