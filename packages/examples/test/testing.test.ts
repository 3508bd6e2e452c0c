// The `middy-proxy-response/testing` subpath: its event builders against the published sample events,
// its Lambda context, and `invoke`, used as a user's tests use it (no cast on any result).
import { deepStrictEqual } from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { FRONT_DOORS, type FrontDoor, proxyResponse } from 'middy-proxy-response'
import {
  type AlbResult,
  detectFrontDoor,
  event,
  events,
  InvalidProxyResultError,
  invoke,
  lambdaContext,
  type ProxyResult,
  type RestResult,
  FRONT_DOORS as TESTING_FRONT_DOORS,
} from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler as control } from '../src/control-without-middleware.js'
import { fixture } from './helpers.js'

/** The published sample events of each front door, told apart as the middleware tells them. */
const published = new Map<FrontDoor, Array<{ name: string; event: Record<string, unknown> }>>()
const fixturesDir = new URL('../../../fixtures/events/', import.meta.url)
for (const kind of readdirSync(fixturesDir)) {
  for (const file of readdirSync(new URL(`${kind}/`, fixturesDir))) {
    const name = `${kind}/${file.replace(/\.json$/, '')}`
    const sample = fixture<Record<string, unknown>>(name)
    const door = detectFrontDoor(sample)
    if (door) published.set(door, [...(published.get(door) ?? []), { name, event: sample }])
  }
}

const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.keys(value).sort() : []

/** A plain copy of an event (its brand left behind), to read any front door's keys alike. */
const plain = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value))

const everything = {
  method: 'put',
  path: '/orders/7?dry=1',
  query: { tag: ['a', 'b c'] },
  headers: { 'X-Request-Id': 'r-1', Accept: ['text/html', 'application/json'] },
  cookies: { session: 'abc', theme: 'dark' },
  body: { item: 'tea' },
}

/** CloudFront shows a request body to its request triggers only: a response trigger's builder refuses one. */
const takesBody = (door: FrontDoor): boolean => !/^cloudfront-.+-response$/.test(door)

/** `everything` that `door`'s event can carry. */
const everythingFor = (door: FrontDoor) => (takesBody(door) ? everything : { ...everything, body: undefined })

/** The request CloudFront gave a Lambda@Edge function, `Records[0].cf.request`; `undefined` for another front door's event. */
const edgeRequest = (made: Record<string, unknown>): Record<string, unknown> | undefined =>
  (made as { Records?: Array<{ cf: { request: Record<string, unknown> } }> }).Records?.[0]?.cf.request

/** The request headers of a built event, wherever its front door carries them. */
const requestHeaders = (made: Record<string, unknown>): unknown =>
  edgeRequest(made)?.headers ?? made.headers ?? made.multiValueHeaders ?? {}

// ---

const Events = suite('events, a builder per front door')

Events('every front door has a builder, and published samples of each to compare with', () => {
  assert.equal(Object.keys(events).length, FRONT_DOORS.length)
  for (const door of FRONT_DOORS) assert.ok((published.get(door) ?? []).length > 0, door)
})

Events('every builder makes an event that detectFrontDoor tells as its front door', () => {
  const built: Array<[FrontDoor, unknown]> = [
    ['rest', events.rest()],
    ['http-v1', events.httpV1()],
    ['http-v2', events.httpV2()],
    ['function-url', events.functionUrl()],
    ['alb', events.alb()],
    ['alb-multi-value', events.albMultiValue()],
    ['lattice-v1', events.latticeV1()],
    ['lattice-v2', events.latticeV2()],
    ['websocket', events.websocket()],
    ['websocket', events.websocket({ eventType: 'CONNECT' })],
    ['websocket', events.websocket({ eventType: 'DISCONNECT' })],
    ['cloudfront-viewer-request', events.cloudFrontViewerRequest()],
    ['cloudfront-origin-request', events.cloudFrontOriginRequest({ origin: 's3' })],
    ['cloudfront-origin-response', events.cloudFrontOriginResponse({ response: { status: 404 } })],
    ['cloudfront-viewer-response', events.cloudFrontViewerResponse()],
  ]
  for (const [door, made] of built) assert.is(detectFrontDoor(made), door)
  for (const door of FRONT_DOORS) {
    assert.is(detectFrontDoor(event(door)), door)
    assert.is(detectFrontDoor(event(door, everythingFor(door))), door)
  }
})

Events('every event has the top-level keys of a published sample of its front door, and no other', () => {
  for (const door of FRONT_DOORS) {
    const samples = (published.get(door) ?? []).map((sample) => keysOf(sample.event))
    // A $connect with a query string carries both query maps (API Gateway's documentation and
    // @types/aws-lambda); none of the published WebSocket samples has one.
    const documented =
      door === 'websocket' ? ['queryStringParameters', 'multiValueQueryStringParameters'] : []
    const union = new Set([...samples.flat(), ...documented])
    const common = [...new Set(samples.flat())].filter((key) => samples.every((keys) => keys.includes(key)))
    const bare = keysOf(event(door))
    assert.ok(
      samples.some((keys) => keys.join() === bare.join()),
      `${door}: ${bare.join()} is the key set of no sample`,
    )
    for (const keys of [bare, keysOf(event(door, everythingFor(door)))]) {
      assert.equal(
        keys.filter((key) => !union.has(key)),
        [],
        `${door}: keys no sample has`,
      )
      assert.equal(
        common.filter((key) => !keys.includes(key)),
        [],
        `${door}: keys every sample has`,
      )
    }
  }
  for (const [eventType, name] of [
    ['CONNECT', 'apigw-websocket/aws-lambda-dotnet-connect'],
    ['DISCONNECT', 'apigw-websocket/aws-lambda-go-disconnect'],
    ['MESSAGE', 'apigw-websocket/aws-lambda-go-message-default-route'],
  ] as const) {
    const sample = fixture<Record<string, unknown>>(name)
    const made = events.websocket({ eventType })
    assert.equal(keysOf(made), keysOf(sample), eventType)
    assert.equal(keysOf(made.requestContext), keysOf(sample.requestContext), eventType)
  }
})

Events('every requestContext holds only keys that the published samples of its front door hold', () => {
  for (const door of FRONT_DOORS) {
    const known = new Set(
      (published.get(door) ?? []).flatMap((sample) => keysOf(sample.event.requestContext)),
    )
    const made = plain(event(door, everythingFor(door)))
    assert.equal(
      keysOf(made.requestContext).filter((key) => !known.has(key)),
      [],
      door,
    )
  }
})

Events('the request context is realistic: ids, stage, domain names and ARNs', () => {
  const rest = events.rest({ path: '/orders' })
  assert.is(rest.requestContext.stage, 'dev')
  assert.is(rest.requestContext.path, '/dev/orders')
  assert.match(
    rest.requestContext.domainName ?? '',
    /^[a-z0-9]{10}\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/,
  )
  assert.match(rest.requestContext.requestId, /^[0-9a-f-]{36}$/)
  assert.is.not(events.rest().requestContext.requestId, rest.requestContext.requestId)
  assert.match(
    events.functionUrl().requestContext.domainName,
    /^[a-z0-9]{32}\.lambda-url\.[a-z0-9-]+\.on\.aws$/,
  )
  assert.match(events.httpV2().requestContext.domainName, /\.execute-api\./)
  assert.is(events.httpV2().requestContext.stage, '$default')
  assert.match(
    events.alb().requestContext.elb.targetGroupArn,
    /^arn:aws:elasticloadbalancing:.+:targetgroup\//,
  )
  assert.match(
    events.latticeV2().requestContext.serviceNetworkArn,
    /^arn:aws:vpc-lattice:.+:servicenetwork\//,
  )
  assert.match(events.latticeV2().requestContext.timeEpoch, /^\d{16}$/)
  const socket = events.websocket({ connectionId: 'L0SM9cOFvHcCIhw=' })
  assert.is(socket.requestContext.connectionId, 'L0SM9cOFvHcCIhw=')
  assert.is(socket.requestContext.eventType, 'MESSAGE')
  assert.is(socket.requestContext.routeKey, '$default')
  assert.is(events.websocket({ eventType: 'CONNECT' }).requestContext.routeKey, '$connect')
  assert.match(rest.requestContext.requestTime ?? '', /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/)
})

Events('REST: method, path, both query maps, both header maps, the Cookie header and a JSON body', () => {
  const made = events.rest({ ...everything, resource: '/orders/{id}', pathParameters: { id: '7' } })
  assert.is(made.httpMethod, 'PUT')
  assert.is(made.path, '/orders/7')
  assert.is(made.resource, '/orders/{id}')
  assert.is(made.requestContext.resourcePath, '/orders/{id}')
  assert.equal(made.pathParameters, { id: '7' })
  // A parameter or header given several times: its last value in the single map, all in the multi map.
  assert.equal(made.queryStringParameters, { dry: '1', tag: 'b c' })
  assert.equal(made.multiValueQueryStringParameters, { dry: ['1'], tag: ['a', 'b c'] })
  assert.is(made.headers['X-Request-Id'], 'r-1')
  assert.is(made.headers.Accept, 'application/json')
  assert.equal(made.multiValueHeaders.Accept, ['text/html', 'application/json'])
  assert.is(made.headers.Cookie, 'session=abc; theme=dark')
  assert.is(made.headers['Content-Type'], 'application/json')
  assert.is(made.body, '{"item":"tea"}')
  assert.is(made.isBase64Encoded, false)
  const bare = events.rest()
  assert.is(bare.httpMethod, 'GET')
  assert.is(bare.path, '/')
  assert.is(bare.body, null)
  assert.is(bare.queryStringParameters, null)
  assert.is(bare.multiValueQueryStringParameters, null)
  assert.is(bare.pathParameters, null)
})

Events('HTTP API 1.0: the REST shape with version 1.0 and the $default stage', () => {
  const made = events.httpV1({ ...everything, stageVariables: { env: 'test' } })
  assert.is(made.version, '1.0')
  assert.is(made.requestContext.stage, '$default')
  assert.is(made.requestContext.path, '/orders/7')
  assert.equal(made.multiValueQueryStringParameters, { dry: ['1'], tag: ['a', 'b c'] })
  assert.equal(made.stageVariables, { env: 'test' })
  assert.is(made.headers.Cookie, 'session=abc; theme=dark')
})

Events(
  'HTTP API 2.0: rawPath, rawQueryString, joined values, lower-case headers and the cookies array',
  () => {
    const made = events.httpV2({ ...everything, routeKey: 'PUT /orders/{id}', pathParameters: { id: '7' } })
    assert.is(made.version, '2.0')
    assert.is(made.routeKey, 'PUT /orders/{id}')
    assert.is(made.requestContext.routeKey, 'PUT /orders/{id}')
    assert.is(made.rawPath, '/orders/7')
    assert.is(made.rawQueryString, 'dry=1&tag=a&tag=b%20c')
    assert.equal(made.queryStringParameters, { dry: '1', tag: 'a,b c' })
    assert.equal(made.requestContext.http, {
      method: 'PUT',
      path: '/orders/7',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.10',
      userAgent: 'curl/8.5.0',
    })
    assert.is(made.headers['x-request-id'], 'r-1')
    assert.is(made.headers.accept, 'text/html,application/json')
    assert.is(made.headers['content-type'], 'application/json')
    // Payload 2.0 carries cookies in `cookies`, not in a header.
    assert.equal(made.cookies, ['session=abc', 'theme=dark'])
    assert.is(made.headers.cookie, undefined)
    assert.equal(made.pathParameters, { id: '7' })
    assert.is(made.body, '{"item":"tea"}')
    const bare = events.httpV2()
    assert.is(bare.rawQueryString, '')
    assert.ok(!('cookies' in bare) && !('body' in bare) && !('queryStringParameters' in bare))
    assert.is(events.httpV2({ stage: 'prod', path: '/a' }).rawPath, '/prod/a')
    // A Cookie header given as such ends up in `cookies` too, as API Gateway moves it.
    assert.equal(events.httpV2({ headers: { Cookie: 'a=1; b=2' }, cookies: { c: '3' } }).cookies, [
      'a=1',
      'b=2',
      'c=3',
    ])
  },
)

Events('function URL: payload 2.0 on a *.lambda-url.* domain, without a route', () => {
  const made = events.functionUrl(everything)
  assert.is(made.requestContext.accountId, 'anonymous')
  assert.is(made.headers.host, made.requestContext.domainName)
  assert.is(made.rawQueryString, 'dry=1&tag=a&tag=b%20c')
  assert.equal(made.cookies, ['session=abc', 'theme=dark'])
  assert.is(made.requestContext.http.method, 'PUT')
  assert.is(made.body, '{"item":"tea"}')
})

Events('ALB: one value per header and parameter (the last), query values left percent-encoded', () => {
  const made = events.alb(everything)
  assert.is(made.httpMethod, 'PUT')
  assert.is(made.path, '/orders/7')
  assert.equal(made.queryStringParameters, { dry: '1', tag: 'b%20c' })
  assert.is(made.headers.accept, 'application/json')
  assert.is(made.headers['x-request-id'], 'r-1')
  assert.is(made.headers.cookie, 'session=abc; theme=dark')
  assert.ok(!('multiValueHeaders' in made))
  assert.is(events.alb().body, '')
  assert.equal(events.alb().queryStringParameters, {})
})

Events('ALB in multi-value mode: multiValueHeaders and multiValueQueryStringParameters instead', () => {
  const made = events.albMultiValue(everything)
  assert.equal(made.multiValueQueryStringParameters, { dry: ['1'], tag: ['a', 'b%20c'] })
  assert.equal(made.multiValueHeaders.accept, ['text/html', 'application/json'])
  assert.equal(made.multiValueHeaders.cookie, ['session=abc; theme=dark'])
  assert.ok(!('headers' in made) && !('queryStringParameters' in made))
})

Events('VPC Lattice v1: snake_case keys, values joined with commas, no requestContext', () => {
  const made = events.latticeV1(everything)
  assert.is(made.raw_path, '/orders/7')
  assert.is(made.method, 'PUT')
  assert.equal(made.query_string_parameters, { dry: '1', tag: 'a,b c' })
  assert.is(made.headers.accept, 'text/html,application/json')
  assert.is(made.headers.cookie, 'session=abc; theme=dark')
  assert.is(made.body, '{"item":"tea"}')
  assert.is(made.is_base64_encoded, false)
  assert.ok(!('requestContext' in made))
})

Events('VPC Lattice v2: version 2.0, lists of values, and the ARNs in requestContext', () => {
  const made = events.latticeV2(everything)
  assert.is(made.version, '2.0')
  assert.is(made.path, '/orders/7')
  assert.equal(made.queryStringParameters, { dry: ['1'], tag: ['a', 'b c'] })
  assert.equal(made.headers.accept, ['text/html', 'application/json'])
  assert.equal(made.headers.cookie, ['session=abc; theme=dark'])
  assert.is(made.isBase64Encoded, false)
})

Events('WebSocket: a MESSAGE has a body, a CONNECT headers and query parameters', () => {
  const message = events.websocket({ body: { action: 'ping' } })
  assert.is(message.body, '{"action":"ping"}')
  assert.is(message.headers, undefined)
  assert.type(message.requestContext.messageId, 'string')
  const connect = events.websocket({ eventType: 'CONNECT', query: { token: 't' }, cookies: { s: '1' } })
  assert.is(connect.body, undefined)
  assert.equal(connect.queryStringParameters, { token: 't' })
  assert.equal(connect.multiValueQueryStringParameters, { token: ['t'] })
  assert.is(connect.headers?.['Sec-WebSocket-Version'], '13')
  assert.is(connect.headers?.Cookie, 's=1')
  const disconnect = events.websocket({ eventType: 'DISCONNECT', routeKey: '$disconnect' })
  assert.is(disconnect.requestContext.routeKey, '$disconnect')
})

Events('a JSON body sets content-type: application/json unless the headers give one', () => {
  assert.is(events.rest({ body: [1, 2] }).headers['Content-Type'], 'application/json')
  assert.is(events.rest({ body: 0 }).body, '0')
  assert.is(events.httpV2({ body: false }).body, 'false')
  const given = events.rest({ body: { a: 1 }, headers: { 'content-type': 'application/vnd.api+json' } })
  assert.is(given.headers['content-type'], 'application/vnd.api+json')
  assert.is(given.headers['Content-Type'], undefined)
  assert.is(
    events.httpV2({ body: { a: 1 }, headers: { 'Content-Type': 'text/json' } }).headers['content-type'],
    'text/json',
  )
})

/** What the include-body option puts in a CloudFront request: every body in base64. */
const includedBody = (data: string) => ({
  action: 'read-only',
  data,
  encoding: 'base64',
  inputTruncated: false,
})

Events('a text body is sent as it is, without a content type (in base64 on CloudFront)', () => {
  for (const door of FRONT_DOORS.filter(takesBody)) {
    const made = plain(event(door, { method: 'POST', body: 'item=tea' }))
    const edge = edgeRequest(made)
    if (edge) {
      assert.equal(edge.body, includedBody(Buffer.from('item=tea').toString('base64')), door)
    } else {
      assert.is(made.body, 'item=tea', door)
      assert.is(made.isBase64Encoded ?? made.is_base64_encoded, false, door)
    }
    assert.equal(
      keysOf(requestHeaders(made)).filter((name) => name.toLowerCase() === 'content-type'),
      [],
      door,
    )
  }
})

Events('a bytes body is sent in base64 with isBase64Encoded, whatever holds the bytes', () => {
  const bytes = new Uint8Array([0, 255, 16, 128, 127])
  for (const door of FRONT_DOORS.filter(takesBody)) {
    const made = plain(event(door, { method: 'POST', body: bytes }))
    const edge = edgeRequest(made)
    if (edge) {
      assert.equal(edge.body, includedBody('AP8QgH8='), door)
      continue
    }
    assert.is(made.body, 'AP8QgH8=', door)
    assert.is(made.isBase64Encoded ?? made.is_base64_encoded, true, door)
  }
  assert.is(events.rest({ body: Buffer.from('tea') }).body, 'dGVh')
  assert.is(events.rest({ body: bytes.buffer }).body, 'AP8QgH8=')
  assert.is(events.rest({ body: new DataView(bytes.buffer, 1, 2) }).body, '/xA=')
  assert.is(events.rest({ body: null }).body, null)
})

Events('a body that JSON cannot hold is refused when the event is built', () => {
  assert.throws(() => events.rest({ body: () => 1 }), /string, bytes or a JSON value/)
})

Events('an unknown front door is refused', () => {
  // @ts-expect-error not a front door
  assert.throws(() => event('cloudfront'), /Unknown front door: "cloudfront"/)
})

Events('default headers give way to the headers asked for, whatever their spelling', () => {
  const made = events.rest({ headers: { 'user-agent': 'ELB-HealthChecker/2.0', host: 'example.com' } })
  assert.is(made.headers['User-Agent'], undefined)
  assert.is(made.headers['user-agent'], 'ELB-HealthChecker/2.0')
  assert.is(made.requestContext.identity.userAgent, 'ELB-HealthChecker/2.0')
  assert.is(made.headers.host, 'example.com')
  assert.is(events.alb({ sourceIp: '198.51.100.7' }).headers['x-forwarded-for'], '198.51.100.7')
})

Events.run()

// ---

const LambdaContext = suite('lambdaContext')

LambdaContext('is a full Lambda context with a new request id each time', () => {
  const first = lambdaContext()
  const second = lambdaContext()
  assert.match(first.awsRequestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.is.not(first.awsRequestId, second.awsRequestId)
  assert.is(first.functionVersion, '$LATEST')
  assert.is(first.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:test-function')
  assert.is(first.logGroupName, '/aws/lambda/test-function')
  assert.match(first.logStreamName, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/)
  assert.is(first.callbackWaitsForEmptyEventLoop, true)
  first.done()
  first.fail('ignored')
  first.succeed('ignored')
})

LambdaContext('counts the remaining time down from the timeout', async () => {
  const context = lambdaContext({ timeoutInMillis: 1_000 })
  const start = context.getRemainingTimeInMillis()
  assert.ok(start <= 1_000 && start > 900, String(start))
  await new Promise((resolve) => setTimeout(resolve, 30))
  assert.ok(context.getRemainingTimeInMillis() < start)
  assert.is(lambdaContext({ timeoutInMillis: -5 }).getRemainingTimeInMillis(), 0)
  assert.ok(lambdaContext().getRemainingTimeInMillis() > 29_000)
})

LambdaContext('takes overrides, and names the ARN and log group after the function', () => {
  const context = lambdaContext({ functionName: 'orders', awsRequestId: 'fixed', memoryLimitInMB: '256' })
  assert.is(context.functionName, 'orders')
  assert.is(context.awsRequestId, 'fixed')
  assert.is(context.memoryLimitInMB, '256')
  assert.match(context.invokedFunctionArn, /:function:orders$/)
  assert.is(context.logGroupName, '/aws/lambda/orders')
})

LambdaContext.run()

// ---

const Invoke = suite('invoke')

/** A handler behind proxyResponse() that returns what it is given, with its logger silenced. */
const returning = (value: () => unknown) => middy(async () => value()).use(proxyResponse({ logger: false }))

Invoke('types the result for the front door the event was built for', async () => {
  const res = await invoke(
    returning(() => ({ id: '1' })),
    events.alb({ path: '/orders/1' }),
  )
  const description: string = res.result.statusDescription
  assert.is(description, '200 OK')
  assert.is(res.frontDoor, 'alb')
  assert.is(res.statusCode, 200)
  assert.is(res.json<{ id: string }>().id, '1')
  const multi = await invoke(
    returning(() => 'ok'),
    events.albMultiValue(),
  )
  const headers: Record<string, string[]> = multi.result.multiValueHeaders
  assert.equal(headers['Content-Type'] ?? headers['content-type'], ['text/plain; charset=utf-8'])
})

Invoke('decodes a text body', async () => {
  const res = await invoke(
    returning(() => 'héllo'),
    events.rest(),
  )
  assert.is(res.text, 'héllo')
  assert.equal(res.bytes, Buffer.from('héllo'))
  assert.is(res.headers['content-type'], 'text/plain; charset=utf-8')
})

Invoke('decodes a JSON body, and says so when a body is not JSON', async () => {
  const res = await invoke(
    returning(() => ({ items: ['tea'] })),
    events.httpV2(),
  )
  assert.equal(res.json<{ items: string[] }>(), { items: ['tea'] })
  assert.is(res.headers['content-type'], 'application/json')
  const text = await invoke(
    returning(() => 'not json'),
    events.httpV2(),
  )
  try {
    text.json()
    assert.unreachable('json() should throw')
  } catch (error) {
    assert.instance(error, Error)
    assert.match(
      String(error),
      /The body is not JSON \(content-type: text\/plain; charset=utf-8\): 'not json'/,
    )
  }
})

Invoke('decodes a base64 body into its bytes on every front door', async () => {
  const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f])
  // A viewer response's body is the origin's: CloudFront takes none from the function there.
  for (const door of FRONT_DOORS.filter((name) => name !== 'cloudfront-viewer-response')) {
    const res = await invoke(
      returning(() => bytes),
      event(door),
    )
    const { result } = res
    assert.is(
      'isBase64Encoded' in result ? result.isBase64Encoded : 'bodyEncoding' in result && result.bodyEncoding,
      door.startsWith('cloudfront') ? 'base64' : true,
      door,
    )
    assert.equal(res.bytes, bytes, door)
    assert.is(res.text, bytes.toString('utf8'))
  }
})

Invoke('an empty body is empty text and no bytes', async () => {
  const res = await invoke(
    returning(() => undefined),
    events.functionUrl(),
  )
  assert.is(res.statusCode, 204)
  assert.is(res.text, '')
  assert.is(res.bytes.length, 0)
})

Invoke('returns every cookie wherever the front door carries it, and keeps them out of headers', async () => {
  const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']
  const several: FrontDoor[] = [
    'rest',
    'http-v1',
    'http-v2',
    'function-url',
    'alb-multi-value',
    'cloudfront-viewer-request',
    'cloudfront-origin-request',
    'cloudfront-origin-response',
    'cloudfront-viewer-response',
  ]
  for (const door of FRONT_DOORS) {
    const res = await invoke(
      returning(() => ({ statusCode: 200, cookies, body: '' })),
      event(door),
    )
    // Where a front door takes one Set-Cookie only, the middleware sends the first.
    assert.equal(res.cookies, several.includes(door) ? cookies : cookies.slice(0, 1), door)
    assert.is(res.headers['set-cookie'], undefined, door)
  }
})

Invoke(
  'reads cookies from cookies, multiValueHeaders and headers alike (a result without the middleware)',
  async () => {
    const rest = await invoke(
      () => ({
        statusCode: 200,
        headers: { 'Set-Cookie': 'c=3', 'X-Id': '7' },
        multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'x-id': ['7'], Vary: ['Origin', 'Accept'] },
        body: '',
      }),
      events.rest(),
    )
    assert.equal(rest.cookies, ['a=1', 'b=2', 'c=3'])
    // Merged as API Gateway merges them: one name, each different value once, joined with ', '.
    assert.equal(rest.headers, { 'x-id': '7', vary: 'Origin, Accept' })
    const v2 = await invoke(() => ({ statusCode: 200, cookies: ['a=1', 'b=2'] }), events.httpV2())
    assert.equal(v2.cookies, ['a=1', 'b=2'])
    assert.is(v2.text, '')
    const alb = await invoke(
      () => ({
        statusCode: 200,
        statusDescription: '200 OK',
        headers: { 'set-cookie': 'a=1' },
        isBase64Encoded: false,
      }),
      events.alb(),
    )
    assert.equal(alb.cookies, ['a=1'])
  },
)

Invoke('returns the very object the handler returned', async () => {
  const valid = { statusCode: 201, headers: { location: '/orders/2' }, body: '' }
  const res = await invoke(() => valid, events.httpV2())
  assert.is(res.result, valid)
  assert.is(res.headers.location, '/orders/2')
})

Invoke('throws an InvalidProxyResultError listing the problems of a malformed result', async () => {
  try {
    await invoke(control, events.rest())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.instance(error, InvalidProxyResultError)
    if (!(error instanceof InvalidProxyResultError)) return
    assert.is(error.name, 'InvalidProxyResultError')
    assert.is(error.frontDoor, 'rest')
    assert.ok(error.problems.some((problem) => problem.path === 'body'))
    assert.equal(error.result, { statusCode: 200, body: { not: 'a string' } })
    assert.match(error.message, /not valid for the API Gateway REST API \(rest\)/)
    assert.match(error.message, /\n {2}- body: /)
    assert.match(error.message, /The result: \{ statusCode: 200, body: \{ not: 'a string' \} \}/)
  }
  try {
    await invoke(() => ({ statusCode: 200, body: {} }), events.functionUrl())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.instance(error, InvalidProxyResultError)
    assert.match(String(error), /Lambda function URL \(function-url\)/)
  }
  try {
    await invoke(() => undefined, events.alb())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(String(error), /- \(the result\): /)
  }
})

Invoke(
  'tells the front door of an event of your own at run time, and types its result as ProxyResult',
  async () => {
    const sample = fixture<Record<string, unknown>>('alb/multi-value-aws-lambda-go')
    const res = await invoke(
      returning(() => 'ok'),
      sample,
    )
    const result: ProxyResult = res.result
    assert.is(res.frontDoor, 'alb-multi-value')
    assert.is(result.statusDescription, '200 OK')
    assert.is(res.text, 'ok')
  },
)

Invoke('takes the front door from the options: typed for it, checked against it', async () => {
  const fixed = middy(async () => 'ok').use(proxyResponse({ frontDoor: 'alb', logger: false }))
  const res = await invoke(fixed, fixture<Record<string, unknown>>('sqs/powertools-ts-two-records'), {
    frontDoor: 'alb',
  })
  const result: AlbResult = res.result
  assert.is(result.statusDescription, '200 OK')
  const rest = await invoke(
    returning(() => 'ok'),
    events.rest(),
    { frontDoor: 'rest' },
  )
  const restResult: RestResult = rest.result
  assert.is(restResult.statusCode, 200)
  try {
    // @ts-expect-error not a front door
    await invoke(fixed, events.alb(), { frontDoor: 'cloudfront' })
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.instance(error, TypeError)
    assert.match(String(error), /unknown frontDoor "cloudfront"; one of: rest, /)
  }
})

Invoke(
  'refuses an event that is not HTTP when neither the options nor the middleware name a front door',
  async () => {
    for (const handler of [async () => 'ok', returning(() => 'ok')]) {
      try {
        await invoke(handler, fixture<Record<string, unknown>>('sqs/powertools-ts-two-records'))
        assert.unreachable('invoke should reject')
      } catch (error) {
        assert.match(String(error), /this event is not an HTTP event/)
        assert.match(String(error), /Call the handler directly/)
      }
    }
  },
)

Invoke('refuses a built event changed into the shape of another front door', async () => {
  const changed = { ...events.alb(), multiValueHeaders: { accept: ['*/*'] } }
  try {
    await invoke(
      returning(() => 'ok'),
      changed,
    )
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(String(error), /made by events\.alb\(\) but now has the shape of a alb-multi-value event/)
    assert.match(String(error), /Build it with events\.albMultiValue\(\)/)
  }
})

Invoke('rejects with what a handler without the middleware throws', async () => {
  const boom = new Error('boom')
  try {
    await invoke(() => {
      throw boom
    }, events.rest())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.is(error, boom)
  }
})

Invoke('calls the handler with a fresh Lambda context, shaped by the options', async () => {
  const seen: Array<{ id: string; name: string }> = []
  const handler = middy(async (_event: unknown, context: Context) => {
    seen.push({ id: context.awsRequestId, name: context.functionName })
    return 'ok'
  }).use(proxyResponse())
  await invoke(handler, events.rest())
  await invoke(handler, events.rest(), { context: { functionName: 'orders' } })
  assert.is(seen.length, 2)
  assert.is.not(seen[0]?.id, seen[1]?.id)
  assert.is(seen[0]?.name, 'test-function')
  assert.is(seen[1]?.name, 'orders')
})

Invoke('a Middy handler typed for an event takes the builder of that event', async () => {
  const typed = middy(async (request: { rawPath: string }) => ({ path: request.rawPath })).use(
    proxyResponse(),
  )
  const res = await invoke(typed, events.httpV2({ path: '/typed' }))
  assert.equal(res.json(), { path: '/typed' })
})

Invoke.run()

// ---

const Brand = suite('the front-door brand of a built event')

/** Every builder, and the variants of those whose events differ in shape. */
const everyBuilt = (): Array<[string, object]> => [
  ...FRONT_DOORS.map((door): [string, object] => [door, event(door, everythingFor(door))]),
  ['websocket CONNECT', events.websocket({ eventType: 'CONNECT' })],
  ['websocket DISCONNECT', events.websocket({ eventType: 'DISCONNECT' })],
  ['rest, bare', events.rest()],
  ['http-v2, bare', events.httpV2()],
]

Brand('stays out of JSON and deep equality: every built event deep-equals its JSON copy', () => {
  for (const [name, built] of everyBuilt()) {
    deepStrictEqual(JSON.parse(JSON.stringify(built)), built, name)
    assert.ok(!Object.keys(built).some((key) => key.includes('frontDoor')), name)
    deepStrictEqual({ ...built }, built, name)
  }
})

Brand('is still read by invoke: an event changed in place into another shape is refused', async () => {
  const changed = Object.assign(events.alb(), { multiValueHeaders: { accept: ['*/*'] } })
  try {
    await invoke(
      returning(() => 'ok'),
      changed,
    )
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(String(error), /made by events\.alb\(\) but now has the shape of a alb-multi-value event/)
  }
})

Brand(
  'survives a shallow copy through its requestContext; a copy without it is told by its shape',
  async () => {
    const copy = { ...events.rest({ path: '/a' }), path: '/b' }
    const res = await invoke(
      returning(() => 'ok'),
      copy,
    )
    assert.is(res.frontDoor, 'rest')
    // A JSON copy keeps nothing of the brand: invoke tells its front door by its shape, as for a fixture.
    const json = { ...JSON.parse(JSON.stringify(events.alb())), multiValueHeaders: { accept: ['*/*'] } }
    const told = await invoke(
      returning(() => 'ok'),
      json,
    )
    assert.is(told.frontDoor, 'alb-multi-value')
    assert.equal(
      told.result.multiValueHeaders?.['Content-Type'] ?? told.result.multiValueHeaders?.['content-type'],
      ['text/plain; charset=utf-8'],
    )
    // VPC Lattice v1 has no requestContext: a copy of its event is told by its shape.
    const lattice = await invoke(
      returning(() => 'ok'),
      { ...events.latticeV1(), raw_path: '/b' },
    )
    assert.is(lattice.frontDoor, 'lattice-v1')
  },
)

Brand.run()

// ---

const Doors = suite('FRONT_DOORS and event(), to run one test through every front door')

Doors("/testing's FRONT_DOORS is the package's, and event(door) builds each one's event", async () => {
  assert.is(TESTING_FRONT_DOORS, FRONT_DOORS)
  const seen: string[] = []
  for (const door of TESTING_FRONT_DOORS) {
    const res = await invoke(
      returning(() => ({ ok: true })),
      event(door, { path: '/health' }),
    )
    assert.is(res.frontDoor, door)
    if (door === 'cloudfront-viewer-response') {
      // A viewer response's body is the origin's: CloudFront takes none from the function there.
      assert.ok(!('body' in res.result), door)
    } else {
      assert.equal(res.json(), { ok: true }, door)
    }
    seen.push(res.frontDoor)
  }
  assert.equal(seen, [...FRONT_DOORS])
  // @ts-expect-error not a front door
  assert.throws(() => event('apigw'), /Unknown front door: "apigw"; one of: rest, http-v1, /)
})

Doors.run()

// ---

const Told = suite('invoke and the front door the middleware answers')

/** A handler behind proxyResponse() with a fixed front door. */
const fixedTo = (frontDoor: FrontDoor) =>
  middy(async () => ({ id: '1' })).use(proxyResponse({ frontDoor, logger: false }))

Told(
  'checks the result of an event that is not HTTP against the fixed frontDoor the middleware tells',
  async () => {
    const res = await invoke(
      fixedTo('alb'),
      fixture<Record<string, unknown>>('sqs/powertools-ts-two-records'),
    )
    assert.is(res.frontDoor, 'alb')
    assert.is(res.result.statusDescription, '200 OK')
    assert.equal(res.json(), { id: '1' })
  },
)

Told(
  'says which front door a fixed middleware answered when the event is another one, and what to pass',
  async () => {
    try {
      await invoke(fixedTo('alb'), events.rest())
      assert.unreachable('invoke should reject')
    } catch (error) {
      assert.instance(error, InvalidProxyResultError)
      assert.match(
        String(error),
        '\nproxyResponse() answered as the Application Load Balancer (alb), the frontDoor it was given, whatever ' +
          "the event: pass { frontDoor: 'alb' } to invoke, or build the event with events.alb().",
      )
    }
    try {
      await invoke(fixedTo('alb'), events.alb(), { frontDoor: 'rest' })
      assert.unreachable('invoke should reject')
    } catch (error) {
      assert.match(String(error), "pass { frontDoor: 'alb' } to invoke instead of { frontDoor: 'rest' }")
    }
    // Through every pair of front doors: passing the middleware's front door always works, and when the
    // result does not fit the event's front door, the error names the middleware's.
    let refused = 0
    for (const fixed of FRONT_DOORS) {
      for (const door of FRONT_DOORS) {
        const res = await invoke(fixedTo(fixed), event(door), { frontDoor: fixed })
        assert.is(res.frontDoor, fixed)
        const error = await invoke(fixedTo(fixed), event(door)).then(
          () => undefined,
          (reason: unknown) => reason,
        )
        if (error === undefined) continue
        assert.instance(error, InvalidProxyResultError)
        assert.ok(
          String(error).includes(`pass { frontDoor: '${fixed}' } to invoke`),
          `${fixed} answering ${door}`,
        )
        refused += 1
      }
    }
    assert.ok(refused > FRONT_DOORS.length, String(refused))
  },
)

Told("takes the outermost middleware's word when handlers are nested, as a router's routes are", async () => {
  const inner = middy(async () => ({ id: '1' })).use(proxyResponse({ logger: false }))
  const outer = middy(async (request: unknown, context: Context) => inner(request, context)).use(
    proxyResponse({ frontDoor: 'alb', logger: false }),
  )
  try {
    await invoke(outer, events.rest())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(String(error), 'answered as the Application Load Balancer (alb), the frontDoor it was given')
  }
})

Told('says when proxyResponse() did not run, or took the event for one that is not HTTP', async () => {
  try {
    await invoke(control, events.rest())
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(
      String(error),
      '\nproxyResponse() did not run in this invocation: the handler is not wrapped with it',
    )
  }
  try {
    await invoke(
      returning(() => 'ok'),
      fixture<Record<string, unknown>>('sqs/powertools-ts-two-records'),
      { frontDoor: 'alb' },
    )
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(
      String(error),
      "proxyResponse() took the event for one that is not HTTP and passed the result through untouched: give it { frontDoor: 'alb' } too",
    )
  }
  try {
    await invoke(
      returning(() => 'ok'),
      events.rest(),
      { frontDoor: 'alb' },
    )
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(
      String(error),
      "answered as the API Gateway REST API (rest), the front door of the event: drop { frontDoor: 'alb' }",
    )
  }
})

Told("keeps the caller's context fields, and a probe of their own is told too", async () => {
  const PROBE = Symbol.for('middy-proxy-response.probe')
  const told: unknown[] = []
  const seen: string[] = []
  const handler = middy(async (_event: unknown, context: Context) => {
    seen.push(context.functionName, context.awsRequestId)
    return 'ok'
  }).use(proxyResponse({ frontDoor: 'alb', logger: false }))
  const context = {
    functionName: 'orders',
    awsRequestId: 'req-1',
    [PROBE]: (report: unknown) => told.push(report),
  }
  const res = await invoke(handler, fixture<Record<string, unknown>>('sqs/powertools-ts-two-records'), {
    context,
  })
  assert.is(res.frontDoor, 'alb')
  assert.equal(seen, ['orders', 'req-1'])
  assert.equal(told, [{ frontDoor: 'alb', fixed: true }])
})

Told.run()
