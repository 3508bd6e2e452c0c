// proxyResponse with the other Middy HTTP middlewares, on Middy 7 and Middy 5: security headers,
// response serializer, router (one function, many routes) and validator (schemas compiled with the
// major's own transpileSchema).
import type { Context } from 'aws-lambda'
import createHttpError from 'http-errors'
import { type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  assertValid,
  DOORS,
  eventFor,
  expectedResult,
  type Json,
  lambdaContext,
  postEvent,
  sentFor,
  withMethodAndPath,
} from '../hardening/helpers.js'
import type { ProxyDoor } from '../oracle/contract.js'
import { STACKS } from './stacks.js'

const quiet = { logger: false } as const
const JSON_TYPE = { 'Content-Type': 'application/json' }

const serializers = {
  serializers: [
    {
      regex: /^application\/xml$/,
      serializer: ({ body }: { body?: unknown }) => `<message>${String(body)}</message>`,
    },
    { regex: /^application\/json$/, serializer: ({ body }: { body?: unknown }) => JSON.stringify(body) },
  ],
  defaultContentType: 'application/json',
}

const routes = [
  { method: 'GET', path: '/users', handler: () => [{ id: 1 }, { id: 2 }] },
  {
    method: 'GET',
    path: '/users/{id}',
    handler: (event: Json) => ({ id: (event.pathParameters as Json).id }),
  },
  {
    method: 'POST',
    path: '/users',
    handler: () => ({ statusCode: 201, headers: { Location: '/users/3' }, cookies: ['session=abc; Secure'] }),
  },
  {
    method: 'DELETE',
    path: '/users/{id}',
    handler: () => {
      throw createHttpError(403, 'Admins only')
    },
  },
] as const

// The router reads `httpMethod`/`path` (1.0), `requestContext.http` (2.0) or `method`/`raw_path` (Lattice).
const ROUTED: ProxyDoor[] = [
  'rest',
  'http-v1',
  'http-v2',
  'function-url',
  'alb',
  'alb-multi-value',
  'lattice-v1',
]

for (const stack of STACKS) {
  const { middy, httpJsonBodyParser, httpResponseSerializer, httpRouter, httpSecurityHeaders, validator } =
    stack

  // ---
  const security = suite(`${stack.name}: http-security-headers`)

  security(
    'adds its headers to successes and errors on every front door, and the result stays valid',
    async () => {
      for (const door of DOORS) {
        for (const outcome of ['success', 'error'] as const) {
          const handler = middy(() => {
            if (outcome === 'error') throw createHttpError(409, 'Taken')
            return { saved: true }
          })
            .use(proxyResponse(quiet))
            .use(httpSecurityHeaders())
          const result = await handler(eventFor(door), lambdaContext())
          assertValid(result, door)
          if (outcome === 'success') {
            assert.equal(
              result,
              expectedResult(door, {
                statusCode: 200,
                reason: 'OK',
                headers: { ...stack.securityHeaders, ...JSON_TYPE },
                body: JSON.stringify({ saved: true }),
              }),
              `${door} ${outcome}`,
            )
          } else {
            // http-security-headers decorates a response that exists: in the documented order its onError
            // runs before proxyResponse has made one, so an error answer has only proxyResponse's headers.
            assert.equal(
              result,
              expectedResult(door, {
                statusCode: 409,
                reason: 'Conflict',
                headers: JSON_TYPE,
                body: JSON.stringify({ message: 'Taken' }),
              }),
              `${door} ${outcome}`,
            )
          }
        }
      }
    },
  )

  security.run()

  // ---
  const serializer = suite(`${stack.name}: http-response-serializer`)

  serializer('serializes by the default content type, and proxyResponse sends it as it is', async () => {
    for (const door of DOORS) {
      const handler = middy(() => 'Hello')
        .use(proxyResponse(quiet))
        .use(httpResponseSerializer(serializers))
      const result = await handler(eventFor(door), lambdaContext())
      // The serializer leaves { statusCode, headers, body }: already valid where no other key is a must.
      const left = { statusCode: 200, headers: JSON_TYPE, body: '"Hello"' }
      assert.equal(
        result,
        sentFor(
          door,
          left,
          expectedResult(door, { statusCode: 200, reason: 'OK', headers: JSON_TYPE, body: '"Hello"' }),
        ),
        door,
      )
      assertValid(result, door)
    }
  })

  serializer('serializes by the negotiated media type', async () => {
    const handler = middy(() => 'Hello')
      .use(proxyResponse(quiet))
      .use(httpResponseSerializer(serializers))
    // @middy/http-content-negotiation puts the preferred types on the context; set here by hand.
    const context = { ...lambdaContext(), preferredMediaTypes: ['application/xml'] } as Context
    const result = await handler(eventFor('function-url'), context)
    assert.equal(result, {
      statusCode: 200,
      headers: { 'Content-Type': 'application/xml' },
      body: '<message>Hello</message>',
    })
    assertValid(result, 'function-url')
  })

  serializer(
    'in the wrong order (proxyResponse last) a string body is serialized again after proxyResponse',
    async () => {
      // proxyResponse has already made `body` a string and set a Content-Type, so the serializer, seeing a
      // Content-Type, leaves the result alone: the response stays valid either way.
      const handler = middy(() => ({ hello: 'world' }))
        .use(httpResponseSerializer(serializers))
        .use(proxyResponse(quiet))
      const result = await handler(eventFor('rest'), lambdaContext())
      assert.equal(
        result,
        expectedResult('rest', {
          statusCode: 200,
          reason: 'OK',
          headers: JSON_TYPE,
          body: '{"hello":"world"}',
        }),
      )
      assertValid(result, 'rest')
    },
  )

  serializer.run()

  // ---
  const router = suite(`${stack.name}: http-router`)

  router(
    'routes every method and path of one function to a valid result on every front door it can read',
    async () => {
      const handler = middy(httpRouter(routes as never)).use(proxyResponse(quiet))
      for (const door of ROUTED) {
        const call = async (method: string, path: string) =>
          (await handler(
            withMethodAndPath(door, method, path) as never,
            lambdaContext(),
          )) as unknown as ProxyResult
        const list = await call('GET', '/users')
        assert.equal(
          list,
          expectedResult(door, {
            statusCode: 200,
            reason: 'OK',
            headers: JSON_TYPE,
            body: '[{"id":1},{"id":2}]',
          }),
          door,
        )
        const one = await call('GET', '/users/7')
        assert.is(one.body, '{"id":"7"}', door)
        const created = await call('POST', '/users')
        const left = { statusCode: 201, headers: { Location: '/users/3' }, cookies: ['session=abc; Secure'] }
        assert.equal(
          created,
          sentFor(
            door,
            left,
            expectedResult(door, {
              statusCode: 201,
              reason: 'Created',
              headers: left.headers,
              cookies: left.cookies,
            }),
          ),
          door,
        )
        const denied = await call('DELETE', '/users/7')
        assert.equal(
          denied,
          expectedResult(door, {
            statusCode: 403,
            reason: 'Forbidden',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Admins only' }),
          }),
          door,
        )
        const missing = await call('GET', '/nowhere')
        assert.equal(
          missing,
          expectedResult(door, {
            statusCode: 404,
            reason: 'Not Found',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Route does not exist' }),
          }),
          door,
        )
        for (const result of [list, one, created, denied, missing]) assertValid(result, door)
      }
    },
  )

  router(
    'answers a 500 that exposes nothing to an event the router cannot read (a WebSocket message)',
    async () => {
      const handler = middy(httpRouter(routes as never)).use(proxyResponse(quiet))
      const result = await handler(eventFor('websocket') as never, lambdaContext())
      assert.equal(
        result,
        expectedResult('websocket', {
          statusCode: 500,
          reason: 'Internal Server Error',
          headers: JSON_TYPE,
          body: JSON.stringify({ message: 'Internal Server Error' }),
        }),
      )
      assertValid(result, 'websocket')
    },
  )

  router.run()

  // ---
  const validation = suite(`${stack.name}: validator`)

  const eventSchema = stack.transpileSchema({
    type: 'object',
    required: ['body'],
    properties: {
      body: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 } },
      },
    },
  })
  const responseSchema = stack.transpileSchema({
    type: 'object',
    required: ['statusCode', 'body'],
    properties: { statusCode: { type: 'integer' }, body: { type: 'string' } },
  })

  validation('answers an invalid event with an exposed 400 on every front door', async () => {
    for (const door of DOORS.filter((d) => d !== 'alb-multi-value')) {
      const handler = middy(() => ({ statusCode: 200, body: 'ok' }))
        .use(proxyResponse(quiet))
        .use(httpJsonBodyParser())
        .use(validator({ eventSchema }))
      const result = await handler(
        postEvent(door, '{"name":""}', 'application/json') as never,
        lambdaContext(),
      )
      assert.equal(
        result,
        expectedResult(door, {
          statusCode: 400,
          reason: 'Bad Request',
          headers: JSON_TYPE,
          body: JSON.stringify({ message: 'Event object failed validation' }),
        }),
        door,
      )
      assertValid(result, door)
    }
  })

  validation(
    'lets a valid event through, and hides a response that fails its schema behind a 500',
    async () => {
      const ok = middy((event: Json) => ({ statusCode: 200, body: `hi ${(event.body as Json).name}` }))
        .use(proxyResponse(quiet))
        .use(httpJsonBodyParser())
        .use(validator({ eventSchema, responseSchema }))
      const good = await ok(
        postEvent('http-v2', '{"name":"Ada"}', 'application/json') as never,
        lambdaContext(),
      )
      assert.equal(good, { statusCode: 200, body: 'hi Ada' })
      assertValid(good, 'http-v2')
      const bad = middy(() => ({ statusCode: 200, body: { not: 'a string' } }))
        .use(proxyResponse(quiet))
        .use(httpJsonBodyParser())
        .use(validator({ eventSchema, responseSchema }))
      const result = await bad(
        postEvent('http-v2', '{"name":"Ada"}', 'application/json') as never,
        lambdaContext(),
      )
      assert.equal(
        result,
        expectedResult('http-v2', {
          statusCode: 500,
          reason: 'Internal Server Error',
          headers: JSON_TYPE,
          body: JSON.stringify({ message: 'Internal Server Error' }),
        }),
      )
      assertValid(result, 'http-v2')
    },
  )

  validation.run()
}
