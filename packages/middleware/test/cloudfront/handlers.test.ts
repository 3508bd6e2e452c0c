// A handler written for API Gateway, put behind a Lambda@Edge trigger: whatever it returns or throws
// becomes a response in CloudFront's shape (README, "CloudFront (Lambda@Edge)"): `status` a string,
// headers as `{ key, value }` entries under the lower-cased name, each cookie its own entry, binary as
// base64 with `bodyEncoding: 'base64'`, and thrown errors answered by the rule of every front door.
import { Buffer } from 'node:buffer'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { eventFor } from '../hardening/helpers.js'
import { invoke } from '../helpers.js'
import { type CloudFrontDoor, decodedBody, noLeak } from '../oracle/contract.js'
import { answer, BODY_DOORS, cfOf, edgeEvent, type Obj, valuesOf } from './helpers.js'

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

/** The response CloudFront gave a response trigger, in the event as it was sent. */
const cfOfSent = (event: Obj): Obj => cfOf(event).response as Obj

/** A result without its free-text `statusDescription`, which the README leaves to the middleware. */
const shapeOf = (result: Obj): Obj => {
  const { statusDescription: _, ...rest } = result
  return rest
}

// ---

const generated = suite('a result in API Gateway shape on a trigger that may send a body')

for (const door of BODY_DOORS) {
  generated(`sends { statusCode, headers, body } as { status, headers, body } on ${door}`, async () => {
    const { result, codes } = await answer(door, () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' },
      body: '{"id":1}',
    }))
    assert.equal(shapeOf(result), {
      status: '201',
      headers: {
        'content-type': [{ key: 'Content-Type', value: 'application/json' }],
        'x-request-id': [{ key: 'X-Request-Id', value: 'r-1' }],
      },
      body: '{"id":1}',
    })
    assert.equal(codes, [])
  })

  generated(`sends an object as JSON and a string as text, both 200, on ${door}`, async () => {
    const object = await answer(door, () => ({ id: 42, tags: ['a', 'é'] }))
    assert.is(object.result.status, '200')
    assert.equal(valuesOf(object.result, 'content-type'), ['application/json'])
    assert.equal(JSON.parse(decodedBody(object.result).toString('utf8')), { id: 42, tags: ['a', 'é'] })
    const text = await answer(door, () => 'Grüße 😀')
    assert.is(text.result.status, '200')
    assert.equal(valuesOf(text.result, 'content-type'), ['text/plain; charset=utf-8'])
    assert.is(text.result.body, 'Grüße 😀')
    assert.is(text.result.bodyEncoding, undefined, 'text needs no bodyEncoding')
  })

  generated(
    `sends a Buffer, a typed array and an ArrayBuffer as base64, byte for byte, on ${door}`,
    async () => {
      const values: Array<[string, () => unknown]> = [
        ['a Buffer', () => Buffer.from(ALL_BYTES)],
        [
          'a Uint8Array view into a larger buffer',
          () => new Uint8Array([7, ...ALL_BYTES, 7]).subarray(1, 257),
        ],
        ['an ArrayBuffer', () => new Uint8Array(ALL_BYTES).buffer],
      ]
      for (const [name, value] of values) {
        const { result, codes } = await answer(door, value, { label: `${door}, ${name}` })
        assert.is(result.status, '200', name)
        assert.is(result.bodyEncoding, 'base64', name)
        assert.equal(valuesOf(result, 'content-type'), ['application/octet-stream'], name)
        assert.ok(decodedBody(result).equals(ALL_BYTES), name)
        assert.equal(codes, [], name)
      }
    },
  )

  generated(`keeps a binary body in base64 whatever the result says, on ${door}`, async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ALL_BYTES])
    const results = [
      () => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: png }),
      () => ({
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: png.toString('base64'),
        isBase64Encoded: true,
      }),
    ]
    for (const value of results) {
      const { result } = await answer(door, value)
      assert.is(result.bodyEncoding, 'base64')
      assert.equal(valuesOf(result, 'content-type'), ['image/png'])
      assert.ok(decodedBody(result).equals(png))
    }
  })

  generated(`sends a web Response with its status, headers and every cookie on ${door}`, async () => {
    const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    headers.append('set-cookie', 'a=1; Path=/')
    headers.append('set-cookie', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly')
    const { result } = await answer(door, () => new Response('<p>hé</p>', { status: 202, headers }))
    assert.is(result.status, '202')
    assert.equal(valuesOf(result, 'content-type'), ['text/html; charset=utf-8'])
    assert.equal(valuesOf(result, 'cache-control'), ['no-store'])
    assert.equal(valuesOf(result, 'set-cookie'), [
      'a=1; Path=/',
      'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly',
    ])
    assert.is(result.body, '<p>hé</p>')
    const image = await answer(
      door,
      () => new Response(ALL_BYTES, { status: 200, headers: { 'content-type': 'image/webp' } }),
    )
    assert.is(image.result.bodyEncoding, 'base64')
    assert.ok(decodedBody(image.result).equals(ALL_BYTES))
  })

  generated(`keeps every cookie as its own entry, wherever the result put it, on ${door}`, async () => {
    const expires = 'session=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure'
    const cases: Array<[string, () => unknown, string[], string[]]> = [
      [
        'multiValueHeaders',
        () => ({ statusCode: 200, multiValueHeaders: { 'Set-Cookie': [expires, 'theme=dark'] }, body: 'ok' }),
        [expires, 'theme=dark'],
        [],
      ],
      [
        'the cookies array of payload 2.0',
        () => ({ statusCode: 200, cookies: ['a=1', 'b=2', expires], body: 'ok' }),
        ['a=1', 'b=2', expires],
        [],
      ],
      [
        'headers and multiValueHeaders both',
        () => ({
          statusCode: 200,
          headers: { 'Set-Cookie': 'a=1' },
          multiValueHeaders: { 'set-cookie': ['b=2'] },
          body: 'ok',
        }),
        ['a=1', 'b=2'],
        [],
      ],
      [
        'one comma-joined header',
        () => ({ statusCode: 200, headers: { 'Set-Cookie': `a=1, ${expires}` }, body: 'ok' }),
        ['a=1', expires],
        ['cookie-list-split'],
      ],
    ]
    for (const [name, value, cookies, expected] of cases) {
      const { result, codes } = await answer(door, value, { label: `${door}, ${name}` })
      assert.equal(valuesOf(result, 'set-cookie'), cookies, name)
      assert.equal(codes, expected, name)
    }
  })

  generated(
    `sends several values of a header as several entries, and coerces numbers, on ${door}`,
    async () => {
      const { result, repairs } = await answer(door, () => ({
        statusCode: 200,
        headers: { 'X-Count': 3 },
        multiValueHeaders: { 'Cache-Control': ['no-cache', 'no-store'] },
        body: 'ok',
      }))
      assert.equal((result.headers as Obj)['cache-control'], [
        { key: 'Cache-Control', value: 'no-cache' },
        { key: 'Cache-Control', value: 'no-store' },
      ])
      assert.equal((result.headers as Obj)['x-count'], [{ key: 'X-Count', value: '3' }])
      assert.equal(
        repairs.map((repair) => [repair.code, repair.path]),
        [['header-value-coerced', 'headers.X-Count']],
      )
    },
  )

  generated(`sends no body key at all on a 204 or a 304, on ${door}`, async () => {
    for (const statusCode of [204, 304]) {
      const bare = await answer(door, () => ({ statusCode }))
      assert.equal(shapeOf(bare.result), { status: String(statusCode), headers: {} })
      const withBody = await answer(door, () => ({ statusCode, body: 'not here' }))
      assert.not.ok('body' in withBody.result, `${statusCode}: a body key was sent`)
      assert.equal(withBody.codes, ['body-forbidden'], String(statusCode))
    }
  })
}

generated.run()

// ---

const viewer = suite('a result in API Gateway shape on a viewer-response trigger')

viewer("keeps CloudFront's status and body, and sends the result's headers", async () => {
  const door = 'cloudfront-viewer-response'
  const { result, sent, codes } = await answer(door, () => ({
    statusCode: 201,
    headers: { 'Cache-Control': 'max-age=60' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: 'replaced',
  }))
  const response = cfOfSent(sent)
  assert.is(result.status, response.status)
  assert.not.ok('body' in result, 'a viewer response carries the origin body')
  assert.equal(valuesOf(result, 'cache-control'), ['max-age=60'])
  assert.equal(valuesOf(result, 'set-cookie'), ['a=1', 'b=2'])
  // Read-only on a viewer response: CloudFront's value, whatever the result says.
  assert.equal(valuesOf(result, 'content-length'), ['9593'])
  assert.equal(codes.sort(), ['body-read-only', 'status-read-only'])
})

viewer('reports nothing when the result asks for the status CloudFront gave and sends no body', async () => {
  const { result, codes } = await answer('cloudfront-viewer-response', () => ({
    statusCode: 200,
    headers: { 'X-Frame-Options': 'DENY' },
  }))
  assert.is(result.status, '200')
  assert.equal((result.headers as Obj)['x-frame-options'], [{ key: 'X-Frame-Options', value: 'DENY' }])
  assert.equal(codes, [])
})

viewer.run()

// ---

const thrown = suite('a thrown error on a Lambda@Edge trigger')

const SECRET = 'postgres://admin:hunter2@orders-db.internal'

/** What a handler throws, each with what no response may show. */
const errors = (): Array<[string, () => unknown]> => [
  ['an http-errors 404', () => createError(404, 'No order 42')],
  ['an unexposed http-errors 503', () => createError(503, `pool ${SECRET} exhausted`)],
  ['an Error', () => new Error(`connect ${SECRET} refused`)],
  [
    'an upstream error with status only',
    () => Object.assign(new Error(`GET https://${SECRET}/x failed`), { status: 404 }),
  ],
  [
    'an SDK error with statusCode and no expose',
    () => Object.assign(new Error(`No such key in ${SECRET}`), { statusCode: 403 }),
  ],
  ['a string', () => `plain ${SECRET}`],
  ['an object', () => ({ message: SECRET, statusCode: 'x' })],
]

for (const door of BODY_DOORS) {
  thrown(
    `answers every thrown value with the status and body REST gives, leaking nothing, on ${door}`,
    async () => {
      for (const [name, make] of errors()) {
        const { result, logs } = await answer(
          door,
          () => {
            throw make()
          },
          { label: `${door}, ${name}` },
        )
        const rest = (await invoke(() => Promise.reject(make()), eventFor('rest'))) as Obj
        assert.is(result.status, String(rest.statusCode), name)
        assert.equal(decodedBody(result).toString('utf8'), rest.body, name)
        assert.equal(valuesOf(result, 'content-type'), ['application/json'], name)
        assert.equal(noLeak(result, [SECRET]), [], `${door}, ${name}`)
        assert.is(logs.length, 1, `${name}: the error is logged`)
      }
    },
  )

  thrown(`sends the status, exposed message and headers of an http-errors error on ${door}`, async () => {
    const { result } = await answer(door, () => {
      throw createError(429, 'Slow down', { headers: { 'Retry-After': 30 } })
    })
    assert.is(result.status, '429')
    assert.is(result.body, '{"message":"Slow down"}')
    assert.equal(valuesOf(result, 'retry-after'), ['30'])
    const hidden = await answer(door, () => {
      throw createError(503, `db ${SECRET}`)
    })
    assert.is(hidden.result.status, '503')
    assert.is(hidden.result.body, '{"message":"Service Unavailable"}')
  })

  thrown(`answers with an RFC 9457 document under errorFormat: 'problem' on ${door}`, async () => {
    const { result } = await answer(
      door,
      () => {
        throw new Error(SECRET)
      },
      { options: { errorFormat: 'problem' } },
    )
    assert.is(result.status, '500')
    assert.equal(valuesOf(result, 'content-type'), ['application/problem+json'])
    const problem = JSON.parse(String(result.body)) as Obj
    assert.is(problem.title, 'Internal Server Error')
    assert.is(problem.status, 500)
    assert.not.ok('detail' in problem, 'an unexposed error has no detail')
    assert.equal(noLeak(result, [SECRET]), [])
  })
}

thrown(
  "keeps CloudFront's viewer response as it was when the function throws, and logs the error",
  async () => {
    const door: CloudFrontDoor = 'cloudfront-viewer-response'
    for (const [name, make] of errors()) {
      const event = edgeEvent(door)
      const { result, sent, logs } = await answer(
        door,
        () => {
          throw make()
        },
        { event, label: `${door}, ${name}` },
      )
      assert.equal(result, cfOfSent(sent), name)
      assert.equal(noLeak(result, [SECRET]), [], name)
      assert.is(logs.length, 1, name)
      assert.is(logs[0]?.level, 'error', name)
    }
  },
)

thrown(
  "keeps CloudFront's viewer response as it was when the function changed it in place, then threw",
  async () => {
    const door: CloudFrontDoor = 'cloudfront-viewer-response'
    const { result, sent } = await answer(door, (event) => {
      const response = cfOf(event).response as Obj
      ;(response.headers as Obj)['content-type'] = [{ key: 'Content-Type', value: 'application/json' }]
      delete (response.headers as Obj)['cache-control']
      delete (response.headers as Obj).date
      throw new Error(`render failed: ${SECRET}`)
    })
    assert.equal(result, cfOfSent(sent))
  },
)

thrown.run()
