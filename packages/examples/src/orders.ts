// REST API resource (API Gateway REST API, Lambda proxy integration, payload 1.0).
//   POST /orders       creates an order from a JSON body: { "item": "tea", "quantity": 2 }
//   GET  /orders/{id}  reads one back
// Bad input is thrown as an `http-errors` error and comes back as a 4xx with a JSON message; anything
// unexpected (a database down, a bug) comes back as a 500 that says "Internal Server Error" and nothing
// more, while the real error goes to the logs.
import middy from '@middy/core'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import createError from 'http-errors'
import { proxyResponse } from 'middy-proxy-response'

export type NewOrder = { item: string; quantity: number }
export type Order = NewOrder & { id: string }

/** Where orders live: a DynamoDB table in a real service. */
export type OrderStore = {
  get: (id: string) => Promise<Order | undefined>
  put: (order: NewOrder) => Promise<Order>
}

/**
 * A store in memory, one per warm instance, holding order 1 from the start: enough for a demo, not for
 * production (another instance does not see the orders this one took).
 */
export const memoryStore = (): OrderStore => {
  const orders = new Map<string, Order>([['1', { id: '1', item: 'tea', quantity: 2 }]])
  return {
    get: async (id) => orders.get(id),
    put: async (order) => {
      const saved = { id: String(orders.size + 1), ...order }
      orders.set(saved.id, saved)
      return saved
    },
  }
}

// http-json-body-parser has already answered 415 (not JSON) and 422 (malformed JSON); what is left is
// checking that the JSON means an order. A 422 with a message the caller can act on is exposed as is.
const parseNewOrder = (body: unknown): NewOrder => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw createError(422, 'The body must be a JSON object')
  }
  const { item, quantity } = body as Record<string, unknown>
  if (typeof item !== 'string' || item.trim() === '') {
    throw createError(422, '"item" must be a non-empty string')
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 100) {
    throw createError(422, '"quantity" must be an integer from 1 to 100')
  }
  return { item: item.trim(), quantity }
}

/** The handlers over one store; tests pass their own store, the deployed function the one below. */
export const createHandlers = (store: OrderStore) => {
  const createOrder = middy(async (event: APIGatewayProxyEvent) => {
    const order = await store.put(parseNewOrder(event.body))
    // A full proxy result when the status or a header matters; an object body is serialized as JSON.
    return {
      statusCode: 201,
      headers: { Location: `/orders/${order.id}` },
      body: order,
    }
  })
    // proxyResponse() first, so that its `after` and `onError` run last and see the final result.
    .use(proxyResponse())
    .use(httpJsonBodyParser())

  const getOrder = middy(async (event: APIGatewayProxyEvent) => {
    const id = event.pathParameters?.id ?? ''
    const order = await store.get(id)
    if (order === undefined) throw createError(404, `Order ${JSON.stringify(id)} not found`)
    // Anything that is not a proxy result is the body: a plain object goes out as JSON with status 200.
    return order
  }).use(proxyResponse())

  // One function for the whole resource; the JSON body parser runs for POST only, as a GET has neither
  // a body nor a content type (the parser would answer 415).
  const handler = (event: APIGatewayProxyEvent, context: Context) =>
    event.httpMethod === 'POST' ? createOrder(event, context) : getOrder(event, context)

  return { createOrder, getOrder, handler }
}

export const { handler } = createHandlers(memoryStore())
