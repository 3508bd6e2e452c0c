import { events, invoke, type RestEvent, type RestInput } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createHandlers, memoryStore, type OrderStore } from '../src/orders.js'
import { captureLogs } from './helpers.js'

// REST API events for this resource, as API Gateway sends them (events.rest adds the request context).
const post = (body: RestInput['body'], headers: Record<string, string> = {}) =>
  events.rest({ method: 'POST', path: '/orders', resource: '/orders', headers, body })

const get = (id: string) =>
  events.rest({ path: `/orders/${id}`, resource: '/orders/{id}', pathParameters: { id } })

/** Invokes the resource's handler over `store` with its logs captured; invoke checks the REST contract. */
const call = (event: RestEvent, store: OrderStore = memoryStore()) =>
  captureLogs(() => invoke(createHandlers(store).handler, event))

const json = { 'Content-Type': 'application/json' }

const errorResult = (statusCode: number, message: string) => ({
  statusCode,
  headers: json,
  multiValueHeaders: {},
  body: JSON.stringify({ message }),
  isBase64Encoded: false,
})

const Orders = suite('orders, a REST API resource')

Orders('a valid JSON body creates an order: 201 with a Location header and the order as JSON', async () => {
  // An object body goes out as JSON, with content-type: application/json.
  const { value: res, logs } = await call(post({ item: ' green tea ', quantity: 3 }))
  assert.equal(res.result, {
    statusCode: 201,
    headers: { Location: '/orders/2', 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"id":"2","item":"green tea","quantity":3}',
    isBase64Encoded: false,
  })
  assert.is(res.headers.location, '/orders/2')
  assert.equal(res.json<{ id: string; item: string }>(), { id: '2', item: 'green tea', quantity: 3 })
  // Serializing the object body is the middleware's job, not a repair: nothing is reported.
  assert.equal(logs, [])
})

Orders('a base64-encoded body, as a REST API with binaryMediaTypes */* sends it, is decoded', async () => {
  // Bytes are sent base64-encoded with isBase64Encoded: true.
  const event = post(Buffer.from('{"item":"tea","quantity":1}'), json)
  assert.is(event.isBase64Encoded, true)
  const { value: res } = await call(event)
  assert.is(res.statusCode, 201)
  assert.is(res.text, '{"id":"2","item":"tea","quantity":1}')
})

Orders('an order created is then found by its id', async () => {
  const store = memoryStore()
  await call(post({ item: 'coffee', quantity: 1 }), store)
  const { value: res } = await call(get('2'), store)
  assert.equal(res.result, {
    statusCode: 200,
    headers: json,
    multiValueHeaders: {},
    body: '{"id":"2","item":"coffee","quantity":1}',
    isBase64Encoded: false,
  })
  assert.equal(res.json<{ item: string }>().item, 'coffee')
})

Orders('a body that is not JSON by its content type is a 415', async () => {
  const { value: res } = await call(
    post('item=tea&quantity=2', { 'Content-Type': 'application/x-www-form-urlencoded' }),
  )
  assert.equal(res.result, errorResult(415, 'Unsupported Media Type'))
})

Orders('a request without a content type is a 415', async () => {
  // A string body is sent as it is, without a content type.
  const { value: res } = await call(post('{"item":"tea","quantity":2}'))
  assert.equal(res.result, errorResult(415, 'Unsupported Media Type'))
})

Orders('malformed JSON is a 422 that names the problem', async () => {
  const { value: res } = await call(post('{"item": "tea",', json))
  assert.equal(res.result, errorResult(422, 'Invalid or malformed JSON was provided'))
  assert.equal(res.json(), { message: 'Invalid or malformed JSON was provided' })
})

Orders('JSON that is not an order is a 422 with a message the caller can act on', async () => {
  const cases: Array<[object, string]> = [
    [[1, 2], 'The body must be a JSON object'],
    [{ quantity: 2 }, '"item" must be a non-empty string'],
    [{ item: 'tea', quantity: 0 }, '"quantity" must be an integer from 1 to 100'],
    [{ item: 'tea', quantity: '2' }, '"quantity" must be an integer from 1 to 100'],
  ]
  for (const [body, message] of cases) {
    const { value: res } = await call(post(body))
    assert.equal(res.result, errorResult(422, message), JSON.stringify(body))
  }
})

Orders('a missing order is a 404', async () => {
  const { value: res } = await call(get('404'))
  assert.equal(res.result, errorResult(404, 'Order "404" not found'))
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
  const { value: res, logs } = await call(get('1'), broken)
  assert.equal(res.result, errorResult(500, 'Internal Server Error'))
  assert.not.match(res.text, /ECONNREFUSED|orders-db|admin/)
  const logged = logs.filter((log) => log.level === 'error').map((log) => log.line)
  assert.is(logged.length, 1)
  assert.match(logged[0] ?? '', /ECONNREFUSED orders-db\.internal:5432/)
})

Orders.run()
