// Results that fight back: mutated events, shared and frozen objects, throwing getters, Proxies,
// null prototypes and class instances. Every one must still become a valid response.
import middy from '@middy/core'
import { type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { ProxyDoor } from '../oracle/contract.js'
import {
  assertValid,
  capturingLogger,
  cookiesOf,
  DOORS,
  eventFor,
  headerOf,
  type Json,
  lambdaContext,
  MULTI_COOKIE_DOORS,
} from './helpers.js'

const quiet = { logger: false } as const

const answer = async (door: ProxyDoor, handler: (event: Json) => unknown): Promise<ProxyResult> =>
  (await middy(handler as never).use(proxyResponse(quiet))(
    eventFor(door),
    lambdaContext(),
  )) as unknown as ProxyResult

// ---
const mutatedEvent = suite('a handler that mutates the event')

mutatedEvent(
  'still gets the shape of the front door the request came through when it rewrites headers and body',
  async () => {
    for (const door of DOORS) {
      const result = await answer(door, (event) => {
        event.headers = { normalized: 'yes' }
        event.body = { parsed: true }
        event.isBase64Encoded = true
        return { ok: true }
      })
      assertValid(result, door)
      assert.is(result.body, '{"ok":true}', door)
    }
  },
)

mutatedEvent(
  'still gets the shape of its front door when it deletes what the front door was told by',
  async () => {
    // The front door is a property of the request, fixed before the handler runs: a handler that
    // strips requestContext (or multiValueHeaders on a multi-value ALB) must not turn the answer into a
    // pass-through of the raw value, nor into another front door's shape.
    for (const door of DOORS) {
      const result = await answer(door, (event) => {
        delete event.requestContext
        delete event.multiValueHeaders
        delete event.version
        delete event.raw_path
        return { ok: true }
      })
      assertValid(result, door)
      assert.is(result.body, '{"ok":true}', door)
    }
  },
)

mutatedEvent.run()

// ---
const shared = suite('one result object returned by two invocations')

shared('corrupts neither answer and leaves the shared object as it was', async () => {
  const reply = {
    statusCode: '201',
    headers: { 'X-Count': 5, 'set-cookie': ['a=1', 'b=2'] },
    multiValueHeaders: { 'X-List': ['x', 'y'] },
    cookies: ['c=3'],
    body: { created: true },
  }
  const snapshot = structuredClone(reply)
  const handler = middy(() => reply).use(proxyResponse(quiet))
  const results: ProxyResult[] = []
  for (const door of ['rest', 'http-v2', 'alb-multi-value', 'alb', 'rest'] as const) {
    const result = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
    assertValid(result, door)
    assert.is(result.statusCode, 201, door)
    assert.is(result.body, '{"created":true}', door)
    results.push(structuredClone(result))
    assert.equal(reply, snapshot, `the shared object was mutated on ${door}`)
  }
  // The first and the last answer (both REST) are equal: nothing of the others leaked into the last.
  assert.equal(results[4], results[0])
})

shared('returns an already-valid shared result untouched on every invocation', async () => {
  const reply = { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'same' }
  const snapshot = structuredClone(reply)
  const handler = middy(() => reply).use(proxyResponse(quiet))
  for (let i = 0; i < 3; i++) {
    const result = await handler(eventFor('rest'), lambdaContext())
    assert.equal(result, snapshot)
  }
  assert.equal(reply, snapshot)
})

shared.run()

// ---
const frozen = suite('a frozen result')

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

frozen('is repaired into a new object on every front door, the frozen one untouched', async () => {
  for (const door of DOORS) {
    const reply = deepFreeze({
      statusCode: 404,
      headers: { 'X-Reason': 'gone', 'Set-Cookie': ['a=1', 'b=2'] },
      multiValueHeaders: { Link: ['</a>', '</b>'] },
      body: { missing: true },
    })
    const result = await answer(door, () => reply)
    assertValid(result, door)
    assert.is(result.statusCode, 404, door)
    assert.is(headerOf(result, 'x-reason'), 'gone', door)
    assert.is(result.body, '{"missing":true}', door)
    if (MULTI_COOKIE_DOORS.includes(door)) assert.equal(cookiesOf(result), ['a=1', 'b=2'], door)
  }
})

frozen('passes a frozen valid result through as it is', async () => {
  const reply = deepFreeze({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ice' })
  const result = await answer('http-v2', () => reply)
  assert.equal(result, { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ice' })
})

frozen.run()

// ---
const getters = suite('a result with a getter that throws')

const throwing = (): never => {
  throw new Error('getter exploded')
}

getters('on statusCode: a valid response, with the body kept', async () => {
  for (const door of DOORS) {
    const result = await answer(door, () => ({
      get statusCode(): number {
        return throwing()
      },
      body: 'kept',
    }))
    assertValid(result, door)
  }
})

getters('on body: a valid response whose status is kept', async () => {
  for (const door of DOORS) {
    const result = await answer(door, () => ({
      statusCode: 202,
      headers: { 'x-a': '1' },
      get body(): string {
        return throwing()
      },
    }))
    assertValid(result, door)
    assert.is(result.statusCode, 202, door)
    assert.is(headerOf(result, 'x-a'), '1', door)
  }
})

getters('on one header: a valid response with the other headers kept', async () => {
  for (const door of DOORS) {
    const headers = {
      'x-before': 'b',
      get 'x-bomb'(): string {
        return throwing()
      },
      'x-after': 'a',
    }
    const result = await answer(door, () => ({ statusCode: 200, headers, body: 'ok' }))
    assertValid(result, door)
    assert.is(result.statusCode, 200, door)
    assert.is(result.body, 'ok', door)
    assert.is(headerOf(result, 'x-before'), 'b', door)
    assert.is(headerOf(result, 'x-after'), 'a', door)
  }
})

getters.run()

// ---
const proxies = suite('a Proxy as the result')

proxies('is read through its traps like a plain result', async () => {
  for (const door of DOORS) {
    const target = { statusCode: 201, headers: { 'x-p': 'proxied' }, body: 'via proxy' }
    const result = await answer(door, () => new Proxy(target, {}))
    assertValid(result, door)
    assert.is(result.statusCode, 201, door)
    assert.is(result.body, 'via proxy', door)
    assert.is(headerOf(result, 'x-p'), 'proxied', door)
  }
})

proxies('whose every trap throws still gives a valid response', async () => {
  const traps: ProxyHandler<object> = {
    get: throwing,
    has: throwing,
    ownKeys: throwing,
    getOwnPropertyDescriptor: throwing,
    getPrototypeOf: throwing,
    isExtensible: throwing,
  }
  for (const door of DOORS) {
    const { entries, logger } = capturingLogger()
    const handler = middy(() => new Proxy({ statusCode: 200, body: 'x' }, traps)).use(
      proxyResponse({ logger }),
    )
    const result = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
    assertValid(result, door)
    assert.is(result.statusCode, 500, door)
    assert.ok(entries.length > 0, `${door}: the failure is logged`)
  }
})

proxies('whose get trap throws for one key only keeps the rest', async () => {
  for (const door of DOORS) {
    const target = { statusCode: 200, headers: { 'x-ok': 'yes' }, body: 'fine', isBase64Encoded: false }
    const proxy = new Proxy(target, {
      get: (t, key, receiver) => (key === 'isBase64Encoded' ? throwing() : Reflect.get(t, key, receiver)),
    })
    const result = await answer(door, () => proxy)
    assertValid(result, door)
    assert.is(result.body, 'fine', door)
    assert.is(headerOf(result, 'x-ok'), 'yes', door)
  }
})

proxies.run()

// ---
const odd = suite('results that are not plain objects')

odd('a null-prototype result keeps its status, headers and body', async () => {
  for (const door of DOORS) {
    const headers = Object.assign(Object.create(null) as Json, { 'x-np': 'null-proto' })
    const reply = Object.assign(Object.create(null) as Json, { statusCode: 203, headers, body: 'np' })
    const result = await answer(door, () => reply)
    assertValid(result, door)
    assert.is(result.statusCode, 203, door)
    assert.is(result.body, 'np', door)
    assert.is(headerOf(result, 'x-np'), 'null-proto', door)
  }
})

odd('a class instance with result keys keeps its status, headers (from a getter) and body', async () => {
  class Reply {
    statusCode = 202
    body = 'accepted'
    get headers(): Record<string, string> {
      return { 'x-class': 'Reply' }
    }
  }
  for (const door of DOORS) {
    const result = await answer(door, () => new Reply())
    assertValid(result, door)
    assert.is(result.statusCode, 202, door)
    assert.is(result.body, 'accepted', door)
  }
})

odd('a class instance of data is sent as its JSON, and one whose toJSON throws as a 500', async () => {
  class User {
    constructor(readonly name: string) {}
  }
  class Broken {
    toJSON(): never {
      return throwing()
    }
  }
  for (const door of DOORS) {
    const user = await answer(door, () => new User('Ada'))
    assertValid(user, door)
    assert.is(user.statusCode, 200, door)
    assert.is(user.body, '{"name":"Ada"}', door)
    const broken = await answer(door, () => new Broken())
    assertValid(broken, door)
    assert.is(broken.statusCode, 500, door)
    assert.not.match(broken.body ?? '', 'getter exploded')
  }
})

odd.run()
