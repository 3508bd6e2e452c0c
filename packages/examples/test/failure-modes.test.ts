import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { type FrontDoor, validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler, modes } from '../src/failure-modes.js'
import { captureLogs, context, fixture } from './helpers.js'

const rest = (mode: string): APIGatewayProxyEvent => ({
  ...fixture<APIGatewayProxyEvent>('apigw-rest/aws-lambda-developer-guide-get-root'),
  resource: '/failures/{mode}',
  path: `/failures/${mode}`,
  pathParameters: { mode },
})

const invoke = async (event: unknown, frontDoor: FrontDoor) => {
  const { value, logs } = await captureLogs(() => handler(event as APIGatewayProxyEvent, context()))
  assert.equal(validateProxyResult(value, frontDoor), [])
  return { result: value as Record<string, unknown>, logs }
}

const jsonError = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  multiValueHeaders: {},
  body: JSON.stringify({ message }),
  isBase64Encoded: false,
})

const Failures = suite('failure-modes, each mode normalized')

Failures('plain-object: a returned object is a 200 with a JSON body', async () => {
  const { result, logs } = await invoke(rest('plain-object'), 'rest')
  assert.equal(result, {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"ok":true,"note":"a plain object is sent as JSON"}',
    isBase64Encoded: false,
  })
  assert.equal(logs, [])
})

Failures('number-header: number and boolean header values are sent as strings, and reported', async () => {
  const { result, logs } = await invoke(rest('number-header'), 'rest')
  assert.equal(result, {
    statusCode: 200,
    headers: { 'X-Items': '3', 'X-Cached': 'false' },
    multiValueHeaders: {},
    body: 'header values were numbers and booleans',
    isBase64Encoded: false,
  })
  assert.ok(logs.some((log) => log.level === 'warn' && log.line.includes('header-value-coerced')))
})

Failures(
  'buffer: a returned Buffer is base64 with isBase64Encoded, as application/octet-stream',
  async () => {
    const { result } = await invoke(rest('buffer'), 'rest')
    assert.equal(result, {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      multiValueHeaders: {},
      body: 'AP8QgH8=',
      isBase64Encoded: true,
    })
    assert.equal([...Buffer.from(String(result.body), 'base64')], [0x00, 0xff, 0x10, 0x80, 0x7f])
  },
)

Failures('plain-error: a thrown Error is a 500 that shows the reason phrase, not the message', async () => {
  const { result, logs } = await invoke(rest('plain-error'), 'rest')
  assert.equal(result, jsonError(500, 'Internal Server Error'))
  assert.not.match(JSON.stringify(result), /hunter2/)
  // The message is in the logs, where the operator can read it.
  assert.ok(logs.some((log) => log.level === 'error' && log.line.includes('hunter2')))
})

Failures('http-error: a thrown 4xx http-errors error keeps its status and message', async () => {
  const { result } = await invoke(rest('http-error'), 'rest')
  assert.equal(result, jsonError(409, 'This order was already paid'))
})

Failures('too-large: a body over the 6 MB Lambda limit is a 500 instead of a 502', async () => {
  const { result } = await invoke(rest('too-large'), 'rest')
  assert.equal(result, jsonError(500, 'Internal Server Error'))
})

Failures('too-large: behind an ALB, whose limit is 1 MB, it is a 500 too', async () => {
  const event = fixture<ALBEvent>('alb/single-value-aws-lambda-go-headers-only')
  const { result } = await invoke({ ...event, pathParameters: { mode: 'too-large' } }, 'alb')
  assert.equal(result, {
    statusCode: 500,
    statusDescription: '500 Internal Server Error',
    headers: { 'Content-Type': 'application/json' },
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

Failures('number-header behind an HTTP API: the same repair in the payload 2.0 shape', async () => {
  const event = fixture<APIGatewayProxyEventV2>('apigw-http-v2/powertools-ts-no-auth-post')
  const { result } = await invoke({ ...event, pathParameters: { mode: 'number-header' } }, 'http-v2')
  assert.equal(result, {
    statusCode: 200,
    headers: { 'X-Items': '3', 'X-Cached': 'false' },
    cookies: [],
    body: 'header values were numbers and booleans',
    isBase64Encoded: false,
  })
})

Failures('an unknown mode is a 404 that lists the modes', async () => {
  const { result } = await invoke(rest('nope'), 'rest')
  assert.equal(result, jsonError(404, `Unknown mode; try one of: ${Object.keys(modes).join(', ')}`))
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
