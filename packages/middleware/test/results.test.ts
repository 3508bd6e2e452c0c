import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { Repair } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { eventFor, invoke } from './helpers.js'
import { assertContract, type ProxyDoor } from './oracle/contract.js'

/** Invokes with a handler returning `result`, collecting the repairs reported. */
const repaired = async (frontDoor: ProxyDoor, result: unknown) => {
  const repairs: Repair[] = []
  const output = await invoke(() => result, eventFor(frontDoor), {
    onRepair: (repair) => repairs.push(repair),
  })
  assert.equal(validateProxyResult(output, frontDoor), [], 'the output is valid')
  assertContract(output, frontDoor)
  return { output: output as Record<string, unknown>, codes: repairs.map((repair) => repair.code) }
}

// ---

const valid = suite('results that are already valid')

const validResults: Record<ProxyDoor, Record<string, unknown>> = {
  rest: {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: '{"id":1}',
    isBase64Encoded: false,
  },
  'http-v1': { statusCode: 200, body: 'ok' },
  'http-v2': {
    statusCode: 200,
    headers: { 'x-a': 'b' },
    cookies: ['a=1', 'b=2'],
    body: 'ok',
    isBase64Encoded: false,
  },
  'function-url': { statusCode: 302, headers: { Location: '/next' } },
  alb: {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'Set-Cookie': 'a=1' },
    isBase64Encoded: false,
  },
  'alb-multi-value': {
    statusCode: 404,
    statusDescription: '404 Not Found',
    multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'content-type': ['text/plain'] },
    body: 'nope',
    isBase64Encoded: false,
  },
  'lattice-v1': {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'content-type': 'image/gif' },
    body: 'R0lGODlhAQABAAAAACw=',
    isBase64Encoded: true,
  },
  'lattice-v2': { statusCode: 204, statusDescription: '204 No Content', headers: {}, isBase64Encoded: false },
  websocket: { statusCode: 200, body: 'pong' },
}

for (const [frontDoor, result] of Object.entries(validResults) as Array<
  [ProxyDoor, Record<string, unknown>]
>) {
  valid(`passes a valid ${frontDoor} result through untouched, and reports nothing`, async () => {
    const snapshot = structuredClone(result)
    const { output, codes } = await repaired(frontDoor, result)
    assert.is(output, result, 'the same object')
    assert.equal(output, snapshot, 'unchanged')
    assert.equal(codes, [])
  })
}

valid.run()

// ---

const status = suite('status codes')

status('coerces a numeric string status code', async () => {
  const { output, codes } = await repaired('rest', { statusCode: '201', body: 'made' })
  assert.equal(output, {
    statusCode: 201,
    headers: {},
    multiValueHeaders: {},
    body: 'made',
    isBase64Encoded: false,
  })
  assert.equal(codes, ['status-coerced'])
})

status('turns an invalid status code into a 500', async () => {
  for (const statusCode of ['test', 99, 600, 200.5, Number.NaN, null, '20x', true, {}]) {
    const { output, codes } = await repaired('http-v2', { statusCode, body: 'x' })
    assert.is(output.statusCode, 500, `for ${String(statusCode)}`)
    assert.equal(codes, ['status-invalid'])
  }
})

status('sends 200 for a result without a status code, as REST would, and reports it', async () => {
  const { output, codes } = await repaired('http-v1', { body: 'hello', headers: { 'x-a': '1' } })
  assert.equal(output, {
    statusCode: 200,
    headers: { 'x-a': '1' },
    multiValueHeaders: {},
    body: 'hello',
    isBase64Encoded: false,
  })
  assert.equal(codes, ['status-missing'])
})

status('drops the body of 204, 304 and 1xx responses', async () => {
  for (const statusCode of [204, 304, 101]) {
    const { output, codes } = await repaired('function-url', { statusCode, body: 'not allowed' })
    assert.equal(output, { statusCode, headers: {}, cookies: [], body: '', isBase64Encoded: false })
    assert.equal(codes, ['body-forbidden'])
  }
})

status('rewrites a status description that does not match, and adds a missing one', async () => {
  const wrong = await repaired('alb', { statusCode: 404, statusDescription: '200 OK', body: 'x' })
  assert.is(wrong.output.statusDescription, '404 Not Found')
  assert.equal(wrong.codes, ['status-description-invalid'])
  const injected = await repaired('lattice-v1', { statusCode: 200, statusDescription: '200 OK\r\nX-Evil: 1' })
  assert.is(injected.output.statusDescription, '200 OK')
  const missing = await repaired('alb', { statusCode: 418, body: 'x' })
  assert.is(missing.output.statusDescription, "418 I'm a Teapot")
  assert.equal(missing.codes, [], 'completing a result is not a repair')
})

status('gives unassigned codes the name of their class', async () => {
  const { output } = await repaired('alb', { statusCode: 299, body: 'x' })
  assert.is(output.statusDescription, '299 Success')
})

status('drops statusDescription where the front door has none', async () => {
  const { output, codes } = await repaired('rest', {
    statusCode: 200,
    statusDescription: '200 OK',
    body: 'x',
  })
  assert.equal(output, {
    statusCode: 200,
    headers: {},
    multiValueHeaders: {},
    body: 'x',
    isBase64Encoded: false,
  })
  assert.equal(codes, [], 'a result written for an ALB too is adapted, not repaired')
})

status.run()

// ---

const bodies = suite('bodies of proxy results')

bodies('serializes an object body as JSON with a JSON content type', async () => {
  const { output, codes } = await repaired('rest', { statusCode: 200, body: { id: 1 } })
  assert.equal(output, {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"id":1}',
    isBase64Encoded: false,
  })
  assert.equal(codes, [], "an object body is Middy's convention, not a repair")
})

bodies('keeps a content type the handler set when it serializes the body', async () => {
  const { output } = await repaired('http-v2', {
    statusCode: 200,
    headers: { 'content-type': 'application/vnd.api+json' },
    body: { data: [] },
  })
  assert.equal(output.headers, { 'content-type': 'application/vnd.api+json' })
  assert.is(output.body, '{"data":[]}')
})

bodies('encodes a Buffer body as base64', async () => {
  const { output, codes } = await repaired('alb', {
    statusCode: 200,
    headers: { 'Content-Type': 'application/pdf' },
    body: Buffer.from('%PDF-1.4'),
  })
  assert.equal(output, {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'Content-Type': 'application/pdf' },
    body: Buffer.from('%PDF-1.4').toString('base64'),
    isBase64Encoded: true,
  })
  assert.equal(codes, [], 'a Buffer body is how a handler gives bytes a content type')
})

bodies('sends a null body as an empty one', async () => {
  const { output, codes } = await repaired('alb', { statusCode: 200, body: null })
  assert.is(output.body, '')
  assert.equal(codes, ['body-null'])
})

bodies('sends a body flagged as base64 that is not base64 as text', async () => {
  const { output, codes } = await repaired('rest', {
    statusCode: 200,
    body: 'plain text!',
    isBase64Encoded: true,
  })
  assert.is(output.body, 'plain text!')
  assert.is(output.isBase64Encoded, false)
  assert.equal(codes, ['base64-invalid'])
})

bodies('coerces isBase64Encoded to a boolean', async () => {
  const { output, codes } = await repaired('http-v2', {
    statusCode: 200,
    body: 'aGk=',
    isBase64Encoded: 'true',
  })
  assert.is(output.isBase64Encoded, true)
  assert.equal(codes, ['base64-flag-invalid'])
})

bodies(
  'reads a stream body to its end where the front door takes no stream, and sends its text',
  async () => {
    const { Readable } = await import('node:stream')
    for (const frontDoor of ['alb', 'http-v2', 'lattice-v2'] as const) {
      const { output, codes } = await repaired(frontDoor, {
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        body: Readable.from(['a', 'b']),
      })
      assert.is(output.statusCode, 200)
      assert.is(output.body, 'ab')
      assert.equal(codes, [])
    }
  },
)

bodies('treats an object made only of result keys as a result, and any other object as a body', async () => {
  const asResult = await repaired('rest', { body: 'x' })
  assert.is(asResult.output.body, 'x')
  const asBody = await repaired('rest', { body: 'x', message: 'hello' })
  assert.is(asBody.output.body, '{"body":"x","message":"hello"}')
})

bodies('takes an object that only uses result words, with other kinds of values, as a body', async () => {
  // A regression found while writing the cookie example: a body reporting the cookies it read.
  const named = [JSON.parse('{"__proto__":1}'), { toString: 'x' }, { constructor: 1 }]
  for (const value of [
    { cookies: { theme: 'dark' } },
    { headers: ['a'] },
    { isBase64Encoded: 'maybe' },
    ...named,
  ]) {
    const { output, codes } = await repaired('http-v2', value)
    assert.is(output.body, JSON.stringify(value))
    assert.equal(codes, [])
  }
})

bodies.run()

// ---

const keys = suite('top-level keys')

keys('drops keys no front door knows and reports each', async () => {
  const { output, codes } = await repaired('rest', {
    statusCode: 400,
    message: 'bad',
    error: true,
    body: 'x',
  })
  assert.equal(output, {
    statusCode: 400,
    headers: {},
    multiValueHeaders: {},
    body: 'x',
    isBase64Encoded: false,
  })
  assert.equal(codes, ['unknown-key', 'unknown-key'])
})

keys('moves headers between headers and multiValueHeaders as the front door wants, silently', async () => {
  const toMulti = await repaired('alb-multi-value', { statusCode: 200, headers: { 'x-a': '1' }, body: '' })
  assert.equal(toMulti.output.multiValueHeaders, { 'x-a': ['1'] })
  assert.equal(toMulti.codes, [])
  const toSingle = await repaired('http-v2', { statusCode: 200, multiValueHeaders: { 'x-a': ['1', '2'] } })
  assert.equal(toSingle.output.headers, { 'x-a': '1, 2' })
  assert.equal(toSingle.codes, [])
})

keys.run()
