// Event builders: one per front door, each making an event shaped like the published sample events of
// that front door (fixtures/events), which `detectFrontDoor` tells as that door. Each event carries its
// front door twice: in its type, so that `invoke` can type the result, and as a symbol-keyed property,
// so that `invoke` can notice an event that was changed into another front door's shape.
import { randomBytes, randomUUID } from 'node:crypto'
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyWebsocketEventV2,
  LambdaFunctionURLEvent,
} from 'aws-lambda'
import type { FrontDoor } from '../types.js'

/**
 * The key of the front-door brand. `Symbol.for`, so that two copies of the package (the source and the
 * build, say) agree on it. Symbol keys stay out of `JSON.stringify`, `Object.keys` and deep equality.
 */
export const frontDoorBrand: unique symbol = Symbol.for('middy-proxy-response/testing.frontDoor')

/**
 * The front door an event was built for, at the type level. `invoke` reads it to type the result as
 * that front door's (`ResultOf<D>`).
 *
 * @example
 * const alb: ALBEvent & Branded<'alb'> = events.alb()
 */
export type Branded<D extends FrontDoor> = { readonly [frontDoorBrand]: D }

/**
 * A VPC Lattice event, structure v1: snake_case keys and no `requestContext`. `@types/aws-lambda` has
 * no VPC Lattice types.
 *
 * @example
 * const handler = async (event: VpcLatticeEvent) => event.raw_path
 */
export type VpcLatticeEvent = {
  raw_path: string
  method: string
  /** One string per header; several values are joined with commas. */
  headers: Record<string, string | undefined>
  query_string_parameters: Record<string, string | undefined>
  body: string
  is_base64_encoded: boolean
}

/**
 * A VPC Lattice event, structure v2 (`version: '2.0'`, `requestContext.serviceNetworkArn`).
 *
 * @example
 * const handler = async (event: VpcLatticeEventV2) => event.requestContext.serviceArn
 */
export type VpcLatticeEventV2 = {
  version: '2.0'
  path: string
  method: string
  /**
   * Every header as a list of values, as AWS documents the v2 structure (the one published sample,
   * older, has plain strings: handlers should accept both).
   */
  headers: Record<string, string[] | string | undefined>
  queryStringParameters: Record<string, string[] | string | undefined>
  body: string
  isBase64Encoded: boolean
  requestContext: {
    serviceNetworkArn: string
    serviceArn: string
    targetGroupArn: string
    identity: Record<string, string | undefined>
    region: string
    /** Microseconds since the epoch, as a string. */
    timeEpoch: string
  }
}

/**
 * An API Gateway WebSocket event: `APIGatewayProxyWebsocketEventV2` with the headers `$connect` carries.
 *
 * @example
 * const handler = async (event: WebSocketApiEvent) => event.headers?.['Sec-WebSocket-Protocol']
 */
export type WebSocketApiEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>
  multiValueHeaders?: Record<string, string[] | undefined>
}

/** What `events.rest()` makes. @example const event: RestEvent = events.rest() */
export type RestEvent = APIGatewayProxyEvent & Branded<'rest'>
/** What `events.httpV1()` makes. @example const event: HttpV1Event = events.httpV1() */
export type HttpV1Event = APIGatewayProxyEvent & { version: '1.0' } & Branded<'http-v1'>
/** What `events.httpV2()` makes. @example const event: HttpV2Event = events.httpV2() */
export type HttpV2Event = APIGatewayProxyEventV2 & Branded<'http-v2'>
/** What `events.functionUrl()` makes. @example const event: FunctionUrlEvent = events.functionUrl() */
export type FunctionUrlEvent = LambdaFunctionURLEvent & Branded<'function-url'>
/** What `events.alb()` makes. @example const event: AlbEvent = events.alb() */
export type AlbEvent = ALBEvent & {
  headers: Record<string, string | undefined>
  queryStringParameters: Record<string, string | undefined>
} & Branded<'alb'>
/** What `events.albMultiValue()` makes. @example const event: AlbMultiValueEvent = events.albMultiValue() */
export type AlbMultiValueEvent = ALBEvent & {
  multiValueHeaders: Record<string, string[] | undefined>
  multiValueQueryStringParameters: Record<string, string[] | undefined>
} & Branded<'alb-multi-value'>
/** What `events.latticeV1()` makes. @example const event: LatticeV1Event = events.latticeV1() */
export type LatticeV1Event = VpcLatticeEvent & Branded<'lattice-v1'>
/** What `events.latticeV2()` makes. @example const event: LatticeV2Event = events.latticeV2() */
export type LatticeV2Event = VpcLatticeEventV2 & Branded<'lattice-v2'>
/** What `events.websocket()` makes. @example const event: WebSocketEvent = events.websocket() */
export type WebSocketEvent = WebSocketApiEvent & Branded<'websocket'>

/**
 * The event a builder makes for front door `D`.
 *
 * @example
 * const event: EventOf<'alb'> = event('alb', { path: '/health' })
 */
export type EventOf<D extends FrontDoor> = {
  rest: RestEvent
  'http-v1': HttpV1Event
  'http-v2': HttpV2Event
  'function-url': FunctionUrlEvent
  alb: AlbEvent
  'alb-multi-value': AlbMultiValueEvent
  'lattice-v1': LatticeV1Event
  'lattice-v2': LatticeV2Event
  websocket: WebSocketEvent
}[D]

/**
 * A request body: a string is sent as it is; bytes (`Buffer`, any typed array, `ArrayBuffer`) in
 * base64 with `isBase64Encoded: true`; anything else as JSON, with `content-type: application/json`
 * unless the headers give a content type. `null` and `undefined` mean no body.
 *
 * @example
 * const body: BodyInput = { item: 'tea', quantity: 2 }
 */
export type BodyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView | number | boolean | object | null

/**
 * What every builder takes. Header names keep their spelling where the front door keeps the client's
 * (REST, HTTP API 1.0, WebSocket) and are lower-cased where it lower-cases them.
 *
 * @example
 * events.httpV2({ method: 'POST', path: '/orders?dry-run=1', headers: { 'x-id': '7' }, body: { item: 'tea' } })
 */
export type RequestInput = {
  /** @default 'GET' */
  method?: string | undefined
  /** The path, optionally with a query string (`/orders?limit=2`), merged with `query`. @default '/' */
  path?: string | undefined
  /** Query parameters; an array gives the parameter several times. */
  query?: Record<string, string | readonly string[]> | undefined
  /** Request headers, added to a few realistic defaults (`host`, `user-agent`, `x-forwarded-*`…). */
  headers?: Record<string, string | readonly string[]> | undefined
  /** Request cookies: a `cookie` header, or the `cookies` array of payload 2.0. */
  cookies?: Record<string, string> | undefined
  body?: BodyInput | undefined
  /** The caller's address, in the `x-forwarded-for` header and the request context. @default '203.0.113.10' */
  sourceIp?: string | undefined
}

/** What `events.rest()` and `events.httpV1()` take. @example events.rest({ resource: '/orders/{id}', path: '/orders/1', pathParameters: { id: '1' } }) */
export type RestInput = RequestInput & {
  /** The resource (route template), such as `/orders/{id}`. @default the path */
  resource?: string | undefined
  pathParameters?: Record<string, string> | undefined
  stageVariables?: Record<string, string> | undefined
  /** @default 'dev' for a REST API, '$default' for an HTTP API */
  stage?: string | undefined
}

/** What `events.httpV2()` takes. @example events.httpV2({ routeKey: 'GET /orders/{id}', path: '/orders/1', pathParameters: { id: '1' } }) */
export type HttpV2Input = RequestInput & {
  /** @default '$default' */
  routeKey?: string | undefined
  pathParameters?: Record<string, string> | undefined
  stageVariables?: Record<string, string> | undefined
  /** With a stage other than `$default`, `rawPath` starts with `/<stage>`. @default '$default' */
  stage?: string | undefined
}

/** What `events.websocket()` takes. @example events.websocket({ eventType: 'CONNECT', query: { token: 'abc' } }) */
export type WebSocketInput = Omit<RequestInput, 'method' | 'path'> & {
  /** `CONNECT` and `DISCONNECT` carry headers and no body; `MESSAGE` a body and no headers. @default 'MESSAGE' */
  eventType?: 'CONNECT' | 'MESSAGE' | 'DISCONNECT' | undefined
  /** @default '$connect', '$default' or '$disconnect', after the event type */
  routeKey?: string | undefined
  connectionId?: string | undefined
  /** @default 'dev' */
  stage?: string | undefined
}

/**
 * What the builder of front door `D` takes.
 *
 * @example
 * const input: InputOf<'websocket'> = { eventType: 'CONNECT' }
 */
export type InputOf<D extends FrontDoor> = {
  rest: RestInput
  'http-v1': RestInput
  'http-v2': HttpV2Input
  'function-url': RequestInput
  alb: RequestInput
  'alb-multi-value': RequestInput
  'lattice-v1': RequestInput
  'lattice-v2': RequestInput
  websocket: WebSocketInput
}[D]

// --- shared pieces

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const API_ID = 'a1b2c3d4e5'
const URL_ID = 'abcdefghijklmnopqrstuvwxyz234567'
const SOURCE_IP = '203.0.113.10'
const USER_AGENT = 'curl/8.5.0'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `17/Jun/2024:14:48:13 +0000`, the request time as API Gateway writes it. */
const requestTime = (date: Date): string => {
  const two = (n: number) => String(n).padStart(2, '0')
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  )
}

const traceId = (): string =>
  `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`

/** API Gateway's short request ids (`extendedRequestId`, WebSocket `messageId`): 16 base64 characters. */
const shortId = (): string => randomBytes(12).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')

type Pairs = Array<[name: string, values: string[]]>

const toPairs = (map: Record<string, string | readonly string[]> | undefined): Pairs =>
  Object.entries(map ?? {}).map(([name, value]) => [name, typeof value === 'string' ? [value] : [...value]])

/** Adds `values` under `name`, matching names case-insensitively. */
const append = (pairs: Pairs, name: string, values: string[]): void => {
  const lower = name.toLowerCase()
  const found = pairs.find(([key]) => key.toLowerCase() === lower)
  if (found) found[1].push(...values)
  else pairs.push([name, values])
}

const single = (pairs: Pairs, pick: (values: string[]) => string): Record<string, string> =>
  Object.fromEntries(pairs.map(([name, values]) => [name, pick(values)]))

const multi = (pairs: Pairs): Record<string, string[]> =>
  Object.fromEntries(pairs.map(([name, values]) => [name, values]))

const last = (values: string[]): string => values[values.length - 1] ?? ''
const commaJoined = (values: string[]): string => values.join(',')

type Body = { text: string | undefined; base64: boolean; json: boolean }

const isBytes = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value)

const bodyOf = (body: BodyInput | undefined): Body => {
  if (body === undefined || body === null) return { text: undefined, base64: false, json: false }
  if (typeof body === 'string') return { text: body, base64: false, json: false }
  if (isBytes(body)) {
    const bytes =
      body instanceof ArrayBuffer
        ? Buffer.from(body)
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    return { text: bytes.toString('base64'), base64: true, json: false }
  }
  const text: unknown = JSON.stringify(body)
  if (typeof text !== 'string') throw new TypeError('The body must be a string, bytes or a JSON value.')
  return { text, base64: false, json: true }
}

/** Everything a builder needs, worked out once from the input. */
type Request = {
  method: string
  path: string
  query: Pairs
  /** The query string as the client sent it, percent-encoded. */
  rawQuery: string
  headers: Pairs
  /** `name=value` per cookie, in order. */
  cookies: string[]
  body: Body
  sourceIp: string
  userAgent: string
  requestId: string
  now: Date
}

type Style = {
  /** Whether the front door lower-cases header names (all but REST, HTTP API 1.0 and WebSocket). */
  lowerCase: boolean
  /** Realistic headers the front door adds or a client sends, each replaced by a header of that name. */
  defaults: (host: string, sourceIp: string) => Record<string, string>
  host: string
  /** Whether cookies stay in a `cookie` header (all but payload 2.0, which has a `cookies` array). */
  cookieHeader: boolean
}

const encode = (text: string) => encodeURIComponent(text)

const request = (input: RequestInput, style: Style): Request => {
  const [pathOnly = '/', search] = (input.path ?? '/').split(/\?(.*)/s)
  const query: Pairs = []
  for (const [name, value] of new URLSearchParams(search ?? '')) append(query, name, [value])
  for (const [name, values] of toPairs(input.query)) append(query, name, values)
  const rawQuery = query
    .flatMap(([name, values]) => values.map((v) => `${encode(name)}=${encode(v)}`))
    .join('&')

  const sourceIp = input.sourceIp ?? SOURCE_IP
  const headers: Pairs = []
  const given = toPairs(input.headers)
  const givenNames = new Set(given.map(([name]) => name.toLowerCase()))
  for (const [name, value] of Object.entries(style.defaults(style.host, sourceIp))) {
    if (!givenNames.has(name.toLowerCase())) headers.push([name, [value]])
  }
  for (const [name, values] of given) append(headers, name, values)

  const body = bodyOf(input.body)
  if (body.json && !givenNames.has('content-type')) headers.push(['Content-Type', ['application/json']])

  const cookies: string[] = Object.entries(input.cookies ?? {}).map(([name, value]) => `${name}=${value}`)
  const cookieAt = headers.findIndex(([name]) => name.toLowerCase() === 'cookie')
  const cookieHeader = headers[cookieAt]
  if (style.cookieHeader) {
    // One Cookie header, as a client sends it: the given cookies after those of a given header.
    if (cookies.length > 0) {
      if (cookieHeader) cookieHeader[1] = [[...cookieHeader[1], ...cookies].join('; ')]
      else headers.push(['Cookie', [cookies.join('; ')]])
    }
  } else if (cookieHeader) {
    // Payload 2.0 moves the Cookie header into `cookies`, one entry per cookie.
    headers.splice(cookieAt, 1)
    cookies.unshift(...cookieHeader[1].flatMap((value) => value.split(/;\s*/)).filter((c) => c !== ''))
  }

  const named = style.lowerCase
    ? headers.reduce<Pairs>((out, [name, values]) => {
        append(out, name.toLowerCase(), values)
        return out
      }, [])
    : headers
  const userAgent = named.find(([name]) => name.toLowerCase() === 'user-agent')?.[1][0] ?? USER_AGENT
  return {
    method: (input.method ?? 'GET').toUpperCase(),
    path: pathOnly,
    query,
    rawQuery,
    headers: named,
    cookies,
    body,
    sourceIp,
    userAgent,
    requestId: randomUUID(),
    now: new Date(),
  }
}

const encodedQuery = (query: Pairs): Pairs =>
  query.map(([name, values]) => [encode(name), values.map((value) => encode(value))])

const brand = <E extends object, D extends FrontDoor>(door: D, event: E): E & Branded<D> =>
  Object.assign(event, { [frontDoorBrand]: door })

const apiGatewayHeaders = (host: string, sourceIp: string): Record<string, string> => ({
  Accept: '*/*',
  Host: host,
  'User-Agent': USER_AGENT,
  'X-Amzn-Trace-Id': traceId(),
  'X-Forwarded-For': sourceIp,
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
})

const executeApi = `${API_ID}.execute-api.${REGION}.amazonaws.com`

// --- payload 1.0: REST API and HTTP API 1.0

type RestRequestContext = APIGatewayProxyEvent['requestContext']

// The type says `authorizer` is always there; API Gateway leaves it out when there is no authorizer.
const withoutAuthorizer = (context: Omit<RestRequestContext, 'authorizer'>): RestRequestContext =>
  context as RestRequestContext

const payloadV1 = (input: RestInput, stage: string, rest: boolean): APIGatewayProxyEvent => {
  const r = request(input, {
    lowerCase: false,
    defaults: apiGatewayHeaders,
    host: executeApi,
    cookieHeader: true,
  })
  const resource = input.resource ?? r.path
  const query = r.query
  const requestContext = {
    resourceId: 'a1b2c3',
    resourcePath: resource,
    httpMethod: r.method,
    extendedRequestId: shortId(),
    requestTime: requestTime(r.now),
    path: stage === '$default' ? r.path : `/${stage}${r.path}`,
    accountId: ACCOUNT,
    protocol: 'HTTP/1.1',
    stage,
    domainPrefix: API_ID,
    requestTimeEpoch: r.now.getTime(),
    requestId: r.requestId,
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: r.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: r.userAgent,
      user: null,
      apiKey: null,
      apiKeyId: null,
      clientCert: null,
    },
    domainName: executeApi,
    ...(rest ? { deploymentId: 'd1e2f3' } : {}),
    apiId: API_ID,
  }
  return {
    resource,
    path: r.path,
    httpMethod: r.method,
    // A header or parameter given several times: its last value here, every value in the multi maps.
    headers: single(r.headers, last),
    multiValueHeaders: multi(r.headers),
    queryStringParameters: query.length > 0 ? single(query, last) : null,
    multiValueQueryStringParameters: query.length > 0 ? multi(query) : null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: input.stageVariables ?? null,
    requestContext: withoutAuthorizer(requestContext),
    body: r.body.text ?? null,
    isBase64Encoded: r.body.base64,
  }
}

/**
 * An API Gateway REST API event (Lambda proxy integration, payload 1.0), like
 * `fixtures/events/apigw-rest/*.json`: `headers` and `multiValueHeaders`, both query maps (`null`
 * without a query), `requestContext` with the stage (`dev`), ids and `domainName`.
 *
 * @example
 * const event = rest({ method: 'POST', path: '/orders', body: { item: 'tea' } })
 */
const rest = (input: RestInput = {}): RestEvent => brand('rest', payloadV1(input, input.stage ?? 'dev', true))

/**
 * An API Gateway HTTP API event with payload format 1.0: the REST shape with `version: '1.0'` and the
 * `$default` stage.
 *
 * @example
 * const event = httpV1({ path: '/my/path', query: { parameter1: ['value1', 'value2'] } })
 */
const httpV1 = (input: RestInput = {}): HttpV1Event =>
  brand('http-v1', { version: '1.0' as const, ...payloadV1(input, input.stage ?? '$default', false) })

// --- payload 2.0: HTTP API and function URL

const payloadV2 = (
  input: HttpV2Input,
  r: Request,
  context: { accountId: string; apiId: string; domainName: string },
): APIGatewayProxyEventV2 => {
  const stage = input.stage ?? '$default'
  const routeKey = input.routeKey ?? '$default'
  const rawPath = stage === '$default' ? r.path : `/${stage}${r.path}`
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: r.rawQuery,
    ...(r.cookies.length > 0 ? { cookies: r.cookies } : {}),
    // Several values of a header or parameter are joined with commas in payload 2.0.
    headers: single(r.headers, commaJoined),
    ...(r.query.length > 0 ? { queryStringParameters: single(r.query, commaJoined) } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName,
      domainPrefix: context.apiId,
      http: {
        method: r.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: r.sourceIp,
        userAgent: r.userAgent,
      },
      requestId: r.requestId,
      routeKey,
      stage,
      time: requestTime(r.now),
      timeEpoch: r.now.getTime(),
    },
    ...(r.body.text === undefined ? {} : { body: r.body.text }),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    isBase64Encoded: r.body.base64,
    ...(input.stageVariables ? { stageVariables: input.stageVariables } : {}),
  }
}

const lowerCaseHeaders = (host: string, sourceIp: string): Record<string, string> => ({
  accept: '*/*',
  host,
  'user-agent': USER_AGENT,
  'x-amzn-trace-id': traceId(),
  'x-forwarded-for': sourceIp,
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
})

/**
 * An API Gateway HTTP API event with payload format 2.0, like `fixtures/events/apigw-http-v2/*.json`:
 * `rawPath`, `rawQueryString`, `cookies` (when there are any), lower-case headers, `requestContext.http`
 * and the `$default` route and stage.
 *
 * @example
 * const event = httpV2({ method: 'POST', path: '/cookies', cookies: { theme: 'dark' } })
 */
const httpV2 = (input: HttpV2Input = {}): HttpV2Event => {
  const r = request(input, {
    lowerCase: true,
    defaults: lowerCaseHeaders,
    host: executeApi,
    cookieHeader: false,
  })
  return brand('http-v2', payloadV2(input, r, { accountId: ACCOUNT, apiId: API_ID, domainName: executeApi }))
}

/**
 * A Lambda function URL event (payload 2.0, `AuthType: NONE`), like
 * `fixtures/events/function-url/*.json`: its `requestContext.domainName` is `<url-id>.lambda-url.<region>.on.aws`.
 *
 * @example
 * const event = functionUrl({ query: { name: 'Ada' } })
 */
const functionUrl = (input: RequestInput = {}): FunctionUrlEvent => {
  const domainName = `${URL_ID}.lambda-url.${REGION}.on.aws`
  const r = request(input, {
    lowerCase: true,
    defaults: (host, sourceIp) => ({ ...lowerCaseHeaders(host, sourceIp), 'x-amzn-tls-version': 'TLSv1.3' }),
    host: domainName,
    cookieHeader: false,
  })
  return brand('function-url', payloadV2({}, r, { accountId: 'anonymous', apiId: URL_ID, domainName }))
}

// --- Application Load Balancer

const albHeaders = (host: string, sourceIp: string): Record<string, string> => ({
  accept: '*/*',
  host,
  'user-agent': USER_AGENT,
  'x-amzn-trace-id': traceId(),
  'x-forwarded-for': sourceIp,
  'x-forwarded-port': '80',
  'x-forwarded-proto': 'http',
})

const albStyle: Style = {
  lowerCase: true,
  defaults: albHeaders,
  host: `test-alb-1234567890.${REGION}.elb.amazonaws.com`,
  cookieHeader: true,
}

const elb = {
  elb: {
    targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/test-lambda/0123456789abcdef`,
  },
}

/**
 * An ALB event with multi-value headers off, like `fixtures/events/alb/single-value-*.json`:
 * `requestContext.elb.targetGroupArn`, `headers` and `queryStringParameters` with one value each (the
 * last, as the ALB keeps), query values percent-encoded as the ALB leaves them, `body` `''` when none.
 *
 * @example
 * const event = alb({ path: '/health', headers: { 'user-agent': 'ELB-HealthChecker/2.0' } })
 */
const alb = (input: RequestInput = {}): AlbEvent => {
  const r = request(input, albStyle)
  return brand('alb', {
    requestContext: elb,
    httpMethod: r.method,
    path: r.path,
    queryStringParameters: single(encodedQuery(r.query), last),
    headers: single(r.headers, last),
    body: r.body.text ?? '',
    isBase64Encoded: r.body.base64,
  })
}

/**
 * An ALB event with multi-value headers on, like `fixtures/events/alb/multi-value-*.json`:
 * `multiValueHeaders` and `multiValueQueryStringParameters` instead of `headers` and
 * `queryStringParameters`.
 *
 * @example
 * const event = albMultiValue({ query: { tag: ['a', 'b'] } })
 */
const albMultiValue = (input: RequestInput = {}): AlbMultiValueEvent => {
  const r = request(input, albStyle)
  return brand('alb-multi-value', {
    requestContext: elb,
    httpMethod: r.method,
    path: r.path,
    multiValueQueryStringParameters: multi(encodedQuery(r.query)),
    multiValueHeaders: multi(r.headers),
    body: r.body.text ?? '',
    isBase64Encoded: r.body.base64,
  })
}

// --- VPC Lattice

const latticeHost = `test-service-0123456789abcdef0.7d67968.vpc-lattice-svcs.${REGION}.on.aws`
const latticeHeaders = (host: string, sourceIp: string): Record<string, string> => ({
  accept: '*/*',
  host,
  'user-agent': USER_AGENT,
  'x-forwarded-for': sourceIp,
})
const latticeStyle: Style = {
  lowerCase: true,
  defaults: latticeHeaders,
  host: latticeHost,
  cookieHeader: true,
}

/**
 * A VPC Lattice event, structure v1, like `fixtures/events/vpc-lattice/v1-*.json`: snake_case keys
 * (`raw_path`, `query_string_parameters`, `is_base64_encoded`), no `requestContext`, several values of
 * a header joined with commas.
 *
 * @example
 * const event = latticeV1({ path: '/orders', query: { 'order-id': '1' } })
 */
const latticeV1 = (input: RequestInput = {}): LatticeV1Event => {
  const r = request(input, latticeStyle)
  return brand('lattice-v1', {
    raw_path: r.path,
    method: r.method,
    headers: single(r.headers, commaJoined),
    query_string_parameters: single(r.query, commaJoined),
    body: r.body.text ?? '',
    is_base64_encoded: r.body.base64,
  })
}

/**
 * A VPC Lattice event, structure v2, like `fixtures/events/vpc-lattice/v2-powertools-ts-base.json`:
 * `version: '2.0'`, `requestContext` with the service network, service and target group ARNs, headers
 * and query parameters as lists of values (as AWS documents v2).
 *
 * @example
 * const event = latticeV2({ method: 'POST', path: '/orders', body: { item: 'tea' } })
 */
const latticeV2 = (input: RequestInput = {}): LatticeV2Event => {
  const r = request(input, latticeStyle)
  const arn = (kind: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:${kind}`
  return brand('lattice-v2', {
    version: '2.0' as const,
    path: r.path,
    method: r.method,
    headers: multi(r.headers),
    queryStringParameters: multi(r.query),
    body: r.body.text ?? '',
    isBase64Encoded: r.body.base64,
    requestContext: {
      serviceNetworkArn: arn('servicenetwork/sn-0123456789abcdef0'),
      serviceArn: arn('service/svc-0123456789abcdef0'),
      targetGroupArn: arn('targetgroup/tg-0123456789abcdef0'),
      identity: { sourceVpcArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`, type: 'NONE' },
      region: REGION,
      timeEpoch: `${r.now.getTime()}000`,
    },
  })
}

// --- WebSocket

const webSocketHeaders = (host: string, sourceIp: string): Record<string, string> => ({
  Host: host,
  'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
  'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
  'Sec-WebSocket-Version': '13',
  'X-Amzn-Trace-Id': traceId(),
  'X-Forwarded-For': sourceIp,
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
})

const routeKeys = { CONNECT: '$connect', MESSAGE: '$default', DISCONNECT: '$disconnect' } as const

/**
 * An API Gateway WebSocket event, like `fixtures/events/apigw-websocket/*.json`:
 * `requestContext.connectionId` and `eventType`. A `MESSAGE` (the default) carries a body and no
 * headers; `CONNECT` and `DISCONNECT` carry `headers` and `multiValueHeaders` and no body.
 *
 * @example
 * const event = websocket({ body: { action: 'ping' } })
 */
const websocket = (input: WebSocketInput = {}): WebSocketEvent => {
  const eventType = input.eventType ?? 'MESSAGE'
  const message = eventType === 'MESSAGE'
  const stage = input.stage ?? 'dev'
  const r = request(input, {
    lowerCase: false,
    defaults: webSocketHeaders,
    host: executeApi,
    cookieHeader: true,
  })
  const withHeaders = !message || input.headers !== undefined || input.cookies !== undefined
  const connectedAt = r.now.getTime() - (message ? 1_000 : 0)
  const requestContext = {
    routeKey: input.routeKey ?? routeKeys[eventType],
    ...(message ? { messageId: shortId() } : {}),
    eventType,
    extendedRequestId: shortId(),
    requestTime: requestTime(r.now),
    messageDirection: 'IN' as const,
    ...(eventType === 'DISCONNECT' ? { disconnectStatusCode: 1001, disconnectReason: '' } : {}),
    stage,
    connectedAt,
    requestTimeEpoch: r.now.getTime(),
    identity: { userAgent: r.userAgent, sourceIp: r.sourceIp },
    requestId: shortId(),
    domainName: executeApi,
    connectionId: input.connectionId ?? shortId(),
    apiId: API_ID,
  }
  return brand('websocket', {
    ...(withHeaders ? { headers: single(r.headers, last), multiValueHeaders: multi(r.headers) } : {}),
    ...(r.query.length > 0
      ? { queryStringParameters: single(r.query, last), multiValueQueryStringParameters: multi(r.query) }
      : {}),
    // The type says every WebSocket event has a `messageId`; only MESSAGE events have one.
    requestContext: requestContext as APIGatewayProxyWebsocketEventV2['requestContext'],
    ...(message || r.body.text !== undefined ? { body: r.body.text ?? '' } : {}),
    isBase64Encoded: r.body.base64,
  })
}

/**
 * The event builders, one per front door. Each returns a fresh event, typed with `@types/aws-lambda`
 * and branded with its front door, that `detectFrontDoor` tells as that front door.
 *
 * @example
 * const res = await invoke(handler, events.alb({ path: '/health' }))
 * res.result.statusDescription // '200 OK', typed: AlbResult
 */
export const events = {
  rest,
  httpV1,
  httpV2,
  functionUrl,
  alb,
  albMultiValue,
  latticeV1,
  latticeV2,
  websocket,
} as const

const builders: { [D in FrontDoor]: (input?: InputOf<D>) => EventOf<D> } = {
  rest,
  'http-v1': httpV1,
  'http-v2': httpV2,
  'function-url': functionUrl,
  alb,
  'alb-multi-value': albMultiValue,
  'lattice-v1': latticeV1,
  'lattice-v2': latticeV2,
  websocket,
}

/**
 * The builder of a front door chosen by name: `event('alb', input)` is `events.alb(input)`. Handy to
 * run one test through every front door.
 *
 * @example
 * for (const door of FRONT_DOORS) await invoke(handler, event(door, { path: '/health' }))
 */
export const event = <D extends FrontDoor>(frontDoor: D, input?: InputOf<D>): EventOf<D> => {
  const build: (input?: InputOf<D>) => EventOf<D> = builders[frontDoor]
  if (typeof build !== 'function') throw new TypeError(`Unknown front door: ${JSON.stringify(frontDoor)}`)
  return build(input)
}

/** The builder's name of each front door, for error messages. */
export const builderName: Record<FrontDoor, string> = {
  rest: 'events.rest',
  'http-v1': 'events.httpV1',
  'http-v2': 'events.httpV2',
  'function-url': 'events.functionUrl',
  alb: 'events.alb',
  'alb-multi-value': 'events.albMultiValue',
  'lattice-v1': 'events.latticeV1',
  'lattice-v2': 'events.latticeV2',
  websocket: 'events.websocket',
}

/** The front door an event was built for, read from its brand; `undefined` for an unbranded event. */
export const brandOf = (event: unknown): FrontDoor | undefined => {
  if (typeof event !== 'object' || event === null) return undefined
  const door: unknown = (event as Partial<Branded<FrontDoor>>)[frontDoorBrand]
  return typeof door === 'string' && Object.hasOwn(builders, door) ? (door as FrontDoor) : undefined
}
