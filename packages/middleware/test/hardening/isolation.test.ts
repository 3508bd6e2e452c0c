// One warm handler, many invocations: no state of one request may reach another, whether they come one
// after the other through different front doors or hundreds at once.
import { setTimeout as sleep } from 'node:timers/promises'
import middy from '@middy/core'
import { type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { ProxyDoor } from '../oracle/contract.js'
import { assertValid, cookiesOf, DOORS, eventFor, headerOf, type Json, lambdaContext } from './helpers.js'

// ---
const warm = suite('warm invocations through different front doors')

warm('never see the cookies or headers of the previous one', async () => {
  let n = 0
  const handler = middy((event: Json) => {
    n++
    const first = n === 1
    return {
      statusCode: first ? 201 : 200,
      headers: first ? { 'X-First': 'only-first', 'Set-Cookie': 'first=1' } : { 'X-Second': String(n) },
      cookies: first ? ['session=first'] : [],
      body: { n, kind: typeof event.httpMethod },
    }
  }).use(proxyResponse({ logger: false }))
  const order: ProxyDoor[] = [
    'rest',
    'alb',
    'http-v2',
    'alb-multi-value',
    'function-url',
    'lattice-v2',
    'websocket',
    'http-v1',
    'lattice-v1',
  ]
  const results: ProxyResult[] = []
  for (const door of order) {
    const result = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
    assertValid(result, door)
    results.push(result)
  }
  const [first, ...rest] = results
  assert.is(first?.statusCode, 201)
  assert.equal(cookiesOf(first as ProxyResult), ['first=1', 'session=first'])
  rest.forEach((result, i) => {
    const door = order[i + 1] as ProxyDoor
    assert.is(result.statusCode, 200, door)
    assert.equal(cookiesOf(result), [], door)
    assert.is(headerOf(result, 'x-first'), undefined, door)
    assert.is(headerOf(result, 'x-second'), String(i + 2), door)
  })
})

warm('never see the error headers of a failed invocation', async () => {
  let fail = true
  const handler = middy(() => {
    if (fail)
      throw Object.assign(new Error('nope'), {
        statusCode: 401,
        expose: true,
        headers: { 'WWW-Authenticate': 'Bearer' },
      })
    return 'fine'
  }).use(proxyResponse({ logger: false }))
  for (const door of DOORS) {
    fail = true
    const failed = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
    assert.is(headerOf(failed, 'www-authenticate'), 'Bearer', door)
    fail = false
    const ok = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
    assertValid(ok, door)
    assert.is(ok.statusCode, 200, door)
    assert.is(headerOf(ok, 'www-authenticate'), undefined, door)
  }
})

warm.run()

// ---
const concurrent = suite('concurrent invocations in one process')

concurrent('each of 500 gets exactly its own response', async () => {
  const handler = middy(async (event: Json) => {
    const id = event.__id as number
    await sleep(id % 7)
    const cookie = `id=${id}`
    if (id % 5 === 4)
      throw Object.assign(new Error(`fail ${id}`), {
        statusCode: 409,
        expose: true,
        headers: { 'X-Id': String(id) },
      })
    await sleep((id * 13) % 5)
    return { statusCode: 200 + (id % 7), headers: { 'X-Id': String(id) }, cookies: [cookie], body: { id } }
  }).use(proxyResponse({ logger: false }))
  const calls = Array.from({ length: 500 }, (_, id) => {
    const door = DOORS[id % DOORS.length] as ProxyDoor
    return { id, door, promise: handler(eventFor(door, { __id: id }), lambdaContext(`req-${id}`)) }
  })
  const results = (await Promise.all(calls.map((c) => c.promise))) as unknown as ProxyResult[]
  calls.forEach(({ id, door }, i) => {
    const result = results[i] as ProxyResult
    assertValid(result, door)
    assert.is(headerOf(result, 'x-id'), String(id), `${id} on ${door}`)
    if (id % 5 === 4) {
      assert.is(result.statusCode, 409, `${id}`)
      assert.is(result.body, JSON.stringify({ message: `fail ${id}` }))
      assert.equal(cookiesOf(result), [])
    } else {
      const status = 200 + (id % 7)
      assert.is(result.statusCode, status, `${id}`)
      // A 204 carries no body (RFC 9110); every front door carries one cookie.
      assert.is(result.body, status === 204 ? '' : JSON.stringify({ id }), `${id}`)
      assert.equal(cookiesOf(result), [`id=${id}`], `${id} on ${door}`)
    }
  })
})

concurrent.run()
