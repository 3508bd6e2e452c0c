// Values that JSON turns into `{}`. A promise is one: a forgotten `await` — in a handler that builds
// the body, in a middleware that renders the response — would reach the caller as `{}`. It is awaited
// instead, and reported. A Map, a Set or a class instance without enumerable fields is sent as the
// `{}` the handler asked for, and reported: their content is lost.
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type ProxyResponseOptions,
  ProxyResponseStrictError,
  type ProxyResult,
  proxyResponse,
  type Repair,
} from '../src/index.js'
import { assertValid, DOORS, eventFor, expectedResult, lambdaContext, Thenable } from './hardening/helpers.js'
import { noLeak, type ProxyDoor } from './oracle/contract.js'

type Answer = { result: ProxyResult; repairs: Array<[code: string, path: string]> }

type Handler = () => unknown

/**
 * Runs `middy(handler).use(proxyResponse())` on `frontDoor`; with `unawaited`, a middleware after it
 * sets the response to what `unawaited` makes — how a promise reaches the middleware unawaited, since Middy
 * awaits what a handler returns. The result is judged by the validator and the oracle.
 */
const answer = async (
  frontDoor: ProxyDoor,
  handler: Handler,
  options: ProxyResponseOptions & { unawaited?: () => unknown } = {},
): Promise<Answer> => {
  const { unawaited, ...rest } = options
  const repairs: Repair[] = []
  const wrapped = middy(handler).use(
    proxyResponse({ logger: false, onRepair: (repair) => repairs.push(repair), ...rest }),
  )
  // A render step that forgot its `await`: `request.response = render(request.response)`.
  if (unawaited) {
    wrapped.use({
      after: (request) => {
        request.response = unawaited()
      },
    })
  }
  const result = (await wrapped(eventFor(frontDoor), lambdaContext())) as ProxyResult
  assertValid(result, frontDoor)
  return { result, repairs: repairs.map((repair) => [repair.code, repair.path]) }
}

/** The result of a handler returning `value` as it is, and of one throwing `error`: what a promise must give. */
const returning = async (frontDoor: ProxyDoor, value: () => unknown) =>
  (await answer(frontDoor, async () => value())).result
const throwing = async (frontDoor: ProxyDoor, error: unknown) =>
  (
    await answer(frontDoor, async () => {
      throw error
    })
  ).result

/** Settles on a later turn of the event loop: the promise is still pending when the middleware sees it. */
const later = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 5))

/** The least a thenable may be, as `await` takes it: `then` settles later and returns nothing. */
const bareThenable = (settle: { value: unknown } | { reason: unknown }) => ({
  // biome-ignore lint/suspicious/noThenProperty: a thenable is what is under test.
  then(onFulfilled?: (value: unknown) => void, onRejected?: (reason: unknown) => void): void {
    setTimeout(() => ('value' in settle ? onFulfilled?.(settle.value) : onRejected?.(settle.reason)), 5)
  },
})

const order = { id: 42, lines: [{ sku: 'A-1', quantity: 2 }] }
const orderJson = JSON.stringify(order)

// ---

const bare = suite('a promise left unawaited')

for (const frontDoor of DOORS) {
  bare(`is awaited, and what it resolves to is sent, on ${frontDoor}`, async () => {
    const { result, repairs } = await answer(frontDoor, async () => 'rendered', {
      unawaited: () => later(order),
    })
    assert.equal(
      result,
      expectedResult(frontDoor, {
        statusCode: 200,
        reason: 'OK',
        headers: { 'Content-Type': 'application/json' },
        body: orderJson,
      }),
    )
    assert.equal(repairs, [['promise-awaited', '']])
  })
}

bare('gives what it resolves to the answer that value gets when returned', async () => {
  const values: Array<[string, () => unknown]> = [
    // A header to repair: a valid result returned as it is would pass through as the very object.
    [
      'a result',
      () => ({ statusCode: 201, headers: { Location: '/orders/42', 'X-Count': 1 }, body: orderJson }),
    ],
    ['an object', () => order],
    ['a string', () => 'héllo'],
    ['a Buffer', () => Buffer.from([0, 1, 254, 255])],
    ['undefined', () => undefined],
    ['a Node stream', () => Readable.from(['a,b\n', Buffer.from('1,2\n')])],
    ['a web stream', () => new Response('streamed').body],
    [
      'a web Response',
      () => new Response('<p>hi</p>', { status: 202, headers: { 'content-type': 'text/html' } }),
    ],
    ['an error', () => createError(409, 'Order 42 is already paid')],
  ]
  for (const frontDoor of DOORS) {
    for (const [name, value] of values) {
      const { result, repairs } = await answer(frontDoor, async () => null, {
        unawaited: () => later(value()),
      })
      assert.equal(result, await returning(frontDoor, value), `${frontDoor}, ${name}`)
      assert.equal(repairs[0], ['promise-awaited', ''], `${frontDoor}, ${name}`)
    }
  }
})

bare('answers a rejection as if the handler had thrown it', async () => {
  const secret = 'postgres://admin:hunter2@db.internal'
  const errors: Array<[string, () => unknown]> = [
    ['an http-errors 404', () => createError(404, 'No order 42')],
    ['an error that exposes nothing', () => new Error(`connect ${secret} refused`)],
    ['a thrown string', () => secret],
  ]
  for (const frontDoor of DOORS) {
    for (const [name, error] of errors) {
      const { result } = await answer(frontDoor, async () => null, {
        unawaited: () => later(null).then(() => Promise.reject(error())),
      })
      assert.equal(result, await throwing(frontDoor, error()), `${frontDoor}, ${name}`)
      assert.equal(noLeak(result, [secret]), [], `${frontDoor}, ${name}`)
    }
  }
  const { result } = await answer('rest', async () => null, {
    unawaited: () => Promise.reject(createError(404, 'No order 42')),
  })
  assert.equal(
    result,
    expectedResult('rest', {
      statusCode: 404,
      reason: 'Not Found',
      headers: { 'Content-Type': 'application/json' },
      body: '{"message":"No order 42"}',
    }),
  )
})

bare.run()

// ---

const body = suite('a promise as the body of a result')

for (const frontDoor of DOORS) {
  body(`is awaited and its value sent as the body, never {}, on ${frontDoor}`, async () => {
    const { result, repairs } = await answer(frontDoor, async () => ({
      statusCode: 201,
      headers: { 'X-Order': '42' },
      body: later(order),
    }))
    assert.equal(
      result,
      expectedResult(frontDoor, {
        statusCode: 201,
        reason: 'Created',
        headers: { 'X-Order': '42', 'Content-Type': 'application/json' },
        body: orderJson,
      }),
    )
    assert.equal(repairs, [['promise-awaited', 'body']])
  })
}

body('gives what it resolves to the answer that body gets when returned', async () => {
  const bodies: Array<[string, () => unknown]> = [
    ['a string', () => 'plain text'],
    ['an object', () => order],
    ['a Buffer', () => Buffer.from('%PDF-1.7\n\u00ff')],
    ['a Node stream', () => Readable.from([Buffer.from('{"streamed":'), 'true}'])],
    ['a web stream', () => new Response('{"streamed":true}').body],
    ['null', () => null],
    ['undefined', () => undefined],
  ]
  for (const frontDoor of DOORS) {
    for (const [name, value] of bodies) {
      const result = (headers: Record<string, string>, content: unknown) => ({
        statusCode: 200,
        headers,
        body: content,
      })
      // A header to repair, so that the result returned as it is is not passed through untouched.
      const json = { 'content-type': 'application/json', 'x-count': 1 } as unknown as Record<string, string>
      const { result: awaited } = await answer(frontDoor, async () => result(json, later(value())))
      assert.equal(awaited, await returning(frontDoor, () => result(json, value())), `${frontDoor}, ${name}`)
    }
  }
})

body('answers a rejection as if the handler had thrown it', async () => {
  for (const frontDoor of DOORS) {
    const error = () => createError(404, 'No order 42')
    const { result } = await answer(frontDoor, async () => ({
      statusCode: 200,
      body: later(null).then(() => Promise.reject(error())),
    }))
    assert.equal(result, await throwing(frontDoor, error()), frontDoor)
    assert.is(result.statusCode, 404, frontDoor)
    assert.is(result.body, '{"message":"No order 42"}', frontDoor)
  }
})

body.run()

// ---

const thenables = suite('a thenable that is not a native Promise')

for (const frontDoor of DOORS) {
  thenables(`is awaited as await does, bare or as the body, on ${frontDoor}`, async () => {
    const expected = await returning(frontDoor, () => order)
    // Middy awaits what an async handler returns; a plain function's thenable reaches the middleware.
    const returned = await answer(frontDoor, () => new Thenable(later(order)))
    assert.equal(returned.result, expected, 'a Bluebird-like promise returned by a plain function')
    const unawaited = await answer(frontDoor, async () => null, {
      unawaited: () => bareThenable({ value: order }),
    })
    assert.equal(unawaited.result, expected, 'a bare thenable left unawaited')
    for (const thenable of [new Thenable(later(order)), bareThenable({ value: order })]) {
      const { result } = await answer(frontDoor, async () => ({ statusCode: 200, body: thenable }))
      assert.equal(result, expected, `${thenable.constructor.name} as the body`)
    }
  })

  thenables(`that rejects is answered as the error it rejects with, on ${frontDoor}`, async () => {
    const error = () => createError(404, 'No order 42')
    const expected = await throwing(frontDoor, error())
    const returned = await answer(
      frontDoor,
      () => new Thenable(later(null).then(() => Promise.reject(error()))),
    )
    assert.equal(returned.result, expected, 'a Bluebird-like promise returned by a plain function')
    const { result } = await answer(frontDoor, async () => ({
      statusCode: 200,
      body: bareThenable({ reason: error() }),
    }))
    assert.equal(result, expected, 'a bare thenable as the body')
  })
}

thenables.run()

// ---

const strict = suite('a forgotten await in strict mode')

strict('fails the invocation with ProxyResponseStrictError, bare or in the body', async () => {
  const cases: Array<[string, Handler, (() => unknown) | undefined]> = [
    ['bare', async () => null, () => later(order)],
    ['in the body', async () => ({ statusCode: 200, body: later(order) }), undefined],
  ]
  for (const frontDoor of DOORS) {
    for (const [name, handler, make] of cases) {
      try {
        await answer(frontDoor, handler, make ? { strict: true, unawaited: make } : { strict: true })
        assert.unreachable(`${frontDoor}, ${name}: strict mode should have failed`)
      } catch (error) {
        assert.instance(error, ProxyResponseStrictError, `${frontDoor}, ${name}`)
        const codes = (error as ProxyResponseStrictError).repairs.map((repair) => repair.code)
        assert.ok(codes.includes('promise-awaited'), `${frontDoor}, ${name}: ${codes.join(', ')}`)
      }
    }
  }
})

strict.run()

// ---

const empty = suite('values whose JSON loses everything')

class Session {
  readonly #token = 'tok_live_1234'
  get user(): string {
    return 'ada'
  }
  token(): string {
    return this.#token
  }
}

const LOSSY: Array<[string, () => unknown]> = [
  ['a Map', () => new Map([['id', 42]])],
  ['a Set', () => new Set([1, 2, 3])],
  ['a class instance without enumerable fields', () => new Session()],
  ['a WeakMap', () => new WeakMap()],
  ['a RegExp', () => /orders\/\d+/],
]

for (const frontDoor of DOORS) {
  empty(
    `sends a Map, a Set or a class instance as {} and reports it, returned or as the body, on ${frontDoor}`,
    async () => {
      const sent = expectedResult(frontDoor, {
        statusCode: 200,
        reason: 'OK',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
      for (const [name, value] of LOSSY) {
        const returned = await answer(frontDoor, async () => value())
        assert.equal(returned.result, sent, `${name}, returned`)
        assert.equal(returned.repairs, [['body-json-empty', '']], `${name}, returned`)
        const inBody = await answer(frontDoor, async () => ({ statusCode: 200, body: value() }))
        assert.equal(inBody.result, sent, `${name}, as the body`)
        assert.equal(inBody.repairs, [['body-json-empty', 'body']], `${name}, as the body`)
      }
    },
  )
}

empty('sends an Error put in the body as {} and reports it, exposing nothing of it', async () => {
  for (const frontDoor of DOORS) {
    const error = new Error('password authentication failed for user "admin"')
    const { result, repairs } = await answer(frontDoor, async () => ({ statusCode: 502, body: error }))
    assert.is(result.statusCode, 502, frontDoor)
    assert.is(result.body, '{}', frontDoor)
    assert.equal(repairs, [['body-json-empty', 'body']], frontDoor)
    assert.equal(noLeak(result, [error.message, error.stack ?? '']), [], frontDoor)
  }
})

empty('reports nothing for an empty plain object, or a class instance whose fields JSON keeps', async () => {
  class Order {
    readonly id = 42
  }
  const values: Array<[string, () => unknown, string]> = [
    ['{}', () => ({}), '{}'],
    ['a null-prototype {}', () => Object.create(null), '{}'],
    ['a class instance with fields', () => new Order(), '{"id":42}'],
    ['a class instance with toJSON', () => ({ toJSON: () => ({ id: 42 }) }), '{"id":42}'],
  ]
  for (const frontDoor of DOORS) {
    for (const [name, value, json] of values) {
      for (const [where, make] of [
        ['returned', async () => value()],
        ['as the body', async () => ({ statusCode: 200, body: value() })],
      ] as const) {
        const { result, repairs } = await answer(frontDoor, make)
        assert.is(result.body, json, `${frontDoor}, ${name}, ${where}`)
        assert.equal(repairs, [], `${frontDoor}, ${name}, ${where}`)
      }
    }
  }
})

empty.run()
