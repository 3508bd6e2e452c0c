// Event builders: one per front door, each making an event shaped like the published sample events of
// that front door (fixtures/events), which `detectFrontDoor` tells as that door. Each event carries its
// front door twice: in its type, so that `invoke` can type the result, and as a non-enumerable
// symbol-keyed property on the event and on its `requestContext` (CloudFront's `Records[0]`), so that
// `invoke` can notice an event that was changed into another front door's shape, even through a shallow
// copy (`{ ...event }` copies the `requestContext` object itself), while JSON, `Object.keys` and deep
// equality never see it.
import { randomBytes, randomUUID } from 'node:crypto'
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventBase,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyWithCognitoAuthorizerEvent,
  APIGatewayProxyWithLambdaAuthorizerEvent,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
  LambdaFunctionURLEvent,
  LambdaFunctionURLEventWithIAMAuthorizer,
} from 'aws-lambda'
import type { VpcLatticeEvent, VpcLatticeEventV2, WebSocketApiEvent } from '../event-types.js'
import type { FrontDoor } from '../types.js'
import { type Body, type BodyInput, bodyOf } from './body.js'
import {
  type CloudFrontInput,
  cloudFrontOriginRequest,
  cloudFrontOriginResponse,
  cloudFrontViewerRequest,
  cloudFrontViewerResponse,
} from './edge-events.js'

export type { VpcLatticeEvent, VpcLatticeEventV2, WebSocketApiEvent } from '../event-types.js'
export type { BodyInput } from './body.js'
export type { CloudFrontInput } from './edge-events.js'

/**
 * The key of the front-door brand. `Symbol.for`, so that two copies of the package (the source and the
 * build, say) agree on it.
 */
export const frontDoorBrand: unique symbol = Symbol.for('middy-proxy-response/testing.frontDoor')

/**
 * The front door an event was built for, at the type level. `invoke` reads it to type the result as
 * that front door's (`ResultOf<D>`). At run time it is a non-enumerable property of the event and of
 * its `requestContext`: `JSON.stringify`, `Object.keys` and deep equality leave it out, and a shallow
 * copy (`{ ...event, path: '/x' }`) keeps it through the `requestContext` it shares.
 *
 * @example
 * const alb: ALBEvent & Branded<'alb'> = events.alb()
 */
export type Branded<D extends FrontDoor> = { readonly [frontDoorBrand]: D }

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
/** What `events.cloudFrontViewerRequest()` makes. @example const event: CloudFrontViewerRequestEvent = events.cloudFrontViewerRequest() */
export type CloudFrontViewerRequestEvent = CloudFrontRequestEvent & Branded<'cloudfront-viewer-request'>
/** What `events.cloudFrontOriginRequest()` makes. @example const event: CloudFrontOriginRequestEvent = events.cloudFrontOriginRequest() */
export type CloudFrontOriginRequestEvent = CloudFrontRequestEvent & Branded<'cloudfront-origin-request'>
/** What `events.cloudFrontOriginResponse()` makes. @example const event: CloudFrontOriginResponseEvent = events.cloudFrontOriginResponse() */
export type CloudFrontOriginResponseEvent = CloudFrontResponseEvent & Branded<'cloudfront-origin-response'>
/** What `events.cloudFrontViewerResponse()` makes. @example const event: CloudFrontViewerResponseEvent = events.cloudFrontViewerResponse() */
export type CloudFrontViewerResponseEvent = CloudFrontResponseEvent & Branded<'cloudfront-viewer-response'>

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
  'cloudfront-viewer-request': CloudFrontViewerRequestEvent
  'cloudfront-origin-request': CloudFrontOriginRequestEvent
  'cloudfront-origin-response': CloudFrontOriginResponseEvent
  'cloudfront-viewer-response': CloudFrontViewerResponseEvent
}[D]

/**
 * What every builder takes. Header names keep their spelling where the front door keeps the client's
 * (REST, HTTP API 1.0, WebSocket) and are lower-cased where it lower-cases them.
 *
 * @example
 * events.httpV2({ method: 'POST', path: '/orders?dry-run=1', headers: { 'x-id': '7' }, body: { item: 'tea' } })
 */
export type RequestInput = {
  /** @default 'GET' (or the method of an HTTP API's `routeKey`) */
  method?: string | undefined
  /**
   * The path, optionally with a query string (`/orders?limit=2`), merged with `query`; as the event
   * carries it (API Gateway leaves a REST API's path percent-encoded and decodes an HTTP API's).
   * @default '/', or the route template filled with `pathParameters`
   */
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

/**
 * A JWT that API Gateway checked: a Cognito user pool authorizer on a REST API
 * (`requestContext.authorizer.claims`), a JWT authorizer on an HTTP API (`authorizer.claims` and
 * `scopes` with payload 1.0, `authorizer.jwt` with 2.0). API Gateway passes every claim as a string:
 * a number or boolean as its text, a list as `[a b]`.
 *
 * @example
 * events.httpV2({ authorizer: { jwt: { claims: { sub: 'user-1', 'cognito:groups': ['admin'] }, scopes: ['orders:read'] } } })
 */
export type JwtAuthorizerInput = {
  /**
   * The token's claims, exactly these (rendered as strings).
   * @default `sub`, `iss`, `aud`, `iat` and `exp` of a token issued now, valid for an hour
   */
  claims?: Record<string, string | number | boolean | readonly string[]> | undefined
  /**
   * The access token's scopes: its `scope` claim (added to the claims unless they have one) and, on an
   * HTTP API, `scopes`.
   * @default none: `scopes: null`, as for a route without authorization scopes
   */
  scopes?: readonly string[] | undefined
}

/**
 * What a Lambda authorizer allowed: its `principalId` and `context`. On a REST API, an HTTP API with
 * payload 1.0 and a WebSocket API they are fields of `requestContext.authorizer`, with
 * `integrationLatency`, each context value turned into a string (API Gateway refuses a context that
 * holds an object or a list); with payload 2.0, `authorizer.lambda` is the context as it is, and there
 * is no `principalId`.
 *
 * @example
 * events.rest({ authorizer: { lambda: { principalId: 'user-1', context: { tenant: 't-1', admin: true } } } })
 */
export type LambdaAuthorizerInput = {
  /** @default 'test-user' */
  principalId?: string | undefined
  context?: Record<string, string | number | boolean | null> | undefined
}

/**
 * The IAM caller of a request signed with SigV4 (authorization `AWS_IAM`): `requestContext.authorizer.iam`
 * on an HTTP API with payload 2.0 and a function URL; the fields of `requestContext.identity` (`caller`
 * for `callerId`, `user` for `userId`) on a REST API, an HTTP API with payload 1.0 and a WebSocket API.
 *
 * @example
 * events.functionUrl({ authorizer: { iam: { userArn: 'arn:aws:iam::111122223333:user/ada' } } })
 */
export type IamAuthorizerInput = {
  /** @default 'ASIAIOSFODNN7EXAMPLE' */
  accessKey?: string | undefined
  /** @default '123456789012' */
  accountId?: string | undefined
  /** @default 'AIDACKCEVSQ6C2EXAMPLE' */
  callerId?: string | undefined
  /** @default null */
  principalOrgId?: string | undefined
  /** @default 'arn:aws:iam::123456789012:user/test-user' */
  userArn?: string | undefined
  /** @default the `callerId` */
  userId?: string | undefined
}

/**
 * The authorizer that let the request through: one of a JWT, a Lambda authorizer or IAM. Each front
 * door takes those it has: REST APIs and HTTP APIs all three (a REST API's JWT is a Cognito user pool
 * authorizer's), WebSocket APIs `lambda` and `iam`, function URLs `iam` only; ALBs and VPC Lattice
 * have none (give an ALB's `x-amzn-oidc-*` headers in `headers`, VPC Lattice v2's caller in `identity`).
 *
 * @example
 * const authorizer: AuthorizerInput = { jwt: { claims: { sub: 'user-1' } } }
 */
export type AuthorizerInput =
  | { jwt: JwtAuthorizerInput; lambda?: undefined; iam?: undefined }
  | { lambda: LambdaAuthorizerInput; jwt?: undefined; iam?: undefined }
  | { iam: IamAuthorizerInput; jwt?: undefined; lambda?: undefined }

/**
 * What `events.rest()` and `events.httpV1()` take. With a `resource` template, give the `path` (the
 * `pathParameters` are read from it, a greedy `{proxy+}` taking the rest of the path) or the
 * `pathParameters` (the path is the template filled with them).
 *
 * @example
 * events.rest({ resource: '/orders/{id}', path: '/orders/42' }) // pathParameters: { id: '42' }
 */
export type RestInput = RequestInput & {
  /** The resource (route template), such as `/orders/{id}` or `/files/{proxy+}`. @default the path */
  resource?: string | undefined
  /** @default read from the path, after the resource; `null` without parameters */
  pathParameters?: Record<string, string> | undefined
  stageVariables?: Record<string, string> | undefined
  /** @default 'dev' for a REST API, '$default' for an HTTP API */
  stage?: string | undefined
  authorizer?: AuthorizerInput | undefined
}

/**
 * What `events.httpV2()` takes. With a `routeKey` such as `GET /orders/{id}`, give the `path` (the
 * `pathParameters` are read from it) or the `pathParameters` (the path is the route filled with them);
 * the method defaults to the route's.
 *
 * @example
 * events.httpV2({ routeKey: 'GET /orders/{id}', path: '/orders/42' }) // pathParameters: { id: '42' }
 */
export type HttpV2Input = RequestInput & {
  /** `METHOD /path` (`ANY` for any method), or `$default`. @default '$default' */
  routeKey?: string | undefined
  /** @default read from the path, after the route; none without parameters */
  pathParameters?: Record<string, string> | undefined
  stageVariables?: Record<string, string> | undefined
  /** With a stage other than `$default`, `rawPath` starts with `/<stage>`. @default '$default' */
  stage?: string | undefined
  authorizer?: AuthorizerInput | undefined
}

/**
 * What `events.functionUrl()` takes: a function URL with `AuthType: AWS_IAM` has an `iam` authorizer.
 *
 * @example
 * events.functionUrl({ authorizer: { iam: { accountId: '111122223333' } } })
 */
export type FunctionUrlInput = RequestInput & {
  authorizer?: { iam: IamAuthorizerInput } | undefined
}

/**
 * What `events.latticeV2()` takes. VPC Lattice has no authorizer: its `requestContext.identity` says
 * who called.
 *
 * @example
 * events.latticeV2({ identity: { principal: 'arn:aws:sts::123456789012:assumed-role/orders/session-1' } })
 */
export type LatticeV2Input = RequestInput & {
  /**
   * Fields of `requestContext.identity`, over `sourceVpcArn` and `type`. `type` is `AWS_IAM` when a
   * `principal` is given (the service network's auth policy checked a signed request), else `NONE`.
   */
  identity?:
    | {
        sourceVpcArn?: string | undefined
        type?: 'AWS_IAM' | 'NONE' | undefined
        /** The IAM ARN of the caller. */
        principal?: string | undefined
        principalOrgID?: string | undefined
        sessionName?: string | undefined
        x509IssuerOu?: string | undefined
        x509SanDns?: string | undefined
        x509SanNameCn?: string | undefined
        x509SanUri?: string | undefined
        x509SubjectCn?: string | undefined
      }
    | undefined
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
  /** The `$connect` route's authorizer, which API Gateway passes on every event of the connection. */
  authorizer?:
    | { lambda: LambdaAuthorizerInput; iam?: undefined }
    | { iam: IamAuthorizerInput; lambda?: undefined }
    | undefined
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
  'function-url': FunctionUrlInput
  alb: RequestInput
  'alb-multi-value': RequestInput
  'lattice-v1': RequestInput
  'lattice-v2': LatticeV2Input
  websocket: WebSocketInput
  'cloudfront-viewer-request': Omit<CloudFrontInput, 'origin' | 'response'>
  'cloudfront-origin-request': Omit<CloudFrontInput, 'response'>
  'cloudfront-origin-response': Omit<CloudFrontInput, 'body'>
  'cloudfront-viewer-response': Omit<CloudFrontInput, 'body' | 'origin'>
}[D]

// The event types of a request with an authorizer, as @types/aws-lambda names them, so that a handler
// typed for its authorizer takes the event.
type AuthorizerContext = Record<string, string | number | boolean | null>
type WithLambda<C extends AuthorizerContext> = { lambda: { principalId?: string | undefined; context?: C } }
type WithJwt = { jwt: JwtAuthorizerInput }
type HttpV1Jwt = APIGatewayProxyEventBase<{ claims: Record<string, string>; scopes: string[] | null }>

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

const brand = <E extends object, D extends FrontDoor>(door: D, event: E): E & Branded<D> => {
  const mark = { value: door, configurable: true }
  // What a shallow copy of the event shares with it: the request context, or CloudFront's record.
  const inner: unknown =
    (event as { requestContext?: unknown }).requestContext ?? (event as { Records?: unknown[] }).Records?.[0]
  if (typeof inner === 'object' && inner !== null) Object.defineProperty(inner, frontDoorBrand, mark)
  return Object.defineProperty(event, frontDoorBrand, mark) as E & Branded<D>
}

// --- routes: path parameters from a template (`/orders/{id}`, `/files/{proxy+}`)

const PLACEHOLDER = /^\{([^{}+]+)(\+?)\}$/

/** The parameters of `path` under `template`, or `undefined` when the route does not match it. */
const match = (template: string, path: string): Record<string, string> | undefined => {
  const want = template.split('/')
  const got = path.split('/')
  const params: Record<string, string> = {}
  for (const [i, part] of want.entries()) {
    const [, name, greedy] = PLACEHOLDER.exec(part) ?? []
    const value = greedy ? got.slice(i).join('/') : got[i]
    if (name === undefined ? value !== part : !value) return undefined
    if (name !== undefined) params[name] = value as string
    if (greedy) return i === want.length - 1 ? params : undefined
  }
  return want.length === got.length ? params : undefined
}

/**
 * The path and path parameters of a request to the route `template`: read from the path given, or the
 * path made from the parameters given. `undefined` parameters for a template without any.
 */
const route = (
  builder: string,
  what: 'resource' | 'route',
  template: string | undefined,
  input: { path?: string | undefined; pathParameters?: Record<string, string> | undefined },
): { path: string | undefined; params: Record<string, string> | undefined } => {
  if (template === undefined || !template.includes('{'))
    return { path: input.path, params: input.pathParameters }
  const given = input.pathParameters
  if (input.path === undefined) {
    if (given === undefined) {
      throw new TypeError(
        `${builder}(): give the path of a request to the ${what} ${template}, or its pathParameters.`,
      )
    }
    const path = template
      .split('/')
      .map((part) => {
        const name = PLACEHOLDER.exec(part)?.[1]
        if (name === undefined) return part
        const value = given[name]
        if (value === undefined) {
          throw new TypeError(`${builder}(): pathParameters has no "${name}" for the ${what} ${template}.`)
        }
        return value
      })
      .join('/')
    return { path, params: given }
  }
  const params = match(template, input.path.split('?')[0] as string)
  if (params === undefined) {
    throw new TypeError(`${builder}(): the path ${input.path} does not match the ${what} ${template}.`)
  }
  return { path: input.path, params: given ?? params }
}

// --- authorizers

const ISSUED = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE'

/** A claim as API Gateway passes it: a string, a list as `[a b]`. */
const claim = (value: unknown): string => (Array.isArray(value) ? `[${value.join(' ')}]` : String(value))

const claimsOf = (jwt: JwtAuthorizerInput, now: Date): Record<string, string> => {
  const seconds = Math.floor(now.getTime() / 1000)
  const claims: Record<string, unknown> = jwt.claims ?? {
    sub: 'test-user',
    iss: ISSUED,
    aud: 'test-client',
    iat: seconds,
    exp: seconds + 3600,
  }
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(claims)) if (value !== undefined) out[name] = claim(value)
  if (jwt.scopes !== undefined && out.scope === undefined) out.scope = jwt.scopes.join(' ')
  return out
}

/** A Lambda authorizer's fields as payload 1.0 carries them: every context value a string. */
const lambdaFields = (builder: string, lambda: LambdaAuthorizerInput): Record<string, unknown> => {
  const fields: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(lambda.context ?? {})) {
    if (value !== null && typeof value === 'object') {
      throw new TypeError(
        `${builder}(): the authorizer's context.${name} is an object; API Gateway takes only strings, ` +
          'numbers and booleans there, and answers 500 otherwise.',
      )
    }
    if (value !== undefined) fields[name] = value === null ? null : String(value)
  }
  return { ...fields, principalId: lambda.principalId ?? 'test-user', integrationLatency: 0 }
}

const iamOf = (iam: IamAuthorizerInput) => {
  const callerId = iam.callerId ?? 'AIDACKCEVSQ6C2EXAMPLE'
  const accountId = iam.accountId ?? ACCOUNT
  return {
    accessKey: iam.accessKey ?? 'ASIAIOSFODNN7EXAMPLE',
    accountId,
    callerId,
    cognitoIdentity: null,
    principalOrgId: iam.principalOrgId ?? null,
    userArn: iam.userArn ?? `arn:aws:iam::${accountId}:user/test-user`,
    userId: iam.userId ?? callerId,
  }
}

/** The IAM caller as payload 1.0 has it: fields of `requestContext.identity`. */
const iamIdentity = (iam: IamAuthorizerInput) => {
  const { accessKey, accountId, callerId, principalOrgId, userArn, userId } = iamOf(iam)
  return { accessKey, accountId, caller: callerId, principalOrgId, userArn, user: userId }
}

type Kind = 'jwt' | 'lambda' | 'iam'

/** The one kind of authorizer given, checked against those the front door has. */
const kindOf = (
  builder: string,
  given: unknown,
  allowed: readonly Kind[],
  instead: string,
): Kind | undefined => {
  if (given === undefined) return undefined
  const kinds =
    typeof given === 'object' && given !== null
      ? (['jwt', 'lambda', 'iam'] as const).filter(
          (kind) => (given as Record<Kind, unknown>)[kind] !== undefined,
        )
      : []
  const [kind] = kinds
  if (allowed.length === 0) throw new TypeError(`${builder}() takes no authorizer: ${instead}.`)
  if (kinds.length !== 1 || kind === undefined || !allowed.includes(kind)) {
    const names = allowed.map((k) => `{ ${k} }`)
    const one = names.length > 1 ? `one of ${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]
    throw new TypeError(`${builder}(): the authorizer must be ${one}${instead ? `: ${instead}` : ''}.`)
  }
  return kind
}

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

const payloadV1 = (builder: string, input: RestInput, stage: string, rest: boolean): APIGatewayProxyEvent => {
  const { path, params } = route(builder, 'resource', input.resource, input)
  const given = input.authorizer
  const kind = kindOf(builder, given, ['jwt', 'lambda', 'iam'], '')
  const r = request(
    { ...input, path },
    {
      lowerCase: false,
      defaults: apiGatewayHeaders,
      host: executeApi,
      cookieHeader: true,
    },
  )
  const resource = input.resource ?? r.path
  const query = r.query
  let authorizer: Record<string, unknown> | undefined
  if (kind === 'lambda' && given?.lambda) authorizer = lambdaFields(builder, given.lambda)
  if (kind === 'jwt' && given?.jwt) {
    // A REST API's Cognito user pool authorizer passes the claims; an HTTP API's JWT authorizer the scopes too.
    const claims = claimsOf(given.jwt, r.now)
    authorizer = rest ? { claims } : { claims, scopes: given.jwt.scopes ? [...given.jwt.scopes] : null }
  }
  const requestContext = {
    resourceId: 'a1b2c3',
    ...(authorizer ? { authorizer } : {}),
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
      ...(kind === 'iam' && given?.iam ? iamIdentity(given.iam) : {}),
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
    pathParameters: params ?? null,
    stageVariables: input.stageVariables ?? null,
    requestContext: withoutAuthorizer(requestContext),
    body: r.body.text ?? null,
    isBase64Encoded: r.body.base64,
  }
}

/**
 * An API Gateway REST API event (Lambda proxy integration, payload 1.0), like
 * `fixtures/events/apigw-rest/*.json`: `headers` and `multiValueHeaders`, both query maps (`null`
 * without a query), `pathParameters` read from the path after the `resource`, `requestContext` with
 * the stage (`dev`), ids, `domainName` and the `authorizer`. Typed, with an authorizer, as
 * `@types/aws-lambda` types such an event.
 *
 * @example
 * const event = rest({ method: 'POST', path: '/orders', body: { item: 'tea' } })
 */
function rest<C extends AuthorizerContext>(
  input: RestInput & { authorizer: WithLambda<C> },
): APIGatewayProxyWithLambdaAuthorizerEvent<C> & Branded<'rest'>
function rest(
  input: RestInput & { authorizer: WithJwt },
): APIGatewayProxyWithCognitoAuthorizerEvent & Branded<'rest'>
function rest(input?: RestInput): RestEvent
function rest(input: RestInput = {}): RestEvent {
  return brand('rest', payloadV1('events.rest', input, input.stage ?? 'dev', true))
}

/**
 * An API Gateway HTTP API event with payload format 1.0: the REST shape with `version: '1.0'` and the
 * `$default` stage; a JWT authorizer's `claims` and `scopes` in `requestContext.authorizer`.
 *
 * @example
 * const event = httpV1({ path: '/my/path', query: { parameter1: ['value1', 'value2'] } })
 */
function httpV1<C extends AuthorizerContext>(
  input: RestInput & { authorizer: WithLambda<C> },
): APIGatewayProxyWithLambdaAuthorizerEvent<C> & { version: '1.0' } & Branded<'http-v1'>
function httpV1(
  input: RestInput & { authorizer: WithJwt },
): HttpV1Jwt & { version: '1.0' } & Branded<'http-v1'>
function httpV1(input?: RestInput): HttpV1Event
function httpV1(input: RestInput = {}): HttpV1Event {
  const event = payloadV1('events.httpV1', input, input.stage ?? '$default', false)
  return brand('http-v1', { version: '1.0' as const, ...event })
}

// --- payload 2.0: HTTP API and function URL

/** The method and path template of an HTTP API route key (`GET /orders/{id}`); none for `$default`. */
const routeOf = (routeKey: string): { method: string; template: string } | undefined => {
  const [method, template] = routeKey.split(' ')
  return method && template?.startsWith('/') ? { method: method.toUpperCase(), template } : undefined
}

const payloadV2 = (
  builder: string,
  input: HttpV2Input,
  style: Style,
  context: { accountId: string; apiId: string; domainName: string },
): APIGatewayProxyEventV2 => {
  const stage = input.stage ?? '$default'
  const routeKey = input.routeKey ?? '$default'
  const key = routeOf(routeKey)
  const { path, params } = route(builder, 'route', key?.template, input)
  let method = input.method
  if (key && key.method !== 'ANY') {
    if (method !== undefined && method.toUpperCase() !== key.method) {
      throw new TypeError(`${builder}(): the method ${method} does not match the route ${routeKey}.`)
    }
    method = key.method
  }
  const given = input.authorizer
  const kind = kindOf(builder, given, ['jwt', 'lambda', 'iam'], '')
  const r = request({ ...input, path, method }, style)
  const rawPath = stage === '$default' ? r.path : `/${stage}${r.path}`
  let authorizer: Record<string, unknown> | undefined
  if (kind === 'jwt' && given?.jwt) {
    const scopes = given.jwt.scopes ? [...given.jwt.scopes] : null
    authorizer = { jwt: { claims: claimsOf(given.jwt, r.now), scopes } }
  }
  if (kind === 'lambda' && given?.lambda) authorizer = { lambda: { ...given.lambda.context } }
  if (kind === 'iam' && given?.iam) authorizer = { iam: iamOf(given.iam) }
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
      // A function URL's caller is `anonymous` unless it signed the request (AuthType AWS_IAM).
      accountId: kind === 'iam' ? ACCOUNT : context.accountId,
      apiId: context.apiId,
      ...(authorizer ? { authorizer } : {}),
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
    ...(params ? { pathParameters: params } : {}),
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
 * `rawPath`, `rawQueryString`, `cookies` (when there are any), lower-case headers, `requestContext.http`,
 * the `$default` route and stage, `pathParameters` read from the path after the `routeKey`, and the
 * `authorizer`. Typed, with an authorizer, as `@types/aws-lambda` types such an event.
 *
 * @example
 * const event = httpV2({ method: 'POST', path: '/cookies', cookies: { theme: 'dark' } })
 */
function httpV2<C extends AuthorizerContext>(
  input: HttpV2Input & { authorizer: WithLambda<C> },
): APIGatewayProxyEventV2WithLambdaAuthorizer<C> & Branded<'http-v2'>
function httpV2(
  input: HttpV2Input & { authorizer: WithJwt },
): APIGatewayProxyEventV2WithJWTAuthorizer & Branded<'http-v2'>
function httpV2(
  input: HttpV2Input & { authorizer: { iam: IamAuthorizerInput } },
): APIGatewayProxyEventV2WithIAMAuthorizer & Branded<'http-v2'>
function httpV2(input?: HttpV2Input): HttpV2Event
function httpV2(input: HttpV2Input = {}): HttpV2Event {
  const style = { lowerCase: true, defaults: lowerCaseHeaders, host: executeApi, cookieHeader: false }
  const context = { accountId: ACCOUNT, apiId: API_ID, domainName: executeApi }
  return brand('http-v2', payloadV2('events.httpV2', input, style, context))
}

/**
 * A Lambda function URL event (payload 2.0), like `fixtures/events/function-url/*.json`: its
 * `requestContext.domainName` is `<url-id>.lambda-url.<region>.on.aws`; the caller is `anonymous`
 * (`AuthType: NONE`) unless an `iam` authorizer is given (`AuthType: AWS_IAM`).
 *
 * @example
 * const event = functionUrl({ query: { name: 'Ada' } })
 */
function functionUrl(
  input: FunctionUrlInput & { authorizer: { iam: IamAuthorizerInput } },
): LambdaFunctionURLEventWithIAMAuthorizer & Branded<'function-url'>
function functionUrl(input?: FunctionUrlInput): FunctionUrlEvent
function functionUrl(input: FunctionUrlInput = {}): FunctionUrlEvent {
  const builder = 'events.functionUrl'
  kindOf(builder, input.authorizer, ['iam'], "a function URL's only authorization is AWS_IAM")
  const domainName = `${URL_ID}.lambda-url.${REGION}.on.aws`
  const style = {
    lowerCase: true,
    defaults: (host: string, sourceIp: string) => ({
      ...lowerCaseHeaders(host, sourceIp),
      'x-amzn-tls-version': 'TLSv1.3',
    }),
    host: domainName,
    cookieHeader: false,
  }
  // A function URL has no routes, stages or path parameters.
  const { method, path, query, headers, cookies, body, sourceIp, authorizer } = input
  const request = { method, path, query, headers, cookies, body, sourceIp, authorizer }
  const event = payloadV2(builder, request, style, {
    accountId: 'anonymous',
    apiId: URL_ID,
    domainName,
  })
  return brand('function-url', event)
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

const elb = () => ({
  elb: {
    targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/test-lambda/0123456789abcdef`,
  },
})

/** Refuses an authorizer where the front door has none, saying where the caller's identity goes instead. */
const noAuthorizer = (builder: string, input: object, instead: string): void => {
  kindOf(builder, (input as { authorizer?: unknown }).authorizer, [], instead)
}

const ALB_AUTH = "an ALB's own authentication arrives as x-amzn-oidc-* headers: give them in headers"

/**
 * An ALB event with multi-value headers off, like `fixtures/events/alb/single-value-*.json`:
 * `requestContext.elb.targetGroupArn`, `headers` and `queryStringParameters` with one value each (the
 * last, as the ALB keeps), query values percent-encoded as the ALB leaves them, `body` `''` when none.
 *
 * @example
 * const event = alb({ path: '/health', headers: { 'user-agent': 'ELB-HealthChecker/2.0' } })
 */
const alb = (input: RequestInput = {}): AlbEvent => {
  noAuthorizer('events.alb', input, ALB_AUTH)
  const r = request(input, albStyle)
  return brand('alb', {
    requestContext: elb(),
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
  noAuthorizer('events.albMultiValue', input, ALB_AUTH)
  const r = request(input, albStyle)
  return brand('alb-multi-value', {
    requestContext: elb(),
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
  noAuthorizer(
    'events.latticeV1',
    input,
    'VPC Lattice v1 tells the caller in x-amzn-lattice-* headers: give them in headers',
  )
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
 * `version: '2.0'`, `requestContext` with the service network, service and target group ARNs and the
 * caller's `identity`, headers and query parameters as lists of values (as AWS documents v2).
 *
 * @example
 * const event = latticeV2({ method: 'POST', path: '/orders', body: { item: 'tea' } })
 */
const latticeV2 = (input: LatticeV2Input = {}): LatticeV2Event => {
  noAuthorizer(
    'events.latticeV2',
    input,
    'VPC Lattice tells the caller in requestContext.identity: give it as { identity }',
  )
  const r = request(input, latticeStyle)
  const arn = (kind: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:${kind}`
  const identity: Record<string, string> = {
    sourceVpcArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
    type: input.identity?.principal === undefined ? 'NONE' : 'AWS_IAM',
  }
  for (const [name, value] of Object.entries(input.identity ?? {}))
    if (value !== undefined) identity[name] = value
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
      identity,
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
  const given = input.authorizer
  const kind = kindOf('events.websocket', given, ['lambda', 'iam'], 'a WebSocket API has no JWT authorizer')
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
    identity: {
      userAgent: r.userAgent,
      sourceIp: r.sourceIp,
      ...(kind === 'iam' && given?.iam ? iamIdentity(given.iam) : {}),
    },
    ...(kind === 'lambda' && given?.lambda
      ? { authorizer: lambdaFields('events.websocket', given.lambda) }
      : {}),
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
    requestContext: requestContext as WebSocketApiEvent['requestContext'],
    ...(message || r.body.text !== undefined ? { body: r.body.text ?? '' } : {}),
    isBase64Encoded: r.body.base64,
  })
}

// --- CloudFront (Lambda@Edge), built in edge-events.ts

/**
 * A CloudFront viewer-request event, like
 * `fixtures/events/cloudfront/cloudfront-developer-guide-viewer-request-get-root.json`: the viewer's
 * request (`uri`, `querystring` without `?`, headers as `{ key, value }` entries, `clientIp`) and, given a
 * `body`, the include-body option's `request.body` in base64.
 *
 * @example
 * const event = events.cloudFrontViewerRequest({ path: '/old/page?ref=mail', headers: { 'accept-language': 'fr' } })
 */
const cloudFrontViewerRequestOf = (
  input: InputOf<'cloudfront-viewer-request'> = {},
): CloudFrontViewerRequestEvent => brand('cloudfront-viewer-request', cloudFrontViewerRequest(input))

/**
 * A CloudFront origin-request event, like
 * `fixtures/events/cloudfront/cloudfront-developer-guide-origin-request-custom-origin.json`: the
 * request as CloudFront sends it to the origin (its own `user-agent`, `via` and `x-forwarded-for`,
 * the origin's `host`) and `request.origin`, `custom` or, with `origin: 's3'`, `s3`.
 *
 * @example
 * const event = events.cloudFrontOriginRequest({ path: '/index.html', origin: 's3' })
 */
const cloudFrontOriginRequestOf = (
  input: InputOf<'cloudfront-origin-request'> = {},
): CloudFrontOriginRequestEvent => brand('cloudfront-origin-request', cloudFrontOriginRequest(input))

/**
 * A CloudFront origin-response event, like
 * `fixtures/events/cloudfront/cloudfront-developer-guide-origin-response-custom-origin-200.json`: the
 * origin request and the origin's `response` (status, description, headers; no body, which CloudFront
 * never exposes).
 *
 * @example
 * const event = events.cloudFrontOriginResponse({ response: { status: 404, headers: { 'cache-control': 'no-store' } } })
 */
const cloudFrontOriginResponseOf = (
  input: InputOf<'cloudfront-origin-response'> = {},
): CloudFrontOriginResponseEvent => brand('cloudfront-origin-response', cloudFrontOriginResponse(input))

/**
 * A CloudFront viewer-response event, like
 * `fixtures/events/cloudfront/cloudfront-developer-guide-viewer-response-200.json`: the viewer's
 * request and the `response` CloudFront is about to send it (whose status the function cannot change).
 *
 * @example
 * const event = events.cloudFrontViewerResponse({ response: { headers: { 'x-frame-options': 'SAMEORIGIN' } } })
 */
const cloudFrontViewerResponseOf = (
  input: InputOf<'cloudfront-viewer-response'> = {},
): CloudFrontViewerResponseEvent => brand('cloudfront-viewer-response', cloudFrontViewerResponse(input))

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
  cloudFrontViewerRequest: cloudFrontViewerRequestOf,
  cloudFrontOriginRequest: cloudFrontOriginRequestOf,
  cloudFrontOriginResponse: cloudFrontOriginResponseOf,
  cloudFrontViewerResponse: cloudFrontViewerResponseOf,
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
  'cloudfront-viewer-request': cloudFrontViewerRequestOf,
  'cloudfront-origin-request': cloudFrontOriginRequestOf,
  'cloudfront-origin-response': cloudFrontOriginResponseOf,
  'cloudfront-viewer-response': cloudFrontViewerResponseOf,
}

/**
 * The builder of a front door chosen by name: `event('alb', input)` is `events.alb(input)`. With
 * `FRONT_DOORS`, the way to run one test through every front door.
 *
 * @example
 * for (const door of FRONT_DOORS) await invoke(handler, event(door, { path: '/health' }))
 */
export const event = <D extends FrontDoor>(frontDoor: D, input?: InputOf<D>): EventOf<D> => {
  const build: (input?: InputOf<D>) => EventOf<D> = builders[frontDoor]
  if (typeof build !== 'function') {
    throw new TypeError(
      `Unknown front door: ${JSON.stringify(frontDoor)}; one of: ${Object.keys(builders).join(', ')}.`,
    )
  }
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
  'cloudfront-viewer-request': 'events.cloudFrontViewerRequest',
  'cloudfront-origin-request': 'events.cloudFrontOriginRequest',
  'cloudfront-origin-response': 'events.cloudFrontOriginResponse',
  'cloudfront-viewer-response': 'events.cloudFrontViewerResponse',
}

const brandIn = (value: unknown): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Partial<Branded<FrontDoor>>)[frontDoorBrand]
    : undefined

/**
 * The front door an event was built for, read from its brand, or from its `requestContext`'s when a
 * shallow copy (`{ ...event }`) left the event's own behind; `undefined` for an event without either.
 */
export const brandOf = (event: unknown): FrontDoor | undefined => {
  const shell = event as { requestContext?: unknown; Records?: unknown[] } | undefined
  const door = brandIn(event) ?? brandIn(shell?.requestContext) ?? brandIn(shell?.Records?.[0])
  return typeof door === 'string' && Object.hasOwn(builders, door) ? (door as FrontDoor) : undefined
}
