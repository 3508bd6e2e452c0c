// proxyResponse with the Middy HTTP middlewares users combine it with — body parser, CORS, error
// handler — on Middy 7 and Middy 5, in the documented order (proxyResponse first, so that its after
// and onError run last) and in the wrong one (proxyResponse last).
import createHttpError from 'http-errors'
import { type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  assertValid,
  DOORS,
  eventFor,
  expectedResult,
  headerOf,
  lambdaContext,
  postEvent,
  withRequestHeaders,
} from '../hardening/helpers.js'
import { STACKS } from './stacks.js'

const ORIGIN = 'https://app.example.com'
const quiet = { logger: false } as const
const JSON_TYPE = { 'Content-Type': 'application/json' }
// http-cors reads the method of a 2.0 event from requestContext.http, which a VPC Lattice v2 event
// (version "2.0") does not have: it throws there (see the dedicated tests), so the CORS loops skip it.
const CORS_DOORS = DOORS.filter((door) => door !== 'lattice-v2')

for (const stack of STACKS) {
  const { middy, httpCors, httpErrorHandler, httpJsonBodyParser } = stack

  // ---
  const bodyParser = suite(`${stack.name}: http-json-body-parser`)

  bodyParser(
    'answers a 415 with the exposed message when the content type is not JSON, on every front door',
    async () => {
      for (const door of DOORS) {
        const handler = middy(() => ({ ok: true }))
          .use(proxyResponse(quiet))
          .use(httpJsonBodyParser())
        const result = await handler(
          postEvent(door, 'a=1', 'application/x-www-form-urlencoded'),
          lambdaContext(),
        )
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 415,
            reason: 'Unsupported Media Type',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Unsupported Media Type' }),
          }),
          door,
        )
        assertValid(result, door)
      }
    },
  )

  bodyParser('answers malformed JSON with its 4xx and the exposed message, in either order', async () => {
    // The parser reads `event.headers` only: a multi-value ALB event has none, so it is left out here.
    for (const door of DOORS.filter((d) => d !== 'alb-multi-value')) {
      for (const order of ['first', 'last'] as const) {
        const base = middy(() => ({ ok: true }))
        const handler =
          order === 'first'
            ? base.use(proxyResponse(quiet)).use(httpJsonBodyParser())
            : base.use(httpJsonBodyParser()).use(proxyResponse(quiet))
        const result = await handler(postEvent(door, '{"name": ', 'application/json'), lambdaContext())
        const status = stack.malformedJsonStatus
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: status,
            reason: status === 415 ? 'Unsupported Media Type' : 'Unprocessable Content',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Invalid or malformed JSON was provided' }),
          }),
          `${door}, proxyResponse ${order}`,
        )
        assertValid(result, door)
      }
    }
  })

  bodyParser('hands the parsed body to the handler, whose object is sent as JSON', async () => {
    const handler = middy((event) => ({ received: event.body }))
      .use(proxyResponse(quiet))
      .use(httpJsonBodyParser())
    const result = await handler(postEvent('http-v2', '{"name":"Ada"}', 'application/json'), lambdaContext())
    assert.equal(
      result,
      expectedResult('http-v2', {
        statusCode: 200,
        reason: 'OK',
        headers: JSON_TYPE,
        body: JSON.stringify({ received: { name: 'Ada' } }),
      }),
    )
  })

  bodyParser.run()

  // ---
  const cors = suite(`${stack.name}: http-cors`)

  cors('adds the CORS headers to a success on every front door, in the documented order', async () => {
    for (const door of CORS_DOORS) {
      const handler = middy(() => ({ hello: 'world' }))
        .use(proxyResponse(quiet))
        .use(httpCors({ origin: ORIGIN }))
      const result = await handler(withRequestHeaders(door, { origin: ORIGIN }), lambdaContext())
      assert.equal(
        result,
        expectedResult(door, {
          statusCode: 200,
          reason: 'OK',
          headers: { 'Access-Control-Allow-Origin': ORIGIN, ...stack.corsVary, ...JSON_TYPE },
          body: JSON.stringify({ hello: 'world' }),
        }),
        door,
      )
      assertValid(result, door)
    }
  })

  cors('adds the CORS headers to an error when http-error-handler is in the stack', async () => {
    for (const door of CORS_DOORS) {
      const handler = middy(() => {
        throw createHttpError(404, 'No such user')
      })
        .use(proxyResponse(quiet))
        .use(httpCors({ origin: ORIGIN }))
        .use(httpErrorHandler({ logger: false }))
      const result = (await handler(
        withRequestHeaders(door, { origin: ORIGIN }),
        lambdaContext(),
      )) as unknown as ProxyResult
      // http-error-handler writes the exposed message as text/plain; proxyResponse keeps what it set.
      assert.equal(
        result,
        expectedResult(door, {
          statusCode: 404,
          reason: 'Not Found',
          headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': ORIGIN, ...stack.corsVary },
          body: 'No such user',
        }),
        door,
      )
      assertValid(result, door)
    }
  })

  cors(
    'keeps CORS on an unexposed 500 from http-error-handler, and gives it a body that says nothing',
    async () => {
      for (const door of CORS_DOORS) {
        const handler = middy(() => {
          throw new Error('connection to db-internal.local:5432 refused')
        })
          .use(proxyResponse(quiet))
          .use(httpCors({ origin: ORIGIN }))
          .use(httpErrorHandler({ logger: false }))
        const result = (await handler(
          withRequestHeaders(door, { origin: ORIGIN }),
          lambdaContext(),
        )) as unknown as ProxyResult
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 500,
            reason: 'Internal Server Error',
            headers: { 'Access-Control-Allow-Origin': ORIGIN, ...stack.corsVary, ...JSON_TYPE },
            body: JSON.stringify({ message: 'Internal Server Error' }),
          }),
          door,
        )
        assertValid(result, door)
      }
    },
  )

  cors(
    'without http-error-handler an error response carries no CORS headers (http-cors decorates only a response that exists)',
    async () => {
      // Documents a limit of the documented order: http-cors's onError runs before proxyResponse's, when
      // there is no response yet. Users who want CORS on errors add http-error-handler (test above).
      for (const door of CORS_DOORS) {
        const handler = middy(() => {
          throw createHttpError(403, 'Forbidden here')
        })
          .use(proxyResponse(quiet))
          .use(httpCors({ origin: ORIGIN }))
        const result = (await handler(
          withRequestHeaders(door, { origin: ORIGIN }),
          lambdaContext(),
        )) as unknown as ProxyResult
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 403,
            reason: 'Forbidden',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Forbidden here' }),
          }),
          door,
        )
        assertValid(result, door)
      }
    },
  )

  cors(
    'in the wrong order (proxyResponse last) CORS headers land in a key a multi-value ALB ignores',
    async () => {
      // proxyResponse runs first, then http-cors writes `headers` after it: fine where `headers` is a key
      // of the front door, invalid on a multi-value ALB, which reads multiValueHeaders only.
      const handler = middy(() => ({ hello: 'world' }))
        .use(httpCors({ origin: ORIGIN }))
        .use(proxyResponse(quiet))
      const rest = (await handler(
        withRequestHeaders('rest', { origin: ORIGIN }),
        lambdaContext(),
      )) as unknown as ProxyResult
      assert.is(headerOf(rest, 'access-control-allow-origin'), ORIGIN)
      assertValid(rest, 'rest')
      const alb = (await handler(
        withRequestHeaders('alb-multi-value', { origin: ORIGIN }),
        lambdaContext(),
      )) as unknown as ProxyResult
      assert.equal(alb.headers, { 'Access-Control-Allow-Origin': ORIGIN, ...stack.corsVary })
      assert.equal(alb.multiValueHeaders, { 'Content-Type': ['application/json'] })
      assert.equal(
        validateProxyResult(alb, 'alb-multi-value').map((p) => p.code),
        ['key-not-accepted'],
      )
    },
  )

  cors(
    'on a VPC Lattice v2 event http-cors throws, and proxyResponse turns a success into a valid 500',
    async () => {
      const handler = middy(() => ({ hello: 'world' }))
        .use(proxyResponse(quiet))
        .use(httpCors({ origin: ORIGIN }))
      const result = await handler(withRequestHeaders('lattice-v2', { origin: ORIGIN }), lambdaContext())
      assert.equal(
        result,
        expectedResult('lattice-v2', {
          statusCode: 500,
          reason: 'Internal Server Error',
          headers: JSON_TYPE,
          body: JSON.stringify({ message: 'Internal Server Error' }),
        }),
      )
    },
  )

  cors(
    'on a VPC Lattice v2 error http-cors throws inside onError, before proxyResponse can answer: the invocation fails',
    async () => {
      // Middy stops its onError stack at the first middleware that throws, so proxyResponse (last) never
      // runs: a limit of http-cors on Lattice v2 that no middleware placed after it can repair.
      const handler = middy(() => {
        throw createHttpError(404, 'No such user')
      })
        .use(proxyResponse(quiet))
        .use(httpCors({ origin: ORIGIN }))
        .use(httpErrorHandler({ logger: false }))
      try {
        await handler(withRequestHeaders('lattice-v2', { origin: ORIGIN }), lambdaContext())
        assert.unreachable('http-cors should have thrown')
      } catch (err) {
        assert.instance(err, TypeError)
        assert.match((err as Error).message, 'method')
      }
    },
  )

  cors.run()

  // ---
  const errorHandler = suite(`${stack.name}: http-error-handler`)

  const thrown: Array<[string, () => unknown, number]> = [
    ['an exposed 404', () => createHttpError(404, 'No such order'), 404],
    ['an unexposed Error', () => new Error('secret: password=hunter2'), 500],
    [
      'a 503 with a Retry-After header',
      () => createHttpError(503, 'Down', { headers: { 'Retry-After': '120' } }),
      503,
    ],
    ['a string', () => 'just a string', 500],
    [
      'an error with a header injection',
      () => createHttpError(400, 'Bad', { headers: { 'X-Evil': 'a\r\nSet-Cookie: x=1' } }),
      400,
    ],
  ]

  errorHandler('gives a valid result whatever is thrown, in either order, on every front door', async () => {
    for (const [what, make, status] of thrown) {
      for (const door of DOORS) {
        for (const order of ['first', 'last'] as const) {
          const base = middy(() => {
            throw make()
          })
          const handler =
            order === 'first'
              ? base.use(proxyResponse(quiet)).use(httpErrorHandler({ logger: false }))
              : base.use(httpErrorHandler({ logger: false })).use(proxyResponse(quiet))
          const result = (await handler(eventFor(door), lambdaContext())) as unknown as ProxyResult
          const where = `${what}, ${door}, proxyResponse ${order}`
          assertValid(result, door)
          // http-error-handler answers an unexposed 503 as a 500: it has the first word when it runs first.
          const expected = order === 'first' && status === 503 ? 500 : status
          assert.is(result.statusCode, expected, where)
          assert.not.ok(JSON.stringify(result).includes('hunter2'), where)
          assert.not.ok(/[\r\n]/.test(JSON.stringify(result.headers ?? {})), where)
        }
      }
    }
  })

  errorHandler('keeps an exposed message and the error headers in the documented order', async () => {
    const handler = middy(() => {
      throw createHttpError(429, 'Slow down', { headers: { 'Retry-After': '30' } })
    })
      .use(proxyResponse(quiet))
      .use(httpErrorHandler({ logger: false }))
    const result = await handler(eventFor('alb'), lambdaContext())
    assert.equal(
      result,
      expectedResult('alb', {
        statusCode: 429,
        reason: 'Too Many Requests',
        headers: { 'Content-Type': 'text/plain', 'Retry-After': '30' },
        body: 'Slow down',
      }),
    )
  })

  errorHandler(
    'lets proxyResponse answer when it runs first (the wrong order), with its own JSON body',
    async () => {
      const handler = middy(() => {
        throw createHttpError(429, 'Slow down', { headers: { 'Retry-After': '30' } })
      })
        .use(httpErrorHandler({ logger: false }))
        .use(proxyResponse(quiet))
      const result = await handler(eventFor('rest'), lambdaContext())
      assert.equal(
        result,
        expectedResult('rest', {
          statusCode: 429,
          reason: 'Too Many Requests',
          headers: { 'Retry-After': '30', ...JSON_TYPE },
          body: JSON.stringify({ message: 'Slow down' }),
        }),
      )
    },
  )

  errorHandler.run()
}
