import type { APIGatewayProxyEvent } from 'aws-lambda'
import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createHandlers, memoryStore, type OrderStore } from '../src/orders.js'
import { captureLogs, context, fixture } from './helpers.js'

// A published REST API event (POST /no-auth) made into a request to this resource.
const request = (overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent => ({
  ...fixture<APIGatewayProxyEvent>('apigw-rest/powertools-ts-no-auth-post'),
  ...overrides,
})

const post = (
  body: string | null,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => request({ httpMethod: 'POST', path: '/orders', resource: '/orders', headers, body })

const get = (id: string) =>
  request({
    httpMethod: 'GET',
    path: `/orders/${id}`,
    resource: '/orders/{id}',
    pathParameters: { id },
    body: null,
  })

const json = { 'Content-Type': 'application/json' }

const errorResult = (statusCode: number, message: string) => ({
  statusCode,
  headers: json,
  multiValueHeaders: {},
  body: JSON.stringify({ message }),
  isBase64Encoded: false,
})

const invoke = async (event: APIGatewayProxyEvent, store: OrderStore = memoryStore()) => {
  const { value, logs } = await captureLogs<unknown>(() => createHandlers(store).handler(event, context()))
  assert.equal(validateProxyResult(value, 'rest'), [])
  return { result: value as Record<string, unknown>, logs }
}

const Orders = suite('orders, a REST API resource')

Orders('a valid JSON body creates an order: 201 with a Location header and the order as JSON', async () => {
  const { result, logs } = await invoke(post('{"item":" green tea ","quantity":3}'))
  assert.equal(result, {
    statusCode: 201,
    headers: { Location: '/orders/2', 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"id":"2","item":"green tea","quantity":3}',
    isBase64Encoded: false,
  })
  // Serializing the object body is the middleware's job, not a repair: nothing is reported.
  assert.equal(logs, [])
})

Orders('a base64-encoded body, as a REST API with binaryMediaTypes */* sends it, is decoded', async () => {
  const event = {
    ...post(Buffer.from('{"item":"tea","quantity":1}').toString('base64')),
    isBase64Encoded: true,
  }
  const { result } = await invoke(event)
  assert.is(result.statusCode, 201)
  assert.is(result.body, '{"id":"2","item":"tea","quantity":1}')
})

Orders('an order created is then found by its id', async () => {
  const store = memoryStore()
  await invoke(post('{"item":"coffee","quantity":1}'), store)
  const { result } = await invoke(get('2'), store)
  assert.equal(result, {
    statusCode: 200,
    headers: json,
    multiValueHeaders: {},
    body: '{"id":"2","item":"coffee","quantity":1}',
    isBase64Encoded: false,
  })
})

Orders('a body that is not JSON by its content type is a 415', async () => {
  const { result } = await invoke(
    post('item=tea&quantity=2', { 'Content-Type': 'application/x-www-form-urlencoded' }),
  )
  assert.equal(result, errorResult(415, 'Unsupported Media Type'))
})

Orders('a request without a content type is a 415', async () => {
  const { result } = await invoke(post('{"item":"tea","quantity":2}', {}))
  assert.equal(result, errorResult(415, 'Unsupported Media Type'))
})

Orders('malformed JSON is a 422 that names the problem', async () => {
  const { result } = await invoke(post('{"item": "tea",'))
  assert.equal(result, errorResult(422, 'Invalid or malformed JSON was provided'))
})

Orders('JSON that is not an order is a 422 with a message the caller can act on', async () => {
  const cases: Array<[string, string]> = [
    ['[1,2]', 'The body must be a JSON object'],
    ['{"quantity":2}', '"item" must be a non-empty string'],
    ['{"item":"tea","quantity":0}', '"quantity" must be an integer from 1 to 100'],
    ['{"item":"tea","quantity":"2"}', '"quantity" must be an integer from 1 to 100'],
  ]
  for (const [body, message] of cases) {
    const { result } = await invoke(post(body))
    assert.equal(result, errorResult(422, message), body)
  }
})

Orders('a missing order is a 404', async () => {
  const { result } = await invoke(get('404'))
  assert.equal(result, errorResult(404, 'Order "404" not found'))
})

Orders('an unexpected failure is a 500 that leaks nothing, and the error is logged', async () => {
  const broken: OrderStore = {
    get: async () => {
      throw new Error('ECONNREFUSED orders-db.internal:5432 (user admin)')
    },
    put: async () => {
      throw new Error('unreachable')
    },
  }
  const { result, logs } = await invoke(get('1'), broken)
  assert.equal(result, errorResult(500, 'Internal Server Error'))
  assert.not.match(String(result.body), /ECONNREFUSED|orders-db|admin/)
  const logged = logs.filter((log) => log.level === 'error').map((log) => log.line)
  assert.is(logged.length, 1)
  assert.match(logged[0] ?? '', /ECONNREFUSED orders-db\.internal:5432/)
})

Orders.run()
