import { Buffer } from 'node:buffer'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { FrontDoor } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { captureLogs, eventFor, invoke } from './helpers.js'
import { assertContract, DOORS } from './oracle/contract.js'

/**
 * The strict shape of each front door, written from CONTRACT.md: every key the front door knows and
 * nothing else. `headers` holds single values; arrays are several values of one header.
 */
const shaped = (
  frontDoor: FrontDoor,
  statusCode: number,
  headers: Record<string, string | string[]>,
  body: string,
  isBase64Encoded = false,
  cookies: string[] = [],
): Record<string, unknown> => {
  const single = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
  )
  const multi = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value].flat()]))
  const description = {
    200: '200 OK',
    201: '201 Created',
    204: '204 No Content',
    500: '500 Internal Server Error',
  }[statusCode as 200]
  switch (frontDoor) {
    case 'rest':
    case 'http-v1':
      return {
        statusCode,
        headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => !Array.isArray(value))),
        multiValueHeaders: {
          ...Object.fromEntries(Object.entries(headers).filter(([, value]) => Array.isArray(value))),
          ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
        },
        body,
        isBase64Encoded,
      }
    case 'http-v2':
    case 'function-url':
      return { statusCode, headers: single, cookies, body, isBase64Encoded }
    case 'alb-multi-value':
      return {
        statusCode,
        statusDescription: description,
        multiValueHeaders: { ...multi, ...(cookies.length ? { 'Set-Cookie': cookies } : {}) },
        body,
        isBase64Encoded,
      }
    case 'websocket':
      return {
        statusCode,
        headers: { ...single, ...(cookies.length ? { 'Set-Cookie': cookies[0] } : {}) },
        body,
        isBase64Encoded,
      }
    default:
      return {
        statusCode,
        statusDescription: description,
        headers: { ...single, ...(cookies.length ? { 'Set-Cookie': cookies[0] } : {}) },
        body,
        isBase64Encoded,
      }
  }
}

const json = { 'Content-Type': 'application/json' }

// ---

const values = suite('returned values that are not proxy results')

for (const frontDoor of DOORS) {
  values(`sends a plain object as JSON on ${frontDoor}`, async () => {
    const result = await invoke(() => ({ hello: 'world', list: [1, 2] }), eventFor(frontDoor))
    assert.equal(result, shaped(frontDoor, 200, json, '{"hello":"world","list":[1,2]}'))
    assert.equal(validateProxyResult(result, frontDoor), [])
    assertContract(result, frontDoor)
  })

  values(`sends undefined as an empty 204 on ${frontDoor}`, async () => {
    const result = await invoke(() => undefined, eventFor(frontDoor))
    assert.equal(result, shaped(frontDoor, 204, {}, ''))
    assert.equal(validateProxyResult(result, frontDoor), [])
    assertContract(result, frontDoor)
  })

  values(`sends a string as UTF-8 text on ${frontDoor}`, async () => {
    const result = await invoke(() => 'héllo, wörld', eventFor(frontDoor))
    assert.equal(
      result,
      shaped(frontDoor, 200, { 'Content-Type': 'text/plain; charset=utf-8' }, 'héllo, wörld'),
    )
  })

  values(`sends a Buffer as base64 on ${frontDoor}`, async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10])
    const result = await invoke(() => bytes, eventFor(frontDoor))
    assert.equal(
      result,
      shaped(frontDoor, 200, { 'Content-Type': 'application/octet-stream' }, bytes.toString('base64'), true),
    )
    assert.equal(validateProxyResult(result, frontDoor), [])
    assertContract(result, frontDoor)
  })
}

values('sends arrays, numbers, booleans, null and dates as JSON', async () => {
  const event = eventFor('rest')
  for (const [value, body] of [
    [[1, 'two', { three: 3 }], '[1,"two",{"three":3}]'],
    [42, '42'],
    [0, '0'],
    [false, 'false'],
    [null, 'null'],
    [new Date('2026-01-02T03:04:05.000Z'), '"2026-01-02T03:04:05.000Z"'],
    [{}, '{}'],
  ] as const) {
    assert.equal(await invoke(() => value, event), shaped('rest', 200, json, body), `for ${body}`)
  }
})

values('sends only the viewed bytes of a Uint8Array that is a slice of a larger buffer', async () => {
  const backing = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
  const view = backing.subarray(2, 5)
  const result = (await invoke(() => view, eventFor('http-v2'))) as { body: string }
  assert.equal([...Buffer.from(result.body, 'base64')], [3, 4, 5])
})

values('sends an ArrayBuffer and a DataView as base64', async () => {
  const buffer = new Uint8Array([250, 251, 252]).buffer
  for (const value of [buffer, new DataView(buffer)]) {
    const result = await invoke(() => value, eventFor('function-url'))
    assert.equal(
      result,
      shaped('function-url', 200, { 'Content-Type': 'application/octet-stream' }, '+vv8', true),
    )
  }
})

values('turns an object JSON cannot serialize into a 500 and says why in the log', async () => {
  const circular: Record<string, unknown> = { name: 'loop' }
  circular.self = circular
  const throwing = {
    toJSON() {
      throw new Error('toJSON failed')
    },
  }
  for (const value of [circular, throwing, { big: 10n }, () => 'fn', Symbol('s'), 10n]) {
    const logs = captureLogs()
    const result = await invoke(() => value, eventFor('alb'), { logger: logs.logger })
    assert.equal(result, shaped('alb', 500, json, '{"message":"Internal Server Error"}'))
    assert.is(logs.entries.length, 1)
    assert.is(logs.entries[0]?.level, 'error')
    assert.equal(logs.entries[0]?.error?.code, 'unserializable')
  }
})

values('turns a returned Error into the error response it stands for', async () => {
  const error = Object.assign(new Error('No such order'), { statusCode: 404, expose: true })
  const logs = captureLogs()
  const result = await invoke(() => error, eventFor('rest'), { logger: logs.logger, onRepair: false })
  assert.equal(result, shaped('rest', 404, json, '{"message":"No such order"}'))
  // Logged as a thrown one would be.
  assert.equal(
    logs.entries.map((entry) => [entry.level, entry.statusCode, entry.error?.message]),
    [['warn', 404, 'No such order']],
  )
})

values.run()

// ---

const responses = suite('web Response objects')

responses('keeps the status, every header and every cookie of a Response', async () => {
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'x-trace': 'abc' })
  headers.append('set-cookie', 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT')
  headers.append('set-cookie', 'b=2; HttpOnly')
  const result = await invoke(
    () => new Response('<p>hi</p>', { status: 201, headers }),
    eventFor('function-url'),
  )
  assert.equal(result, {
    statusCode: 201,
    headers: { 'content-type': 'text/html; charset=utf-8', 'x-trace': 'abc' },
    cookies: ['a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2; HttpOnly'],
    body: '<p>hi</p>',
    isBase64Encoded: false,
  })
})

responses('sends a binary Response body as base64 and a JSON one as text', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const binary = await invoke(
    () => new Response(png, { headers: { 'content-type': 'image/png' } }),
    eventFor('alb-multi-value'),
  )
  assert.equal(binary, {
    statusCode: 200,
    statusDescription: '200 OK',
    multiValueHeaders: { 'content-type': ['image/png'] },
    body: Buffer.from(png).toString('base64'),
    isBase64Encoded: true,
  })
  const text = await invoke(() => Response.json({ ok: true }, { status: 200 }), eventFor('rest'))
  assert.equal(text, shaped('rest', 200, { 'content-type': 'application/json' }, '{"ok":true}'))
})

responses('sends a compressed or non-UTF-8 text body as base64, so that no byte changes', async () => {
  const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9])
  for (const headers of [
    { 'content-type': 'text/plain; charset=iso-8859-1' },
    { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  ]) {
    const result = (await invoke(() => new Response(latin1, { headers }), eventFor('http-v2'))) as Record<
      string,
      unknown
    >
    assert.is(result.isBase64Encoded, true)
    assert.equal([...Buffer.from(result.body as string, 'base64')], [...latin1])
  }
})

responses('sends a Response without a body as an empty body', async () => {
  const result = await invoke(() => new Response(null, { status: 204 }), eventFor('lattice-v2'))
  assert.equal(result, shaped('lattice-v2', 204, {}, ''))
})

responses('uses the status text of a Response as the ALB status description', async () => {
  const result = (await invoke(
    () => new Response('x', { status: 200, statusText: 'Fine', headers: { 'content-type': 'text/plain' } }),
    eventFor('alb'),
  )) as Record<string, unknown>
  assert.is(result.statusDescription, '200 Fine')
})

responses('turns a Response whose body cannot be read into a 500', async () => {
  const response = new Response('once')
  await response.text()
  const result = await invoke(() => response, eventFor('rest'))
  assert.equal(result, shaped('rest', 500, json, '{"message":"Internal Server Error"}'))
})

responses.run()
