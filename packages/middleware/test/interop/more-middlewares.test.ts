// proxyResponse with the other Middy HTTP middlewares, on Middy 7 and Middy 5: security headers,
// response serializer, router (one function, many routes), validator (schemas compiled with the
// major's own transpileSchema), the event and header normalizers and the form body parser, on every
// front door, CloudFront's triggers included. Each finding of the README's table of other middlewares
// is pinned here, upstream bugs included, so that a fix upstream shows.
import type { Context } from 'aws-lambda'
import createHttpError from 'http-errors'
import { FRONT_DOORS, type ProxyResult, proxyResponse } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { EDGE_EVENT_OF, EVENT_OF } from '../events.js'
import {
  assertValid,
  capturingLogger,
  DOORS,
  eventFor,
  expectedResult,
  type Json,
  lambdaContext,
  loadEvent,
  postEvent,
  sentFor,
  withMethodAndPath,
} from '../hardening/helpers.js'
import { assertContract, decodedBody, isCloudFrontDoor, type ProxyDoor } from '../oracle/contract.js'
import {
  cfOf,
  edgeDoors,
  edgeErrorResult,
  edgeHeaders,
  edgeResponseOf,
  headerOf,
  headerValues,
  isEdgeRequest,
  requestOn,
  sendsOwnBody,
  statusOf,
  statusOnDoor,
  textOf,
} from './shapes.js'
import { STACKS } from './stacks.js'

const quiet = { logger: false } as const
const JSON_TYPE = { 'Content-Type': 'application/json' }
const EDGE_DOORS = edgeDoors(FRONT_DOORS)

/** What CloudFront gives the function to send on or back: the request on a request trigger, else the response. */
const givenOf = (event: Json): Json => {
  const cf = cfOf(event)
  return (cf.response ?? cf.request) as Json
}

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
      for (const door of EDGE_DOORS) {
        const request = loadEvent(EVENT_OF[door])
        for (const outcome of ['success', 'error'] as const) {
          const handler = middy(() => {
            if (outcome === 'error') throw createHttpError(409, 'Taken')
            return { saved: true }
          })
            .use(proxyResponse(quiet))
            .use(httpSecurityHeaders())
          const result = await handler(structuredClone(request), lambdaContext())
          const where = `${door} ${outcome}`
          assertContract(result, door, where, request)
          if (outcome === 'error') {
            // As on the other front doors: its onError runs before proxyResponse has made a response.
            const body = JSON.stringify({ message: 'Taken' })
            assert.equal(
              result,
              edgeErrorResult(door, request, { status: 409, headers: JSON_TYPE, body }),
              where,
            )
            continue
          }
          assert.is(statusOf(result), statusOnDoor(door, request, 200), where)
          for (const [name, value] of Object.entries({ ...stack.securityHeaders, ...JSON_TYPE }))
            assert.equal(headerValues(result, name), [value], `${where}: ${name}`)
          if (sendsOwnBody(door)) assert.is(textOf(result), JSON.stringify({ saved: true }), where)
        }
      }
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

  security(
    'reaches error responses when it comes before http-error-handler, on every front door',
    async () => {
      for (const door of FRONT_DOORS) {
        const handler = middy(() => {
          throw createHttpError(409, 'Taken')
        })
          .use(proxyResponse(quiet))
          .use(httpSecurityHeaders())
          .use(stack.httpErrorHandler({ logger: false }))
        const request = requestOn(door)
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.is(statusOf(result), statusOnDoor(door, request, 409), door)
        // A viewer response that failed is CloudFront's as it was, whatever the middlewares made of it.
        if (door === 'cloudfront-viewer-response') {
          assert.equal(result, edgeResponseOf(request), door)
          continue
        }
        for (const [name, value] of Object.entries(stack.securityHeaders)) {
          assert.is(headerOf(result, name), value, `${door}: ${name}`)
        }
      }
    },
  )

  security(
    'on a CloudFront response it is handed back, adds its headers as CloudFront entries, each replacing the value the origin sent under the lower-case name, and puts them in a request sent on',
    async () => {
      // It looks for its header names as it spells them ("Referrer-Policy"); CloudFront's are lower-cased.
      for (const door of ['cloudfront-origin-response', 'cloudfront-viewer-response'] as const) {
        const request = loadEvent(EDGE_EVENT_OF[door])
        const given = edgeResponseOf(request)
        const handler = middy((incoming) => cfOf(incoming).response)
          .use(proxyResponse(quiet))
          .use(httpSecurityHeaders())
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.is(statusOf(result), Number(given.status), door)
        assert.is(headerOf(result, 'content-type'), headerOf(given, 'content-type'), door)
        // Two spellings of one header are one header, the later (the middleware's) winning.
        for (const [name, value] of Object.entries(stack.securityHeaders)) {
          assert.equal(headerValues(result, name), [value], `${door}: ${name}`)
        }
        assert.equal(headerValues(given, 'referrer-policy'), ['no-referrer-when-downgrade'], door)
        assert.equal(headerValues(result, 'referrer-policy'), ['no-referrer'], door)
      }
      for (const door of ['cloudfront-viewer-request', 'cloudfront-origin-request'] as const) {
        const request = loadEvent(EDGE_EVENT_OF[door])
        const handler = middy((incoming) => cfOf(incoming).request)
          .use(proxyResponse(quiet))
          .use(httpSecurityHeaders())
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.ok(isEdgeRequest(result), door)
        assert.is(
          headerOf(result, 'strict-transport-security'),
          stack.securityHeaders['Strict-Transport-Security'],
          door,
        )
      }
    },
  )

  security.run()

  // ---
  const nothing = suite(`${stack.name}: a handler that returns nothing, with a decorating middleware`)

  const decorating = [
    ['http-cors', () => stack.httpCors({ origin: 'https://app.example.com' })],
    ['http-security-headers', () => httpSecurityHeaders()],
    ['http-response-serializer', () => httpResponseSerializer(serializers)],
  ] as const

  nothing(
    'gets a bare 500 instead of a 204: their after turns an empty response into a 500 before proxyResponse sees it',
    async () => {
      for (const [name, decorate] of decorating) {
        // http-cors throws on VPC Lattice v2 events whatever the handler returns (see http-middlewares).
        // CloudFront's triggers send on or back what the function left: the test below.
        const doors = FRONT_DOORS.filter(
          (d) => !isCloudFrontDoor(d) && (name !== 'http-cors' || d !== 'lattice-v2'),
        )
        for (const door of doors) {
          const where = `${name} on ${door}`
          const alone = middy(() => undefined).use(proxyResponse(quiet))
          const bare = (await alone(requestOn(door), lambdaContext())) as unknown as ProxyResult
          assert.is(bare.statusCode, 204, where)
          // The upstream behaviour, pinned: normalizeHttpResponse gives a missing response statusCode 500.
          const decorated = middy(() => undefined)
            .use(proxyResponse(quiet))
            .use(decorate())
          const result = (await decorated(requestOn(door), lambdaContext())) as unknown as ProxyResult
          assertContract(result, door, where)
          assert.is(result.statusCode, 500, where)
          assert.is(decodedBody(result).length, 0, where)
          // The README's workaround: say 204.
          const explicit = middy(() => ({ statusCode: 204 }))
            .use(proxyResponse(quiet))
            .use(decorate())
          const fixed = (await explicit(requestOn(door), lambdaContext())) as unknown as ProxyResult
          assertContract(fixed, door, where)
          assert.is(fixed.statusCode, 204, where)
        }
      }
    },
  )

  nothing(
    "on CloudFront turns a function that changed the request or response in place into a bare 500 (the origin's headers lost on a viewer response), where returning it works",
    async () => {
      for (const [name, decorate] of decorating) {
        for (const door of EDGE_DOORS) {
          const where = `${name} on ${door}`
          const request = requestOn(door)
          const given = givenOf(request)
          // Alone, proxyResponse sends on the request, or sends back the response, as the function left it.
          const alone = middy(() => undefined).use(proxyResponse(quiet))
          const bare = await alone(structuredClone(request), lambdaContext())
          assertContract(bare, door, where, request)
          assert.equal(bare, given, where)
          // The upstream behaviour, pinned: normalizeHttpResponse gives a missing response statusCode 500.
          const decorated = middy(() => undefined)
            .use(proxyResponse(quiet))
            .use(decorate())
          const result = await decorated(structuredClone(request), lambdaContext())
          assertContract(result, door, where, request)
          assert.is(statusOf(result), statusOnDoor(door, request, 500), where)
          assert.is(decodedBody(result).length, 0, where)
          // A viewer response keeps the origin's body, without the origin's content type.
          if (door === 'cloudfront-viewer-response')
            assert.is.not(headerOf(result, 'content-type'), headerOf(given, 'content-type'), where)
          // The README's workaround on CloudFront: return the request or the response.
          const returned = middy((incoming) => givenOf(incoming))
            .use(proxyResponse(quiet))
            .use(decorate())
          const fixed = await returned(structuredClone(request), lambdaContext())
          assertContract(fixed, door, where, request)
          if (door.endsWith('request')) {
            assert.ok(isEdgeRequest(fixed), where)
            assert.is((fixed as Json).uri, given.uri, where)
          } else {
            assert.is(statusOf(fixed), Number(given.status), where)
            assert.is(headerOf(fixed, 'content-type'), headerOf(given, 'content-type'), where)
          }
        }
      }
    },
  )

  nothing.run()

  // ---
  const eventNormalizer = suite(`${stack.name}: http-event-normalizer`)

  eventNormalizer(
    'gives the handler query and path parameters as objects on every front door, from VPC Lattice v1 snake_case too',
    async () => {
      const handler = middy((incoming) => ({
        query: incoming.queryStringParameters,
        path: incoming.pathParameters,
      }))
        .use(proxyResponse(quiet))
        .use(stack.httpEventNormalizer())
      const requests = [
        ...FRONT_DOORS.filter((door) => !isCloudFrontDoor(door)).map(
          (door) => [door, requestOn(door, { query: { page: '2' } })] as const,
        ),
        ...DOORS.map((door) => [door, eventFor(door)] as const),
      ]
      for (const [door, request] of requests) {
        const query = structuredClone(request.query_string_parameters ?? request.queryStringParameters ?? {})
        const result = (await handler(structuredClone(request), lambdaContext())) as unknown as ProxyResult
        assertContract(result, door, door)
        assert.is(result.statusCode, 200, door)
        const seen = JSON.parse(result.body ?? '') as Json
        assert.equal(seen.query, query, door)
        assert.equal(seen.path, request.pathParameters ?? {}, door)
      }
    },
  )

  eventNormalizer(
    'gives a CloudFront handler empty query and path parameters: the query is in Records[0].cf.request.querystring',
    async () => {
      for (const door of EDGE_DOORS) {
        let seen: Json | undefined
        const handler = middy((incoming) => {
          seen = { query: incoming.queryStringParameters, path: incoming.pathParameters }
          return { ok: true }
        })
          .use(proxyResponse(quiet))
          .use(stack.httpEventNormalizer())
        const request = requestOn(door, { query: { page: '2' } })
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.is(statusOf(result), statusOnDoor(door, request, 200), door)
        assert.equal(seen, { query: {}, path: {} }, door)
        assert.is((cfOf(request).request as Json).querystring, 'page=2', door)
      }
    },
  )

  eventNormalizer.run()

  // ---
  const headerNormalizer = suite(`${stack.name}: http-header-normalizer`)

  headerNormalizer('lower-cases the request header names on every front door', async () => {
    const handler = middy((incoming) => ({
      value: String(
        (incoming.headers as Json | undefined)?.['x-order-id'] ??
          (incoming.multiValueHeaders as Json | undefined)?.['x-order-id'],
      ),
    }))
      .use(proxyResponse(quiet))
      .use(stack.httpHeaderNormalizer())
    for (const door of FRONT_DOORS.filter((d) => !isCloudFrontDoor(d))) {
      const request = requestOn(door, { headers: { 'X-Order-Id': '42' } })
      const result = (await handler(request, lambdaContext())) as unknown as ProxyResult
      assertContract(result, door, door)
      assert.equal(JSON.parse(result.body ?? ''), { value: '42' }, door)
    }
  })

  headerNormalizer(
    'finds no headers in a CloudFront event, whose request headers CloudFront keys by the lower-cased name already',
    async () => {
      for (const door of EDGE_DOORS) {
        let seen: unknown
        const handler = middy((incoming) => {
          seen = { headers: incoming.headers, cf: headerValues(cfOf(incoming).request, 'x-order-id') }
          return { ok: true }
        })
          .use(proxyResponse(quiet))
          .use(stack.httpHeaderNormalizer())
        const request = requestOn(door, { headers: { 'X-Order-Id': '42' } })
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.is(statusOf(result), statusOnDoor(door, request, 200), door)
        assert.equal(seen, { headers: undefined, cf: ['42'] }, door)
        assert.ok(Object.hasOwn((cfOf(request).request as Json).headers as Json, 'x-order-id'), door)
      }
    },
  )

  headerNormalizer(
    "makes no `headers` out of a multi-value ALB event's multiValueHeaders, so the body parser still answers 415",
    async () => {
      const capture = loadEvent('alb/multi-value-serverless-express-post-users.json')
      const handler = middy((incoming) => ({ received: incoming.body }))
        .use(proxyResponse(quiet))
        .use(stack.httpHeaderNormalizer())
        .use(httpJsonBodyParser())
      const result = (await handler(capture, lambdaContext())) as unknown as ProxyResult
      assertContract(result, 'alb-multi-value')
      assert.is(result.statusCode, 415)
    },
  )

  headerNormalizer.run()

  // ---
  const urlencoded = suite(`${stack.name}: http-urlencode-body-parser`)

  const FORM = 'application/x-www-form-urlencoded'

  urlencoded(
    'parses a form on every front door but an ALB with multi-value headers and CloudFront, where it reads no headers and answers 415',
    async () => {
      const handler = middy((incoming) => ({ received: incoming.body }))
        .use(proxyResponse(quiet))
        .use(stack.httpUrlencodeBodyParser())
      for (const door of FRONT_DOORS) {
        const input = { method: 'POST', headers: { 'content-type': FORM }, body: 'item=tea&qty=2' }
        const request = requestOn(door, input)
        const result = (await handler(structuredClone(request), lambdaContext())) as unknown as ProxyResult
        assertContract(result, door, door, request)
        if (isCloudFrontDoor(door)) {
          // The form is in `Records[0].cf.request.body.data`, its content type in CloudFront's headers.
          const body = JSON.stringify({ message: 'Unsupported Media Type' })
          assert.equal(
            result,
            edgeErrorResult(door, request, { status: 415, headers: JSON_TYPE, body }),
            door,
          )
          continue
        }
        if (door === 'alb-multi-value') {
          assert.is(result.statusCode, 415, door)
          continue
        }
        assert.is(result.statusCode, 200, door)
        assert.equal(JSON.parse(result.body ?? ''), { received: { item: 'tea', qty: '2' } }, door)
      }
    },
  )

  urlencoded('answers 415 to a WebSocket message, which carries no headers', async () => {
    const handler = middy((incoming) => ({ received: incoming.body }))
      .use(proxyResponse(quiet))
      .use(stack.httpUrlencodeBodyParser())
    const message = loadEvent('apigw-websocket/aws-lambda-go-message-default-route.json')
    const result = (await handler(
      { ...message, body: 'item=tea' },
      lambdaContext(),
    )) as unknown as ProxyResult
    assertContract(result, 'websocket')
    assert.is(result.statusCode, 415)
  })

  urlencoded(
    'does not decode a VPC Lattice v1 base64 form (is_base64_encoded), which http-event-normalizer before it cures',
    async () => {
      const input = {
        method: 'POST',
        headers: { 'content-type': FORM },
        body: new TextEncoder().encode('item=tea'),
      }
      const bare = middy((incoming) => ({ received: incoming.body }))
        .use(proxyResponse(quiet))
        .use(stack.httpUrlencodeBodyParser())
      const failed = (await bare(requestOn('lattice-v1', input), lambdaContext())) as unknown as ProxyResult
      assertContract(failed, 'lattice-v1')
      // The upstream behaviour, pinned: the base64 text of `item=tea` parsed as a form.
      assert.is(failed.statusCode, 200)
      assert.equal(JSON.parse(failed.body ?? ''), { received: { aXRlbT10ZWE: '' } })
      const normalized = middy((incoming) => ({ received: incoming.body }))
        .use(proxyResponse(quiet))
        .use(stack.httpEventNormalizer())
        .use(stack.httpUrlencodeBodyParser())
      const result = (await normalized(
        requestOn('lattice-v1', input),
        lambdaContext(),
      )) as unknown as ProxyResult
      assertContract(result, 'lattice-v1')
      assert.equal(JSON.parse(result.body ?? ''), { received: { item: 'tea' } })
    },
  )

  urlencoded.run()

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

  serializer(
    'serializes by the default content type on CloudFront too, and adds its content type to a request sent on',
    async () => {
      for (const door of EDGE_DOORS) {
        const request = loadEvent(EVENT_OF[door])
        const handler = middy(() => 'Hello')
          .use(proxyResponse(quiet))
          .use(httpResponseSerializer(serializers))
        const result = await handler(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        if (sendsOwnBody(door)) {
          assert.equal(result, { status: '200', headers: edgeHeaders(JSON_TYPE), body: '"Hello"' }, door)
        } else {
          assert.is(statusOf(result), statusOnDoor(door, request, 200), door)
          assert.is(headerOf(result, 'content-type'), 'application/json', door)
        }
      }
      // A GET sent on to the origin leaves with `Content-Type: application/json`.
      for (const door of ['cloudfront-viewer-request', 'cloudfront-origin-request'] as const) {
        const request = loadEvent(EDGE_EVENT_OF[door])
        assert.is(headerValues(cfOf(request).request, 'content-type').length, 0, door)
        const onward = middy((incoming) => cfOf(incoming).request)
          .use(proxyResponse(quiet))
          .use(httpResponseSerializer(serializers))
        const result = await onward(structuredClone(request), lambdaContext())
        assertContract(result, door, door, request)
        assert.ok(isEdgeRequest(result), door)
        assert.is(headerOf(result, 'content-type'), 'application/json', door)
      }
    },
  )

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
    'answers a 500 that exposes nothing to the events it cannot read: VPC Lattice v2 and WebSocket',
    async () => {
      // It looks for the method of a "2.0" event in requestContext.http, which Lattice v2 lacks, and for
      // `httpMethod` in a WebSocket event: it throws (Middy 7 "Unknown HTTP event format", Middy 5 a
      // TypeError), and proxyResponse answers that as an unexposed 500.
      const requests = [
        ['lattice-v2', eventFor('lattice-v2')],
        ['lattice-v2', withMethodAndPath('lattice-v2', 'GET', '/users')],
        ['lattice-v2', requestOn('lattice-v2', { method: 'GET', path: '/users' })],
        ['websocket', eventFor('websocket')],
        ['websocket', requestOn('websocket')],
      ] as const
      for (const [door, request] of requests) {
        const logs = capturingLogger()
        const handler = middy(httpRouter(routes as never)).use(proxyResponse({ logger: logs.logger }))
        const result = await handler(request as never, lambdaContext())
        assert.equal(
          result,
          expectedResult(door, {
            statusCode: 500,
            reason: 'Internal Server Error',
            headers: JSON_TYPE,
            body: JSON.stringify({ message: 'Internal Server Error' }),
          }),
          door,
        )
        assertContract(result, door, door)
        assert.match(JSON.stringify(logs.entries), /Unknown http event format|reading 'method'/i, door)
      }
    },
  )

  router(
    'answers a 500 that exposes nothing to every CloudFront request and origin response, which it cannot read; a viewer response is sent as CloudFront gave it',
    async () => {
      for (const door of EDGE_DOORS) {
        for (const request of [
          loadEvent(EVENT_OF[door]),
          requestOn(door, { method: 'GET', path: '/users' }),
        ]) {
          const logs = capturingLogger()
          const handler = middy(httpRouter(routes as never)).use(proxyResponse({ logger: logs.logger }))
          const result = await handler(structuredClone(request) as never, lambdaContext())
          assertContract(result, door, door, request)
          const body = JSON.stringify({ message: 'Internal Server Error' })
          assert.equal(
            result,
            edgeErrorResult(door, request, { status: 500, headers: JSON_TYPE, body }),
            door,
          )
          assert.match(JSON.stringify(logs.entries), /Unknown http event format/i, door)
        }
      }
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

  validation(
    "validates a CloudFront event as it is: a schema of its shape lets it through, API Gateway's (a parsed body) answers 400 to every request",
    async () => {
      const edgeSchema = stack.transpileSchema({
        type: 'object',
        required: ['Records'],
        properties: {
          Records: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['cf'],
              properties: {
                cf: {
                  type: 'object',
                  required: ['request'],
                  properties: {
                    request: {
                      type: 'object',
                      required: ['uri'],
                      properties: { uri: { type: 'string', pattern: '^/orders' } },
                    },
                  },
                },
              },
            },
          },
        },
      })
      for (const door of EDGE_DOORS) {
        const handler = (schema: unknown) =>
          middy(() => ({ statusCode: 200, body: 'ok' }))
            .use(proxyResponse(quiet))
            .use(validator({ eventSchema: schema }))
        const orders = requestOn(door, { method: 'POST', path: '/orders', body: { name: 'Ada' } })
        const valid = await handler(edgeSchema)(structuredClone(orders), lambdaContext())
        assertContract(valid, door, door, orders)
        assert.is(statusOf(valid), statusOnDoor(door, orders, 200), door)
        if (sendsOwnBody(door)) assert.is(textOf(valid), 'ok', door)
        const elsewhere = requestOn(door, { path: '/admin' })
        const refused = await handler(edgeSchema)(structuredClone(elsewhere), lambdaContext())
        const message = JSON.stringify({ message: 'Event object failed validation' })
        assertContract(refused, door, door, elsewhere)
        assert.equal(
          refused,
          edgeErrorResult(door, elsewhere, { status: 400, headers: JSON_TYPE, body: message }),
          door,
        )
        const apiGateway = await handler(eventSchema)(structuredClone(orders), lambdaContext())
        assertContract(apiGateway, door, door, orders)
        assert.equal(
          apiGateway,
          edgeErrorResult(door, orders, { status: 400, headers: JSON_TYPE, body: message }),
          door,
        )
      }
    },
  )

  validation.run()
}
