// Headers the front door computes or drops (CONTRACT.md, "Headers every front door computes"): a result
// never carries a Content-Length that differs from the bytes of the body actually sent, nor a hop-by-hop
// header; and a Set-Cookie value holding several cookies joined with commas is taken apart, since no
// front door sends such a list as the cookies it holds.
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import createHttpError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ProxyResponseOptions, type ProxyResult, proxyResponse, type Repair } from '../src/index.js'
import {
  assertValid,
  cookiesOf,
  DOORS,
  eventFor,
  expectedResult,
  headerValuesOf,
  lambdaContext,
  MULTI_COOKIE_DOORS,
  sentFor,
  withRequestHeaders,
} from './hardening/helpers.js'
import { decodedBody, type ProxyDoor } from './oracle/contract.js'

type Answer = { result: ProxyResult; codes: string[]; repairs: Array<[code: string, path: string]> }

/** What `frontDoor` receives from a handler returning (or, with `thrown`, throwing) `value`. */
const answer = async (
  frontDoor: ProxyDoor,
  value: () => unknown,
  options: ProxyResponseOptions & { thrown?: boolean; event?: unknown } = {},
): Promise<Answer> => {
  const { thrown, event, ...rest } = options
  const repairs: Repair[] = []
  const handler = middy(async () => {
    if (thrown) throw value()
    return value()
  }).use(proxyResponse({ logger: false, onRepair: (repair) => repairs.push(repair), ...rest }))
  const result = (await handler(event ?? eventFor(frontDoor), lambdaContext())) as ProxyResult
  assertValid(result, frontDoor)
  return {
    result,
    codes: repairs.map((repair) => repair.code),
    repairs: repairs.map((repair) => [repair.code, repair.path]),
  }
}

const lengthOf = (result: ProxyResult): string[] => headerValuesOf(result, 'content-length')

// ---

const length = suite('Content-Length')

type LengthCase = {
  name: string
  value: () => unknown
  /** The byte count the caller receives. */
  bytes: number
  /** Whether the given Content-Length differed from it. */
  corrected: boolean
}

const order = { name: 'Café Zoë', total: 12.5 }
const orderJson = JSON.stringify(order)
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff])

const LENGTHS: LengthCase[] = [
  {
    name: 'a count of characters for UTF-8 text',
    value: () => ({
      statusCode: 200,
      headers: { 'Content-Length': String('héllo 😀'.length) },
      body: 'héllo 😀',
    }),
    bytes: Buffer.byteLength('héllo 😀'),
    corrected: true,
  },
  {
    name: 'the right count, as a number',
    value: () => ({ statusCode: 200, headers: { 'content-length': 11 }, body: 'hello world' }),
    bytes: 11,
    corrected: false,
  },
  {
    name: 'a wrong count, as a number',
    value: () => ({ statusCode: 200, headers: { 'content-length': 99 }, body: 'hello world' }),
    bytes: 11,
    corrected: true,
  },
  {
    name: 'a count taken before an object body was serialized',
    value: () => ({
      statusCode: 200,
      headers: { 'Content-Length': String(Object.keys(order).length) },
      body: order,
    }),
    bytes: Buffer.byteLength(orderJson),
    corrected: true,
  },
  {
    name: 'a count of the characters of the JSON, not its bytes',
    value: () => ({ statusCode: 200, headers: { 'Content-Length': String(orderJson.length) }, body: order }),
    bytes: Buffer.byteLength(orderJson),
    corrected: true,
  },
  {
    name: 'the bytes of a Buffer, counted before base64',
    value: () => ({ statusCode: 200, headers: { 'Content-Length': String(png.length) }, body: png }),
    bytes: png.length,
    corrected: false,
  },
  {
    name: 'the length of the base64 text of a Buffer',
    value: () => ({
      statusCode: 200,
      headers: { 'Content-Length': String(png.toString('base64').length) },
      body: png,
    }),
    bytes: png.length,
    corrected: true,
  },
  {
    name: 'the decoded bytes of a base64 body',
    value: () => ({
      statusCode: 200,
      headers: { 'Content-Length': String(png.length) },
      body: png.toString('base64'),
      isBase64Encoded: true,
    }),
    bytes: png.length,
    corrected: false,
  },
  {
    name: 'two different counts in multiValueHeaders',
    value: () => ({ statusCode: 200, multiValueHeaders: { 'Content-Length': ['3', '5'] }, body: 'hello' }),
    bytes: 5,
    corrected: true,
  },
  {
    name: 'text that is not a number',
    value: () => ({ statusCode: 200, headers: { 'Content-Length': 'chunked' }, body: 'hello' }),
    bytes: 5,
    corrected: true,
  },
  {
    name: 'a count given for a stream body',
    value: () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain', 'Content-Length': '1' },
      body: Readable.from(['héllo ', 'wörld']),
    }),
    bytes: Buffer.byteLength('héllo wörld'),
    corrected: true,
  },
  {
    name: 'a count from a web Response',
    value: () => new Response('héllo', { headers: { 'content-type': 'text/plain', 'content-length': '5' } }),
    bytes: Buffer.byteLength('héllo'),
    corrected: true,
  },
]

for (const frontDoor of DOORS) {
  length(
    `is set to the bytes of the body actually sent, and reported when it differed, on ${frontDoor}`,
    async () => {
      for (const c of LENGTHS) {
        const { result, codes } = await answer(frontDoor, c.value)
        assert.equal(lengthOf(result), [String(c.bytes)], `${c.name}: ${JSON.stringify(result)}`)
        assert.is(decodedBody(result).length, c.bytes, c.name)
        assert.is(codes.includes('content-length-corrected'), c.corrected, `${c.name}: ${codes.join(', ')}`)
      }
    },
  )
}

length('gives a whole result that says the truth, and reports only what was repaired', async () => {
  const { result, repairs } = await answer('http-v2', () => ({
    statusCode: 201,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 5 },
    body: 'héllo',
  }))
  assert.equal(result, {
    statusCode: 201,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '6' },
    cookies: [],
    body: 'héllo',
    isBase64Encoded: false,
  })
  assert.equal(repairs, [
    ['header-value-coerced', 'headers.Content-Length'],
    ['content-length-corrected', 'headers.Content-Length'],
  ])
})

for (const frontDoor of DOORS) {
  length(`passes a right Content-Length and reports nothing on ${frontDoor}`, async () => {
    const left = {
      statusCode: 200,
      headers: { 'Content-Length': '6', 'Content-Type': 'text/plain' },
      body: 'héllo',
    }
    const { result, codes } = await answer(frontDoor, () => ({ ...left, headers: { ...left.headers } }))
    const strict = expectedResult(frontDoor, {
      statusCode: 200,
      reason: 'OK',
      headers: left.headers,
      body: 'héllo',
    })
    assert.equal(result, sentFor(frontDoor, left, strict))
    assert.equal(codes, [])
  })

  length(
    `leaves Content-Length out of a 1xx, 204 and 304 response, and reports it, on ${frontDoor}`,
    async () => {
      for (const statusCode of [100, 103, 204, 304]) {
        for (const given of ['0', '42']) {
          const { result, codes } = await answer(frontDoor, () => ({
            statusCode,
            headers: { 'Content-Length': given, ETag: '"v1"' },
          }))
          assert.equal(lengthOf(result), [], `${statusCode} with ${given}`)
          assert.equal(headerValuesOf(result, 'etag'), ['"v1"'], `${statusCode} with ${given}`)
          assert.equal(codes, ['content-length-corrected'], `${statusCode} with ${given}`)
        }
      }
    },
  )

  length(`sets the Content-Length of an error's headers to the error body on ${frontDoor}`, async () => {
    const error = () => createHttpError(404, 'No order 42', { headers: { 'Content-Length': '1' } })
    for (const thrown of [true, false]) {
      const { result } = await answer(frontDoor, error, { thrown })
      assert.is(result.body, '{"message":"No order 42"}')
      assert.equal(lengthOf(result), [String(result.body?.length)], thrown ? 'thrown' : 'returned')
    }
  })
}

length('counts the compressed bytes when the body is compressed', async () => {
  const text = 'a long and repetitive report line\n'.repeat(200)
  for (const frontDoor of ['http-v2', 'function-url', 'alb', 'lattice-v2'] as const) {
    const { result } = await answer(
      frontDoor,
      () => ({
        statusCode: 200,
        headers: { 'Content-Type': 'text/plain', 'Content-Length': '7' },
        body: text,
      }),
      { compressAbove: 0, event: withRequestHeaders(frontDoor, { 'accept-encoding': 'gzip' }) },
    )
    assert.equal(headerValuesOf(result, 'content-encoding'), ['gzip'], frontDoor)
    assert.equal(lengthOf(result), [String(decodedBody(result).length)], frontDoor)
    assert.ok(decodedBody(result).length < Buffer.byteLength(text), frontDoor)
  }
})

length.run()

// ---

const hop = suite('hop-by-hop headers')

const HOP_BY_HOP = {
  Connection: 'close',
  'Keep-Alive': 'timeout=5',
  'Transfer-Encoding': 'chunked',
  Upgrade: 'h2c',
  TE: 'trailers',
  Trailer: 'Expires',
  'Proxy-Authenticate': 'Basic realm="internal"',
  'Proxy-Connection': 'keep-alive',
  'proxy-authorization': 'Basic YWRtaW46aHVudGVyMg==',
}

for (const frontDoor of DOORS) {
  hop(`are left out of headers and multiValueHeaders, and each is reported, on ${frontDoor}`, async () => {
    const multi = Object.fromEntries(Object.entries(HOP_BY_HOP).map(([name, value]) => [name, [value]]))
    for (const where of ['headers', 'multiValueHeaders'] as const) {
      const map = where === 'headers' ? { ...HOP_BY_HOP, 'X-Kept': 'yes' } : { ...multi, 'X-Kept': ['yes'] }
      const { result, repairs } = await answer(frontDoor, () => ({
        statusCode: 200,
        [where]: map,
        body: 'ok',
      }))
      assert.equal(
        result,
        expectedResult(frontDoor, {
          statusCode: 200,
          reason: 'OK',
          headers: { 'X-Kept': 'yes' },
          body: 'ok',
        }),
        where,
      )
      assert.equal(
        repairs,
        Object.keys(HOP_BY_HOP).map((name) => ['header-hop-by-hop', `${where}.${name}`]),
        where,
      )
    }
  })

  hop(`are left out of a web Response's headers, and reported, on ${frontDoor}`, async () => {
    const { result, codes } = await answer(
      frontDoor,
      () =>
        new Response('ok', {
          headers: {
            'content-type': 'text/plain',
            connection: 'close',
            'keep-alive': 'timeout=5',
            'transfer-encoding': 'chunked',
            upgrade: 'websocket',
            trailer: 'Expires',
          },
        }),
    )
    assert.equal(
      result,
      expectedResult(frontDoor, {
        statusCode: 200,
        reason: 'OK',
        headers: { 'content-type': 'text/plain' },
        body: 'ok',
      }),
    )
    assert.equal(codes, Array(5).fill('header-hop-by-hop'))
  })

  hop(
    `are left out of the headers of an http-errors error, thrown or returned, on ${frontDoor}`,
    async () => {
      const error = () =>
        createHttpError(503, 'draining', {
          headers: { Connection: 'close', 'Keep-Alive': 'timeout=1', 'Retry-After': '30' },
        })
      for (const thrown of [true, false]) {
        const { result } = await answer(frontDoor, error, { thrown })
        assert.equal(
          result,
          expectedResult(frontDoor, {
            statusCode: 503,
            reason: 'Service Unavailable',
            headers: { 'Retry-After': '30', 'Content-Type': 'application/json' },
            body: '{"message":"Service Unavailable"}',
          }),
          thrown ? 'thrown' : 'returned',
        )
      }
    },
  )
}

hop.run()

// ---

const lists = suite('a comma-joined list of cookies in one Set-Cookie value')

const expires = 'Expires=Wed, 21 Oct 2026 07:28:00 GMT'

/** The strict result of an empty 200 carrying `cookies` (a WebSocket route sends one, in its headers). */
const withCookies = (frontDoor: ProxyDoor, cookies: string[]): ProxyResult => {
  const result = expectedResult(frontDoor, { statusCode: 200, reason: 'OK', cookies })
  return frontDoor === 'websocket' ? { ...result, headers: { 'Set-Cookie': cookies[0] ?? '' } } : result
}

for (const frontDoor of DOORS) {
  lists(`is split into its cookies and reported on ${frontDoor}`, async () => {
    const sources: Array<[string, () => unknown]> = [
      ['headers', () => ({ statusCode: 200, headers: { 'Set-Cookie': `a=1; Path=/, b=2; ${expires}` } })],
      [
        'multiValueHeaders',
        () => ({ statusCode: 200, multiValueHeaders: { 'Set-Cookie': [`a=1; Path=/,b=2; ${expires}`] } }),
      ],
      ['cookies', () => ({ statusCode: 200, cookies: [`a=1; Path=/,  b=2; ${expires}`] })],
    ]
    for (const [where, value] of sources) {
      const { result, codes } = await answer(frontDoor, value)
      const cookies = ['a=1; Path=/', `b=2; ${expires}`]
      const sent = MULTI_COOKIE_DOORS.includes(frontDoor) ? cookies : cookies.slice(0, 1)
      assert.equal(result, withCookies(frontDoor, sent), where)
      assert.ok(codes.includes('cookie-list-split'), `${where}: ${codes.join(', ')}`)
      // Where a front door carries one cookie, the first is sent and the others reported dropped.
      assert.is(codes.includes('cookies-dropped'), !MULTI_COOKIE_DOORS.includes(frontDoor), where)
    }
  })

  lists(`is never split at the comma of an Expires date on ${frontDoor}`, async () => {
    const cookie = `session=abc; Path=/; ${expires}; HttpOnly`
    const { result, codes } = await answer(frontDoor, () => ({
      statusCode: 200,
      headers: { 'Set-Cookie': cookie },
    }))
    const left = { statusCode: 200, headers: { 'Set-Cookie': cookie } }
    assert.equal(result, sentFor(frontDoor, left, withCookies(frontDoor, [cookie])))
    assert.equal(cookiesOf(result), [cookie])
    assert.ok(!codes.includes('cookie-list-split'), codes.join(', '))
  })
}

lists('is split when it comes from a web Response or an error', async () => {
  const headers = new Headers({ 'set-cookie': 'a=1, b=2' })
  for (const frontDoor of ['rest', 'http-v2', 'alb-multi-value'] as const) {
    const { result, codes } = await answer(frontDoor, () => new Response(null, { status: 204, headers }))
    assert.equal(cookiesOf(result), ['a=1', 'b=2'], frontDoor)
    assert.equal(codes, ['cookie-list-split'], frontDoor)
    const error = () =>
      createHttpError(401, 'Signed out', { headers: { 'Set-Cookie': 'a=; Max-Age=0, b=; Max-Age=0' } })
    const thrown = await answer(frontDoor, error, { thrown: true })
    assert.equal(
      thrown.result,
      expectedResult(frontDoor, {
        statusCode: 401,
        reason: 'Unauthorized',
        headers: { 'Content-Type': 'application/json' },
        body: '{"message":"Signed out"}',
        cookies: ['a=; Max-Age=0', 'b=; Max-Age=0'],
      }),
    )
  }
})

lists.run()
