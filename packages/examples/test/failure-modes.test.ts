import middy from '@middy/core'
import { proxyResponse } from 'middy-proxy-response'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler, modes } from '../src/failure-modes.js'
import { captureLogs } from './helpers.js'

// GET /failures/{mode} on the REST API, as `pnpm start` and template.yaml serve it.
const failure = (mode: string) =>
  captureLogs(() =>
    invoke(
      handler,
      events.rest({ path: `/failures/${mode}`, resource: '/failures/{mode}', pathParameters: { mode } }),
    ),
  )

/** One mode behind proxyResponse() on its own, to put it behind front doors the example is not served on. */
const only = (mode: keyof typeof modes) =>
  middy(async () => modes[mode]()).use(proxyResponse({ logger: false }))

const jsonError = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  multiValueHeaders: {},
  body: JSON.stringify({ message }),
  isBase64Encoded: false,
})

const Failures = suite('failure-modes, each mode normalized')

Failures('plain-object: a returned object is a 200 with a JSON body', async () => {
  const { value: res, logs } = await failure('plain-object')
  assert.equal(res.result, {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"ok":true,"note":"a plain object is sent as JSON"}',
    isBase64Encoded: false,
  })
  assert.equal(res.json(), { ok: true, note: 'a plain object is sent as JSON' })
  assert.equal(logs, [])
})

Failures('number-header: number and boolean header values are sent as strings, and reported', async () => {
  const { value: res, logs } = await failure('number-header')
  assert.equal(res.result, {
    statusCode: 200,
    headers: { 'X-Items': '3', 'X-Cached': 'false' },
    multiValueHeaders: {},
    body: 'header values were numbers and booleans',
    isBase64Encoded: false,
  })
  assert.is(res.headers['x-items'], '3')
  assert.ok(logs.some((log) => log.level === 'warn' && log.line.includes('header-value-coerced')))
})

Failures(
  'buffer: a returned Buffer is base64 with isBase64Encoded, as application/octet-stream',
  async () => {
    const { value: res } = await failure('buffer')
    assert.equal(res.result, {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      multiValueHeaders: {},
      body: 'AP8QgH8=',
      isBase64Encoded: true,
    })
    assert.equal([...res.bytes], [0x00, 0xff, 0x10, 0x80, 0x7f])
  },
)

Failures('plain-error: a thrown Error is a 500 that shows the reason phrase, not the message', async () => {
  const { value: res, logs } = await failure('plain-error')
  assert.equal(res.result, jsonError(500, 'Internal Server Error'))
  assert.not.match(JSON.stringify(res.result), /hunter2/)
  // The message is in the logs, where the operator can read it.
  assert.ok(logs.some((log) => log.level === 'error' && log.line.includes('hunter2')))
})

Failures('http-error: a thrown 4xx http-errors error keeps its status and message', async () => {
  const { value: res } = await failure('http-error')
  assert.equal(res.result, jsonError(409, 'This order was already paid'))
  assert.equal(res.json<{ message: string }>().message, 'This order was already paid')
})

Failures('too-large: a body over the 6 MB Lambda limit is a 500 instead of a 502', async () => {
  const { value: res } = await failure('too-large')
  assert.equal(res.result, jsonError(500, 'Internal Server Error'))
})

Failures('too-large: behind an ALB, whose limit is 1 MB, it is a 500 too', async () => {
  const res = await invoke(only('too-large'), events.alb())
  assert.equal(res.result, {
    statusCode: 500,
    statusDescription: '500 Internal Server Error',
    headers: { 'Content-Type': 'application/json' },
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

Failures('number-header behind an HTTP API: the same repair in the payload 2.0 shape', async () => {
  const res = await invoke(only('number-header'), events.httpV2())
  assert.equal(res.result, {
    statusCode: 200,
    headers: { 'X-Items': '3', 'X-Cached': 'false' },
    cookies: [],
    body: 'header values were numbers and booleans',
    isBase64Encoded: false,
  })
})

Failures('an unknown mode is a 404 that lists the modes', async () => {
  const { value: res } = await failure('nope')
  assert.equal(res.result, jsonError(404, `Unknown mode; try one of: ${Object.keys(modes).join(', ')}`))
})

Failures('every mode is covered by a route the emulator serves', () => {
  assert.equal(Object.keys(modes), [
    'plain-object',
    'number-header',
    'buffer',
    'plain-error',
    'http-error',
    'too-large',
  ])
})

Failures.run()
