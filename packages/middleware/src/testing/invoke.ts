import { inspect } from 'node:util'
import type { Context } from 'aws-lambda'
import { detectFrontDoor } from '../index.js'
import type {
  CloudFrontRequestResult,
  CloudFrontResult,
  FrontDoor,
  Problem,
  ProxyResult,
  ResultOf,
} from '../types.js'
import { validateProxyResult } from '../validate.js'
import { type LambdaContextOptions, lambdaContext } from './context.js'
import { type Branded, brandOf, builderName } from './events.js'

/**
 * What `invoke` calls: a Middy handler (`MiddyfiedHandler<TEvent, …>`) or any function of an event
 * and a context. Its result type does not matter: the result is checked at run time.
 *
 * @example
 * const handler: InvokableHandler<APIGatewayProxyEvent> = middy(getOrder).use(proxyResponse())
 */
export type InvokableHandler<E> = (event: E, context: Context) => unknown

/**
 * The front door an event type was built for, or `never` for an event without a brand (and for `any`).
 *
 * @example
 * type Door = DoorOf<ReturnType<typeof events.alb>> // 'alb'
 */
export type DoorOf<E> = 0 extends 1 & E ? never : E extends Branded<infer D> ? D : never

/**
 * The result type `invoke` gives for an event type: the front door's result for an event made by a
 * builder, `ProxyResult` (every key any front door knows) for any other.
 *
 * @example
 * type Result = ResultFor<AlbEvent> // AlbResult
 */
export type ResultFor<E> = [DoorOf<E>] extends [never] ? ProxyResult : ResultOf<DoorOf<E>>

/**
 * Options of {@link invoke}.
 *
 * @example
 * await invoke(handler, fixture, { frontDoor: 'alb', context: { functionName: 'orders' } })
 */
export type InvokeOptions = {
  /**
   * The front door whose contract the result must meet: give it when the event is not the front
   * door's own (a middleware with a fixed `frontDoor` answers that front door whatever the event).
   * @default the front door of the builder that made the event, else `detectFrontDoor(event)`, else
   * (an event that is not HTTP) the fixed `frontDoor` of the handler's `proxyResponse()`
   */
  frontDoor?: FrontDoor | undefined
  /** Fields of the Lambda context, passed to {@link lambdaContext}. @default a fresh `lambdaContext()` */
  context?: LambdaContextOptions | undefined
}

/** A result of any front door: a proxy result, CloudFront's response, or the request a request trigger sends on. */
export type AnyResult = ProxyResult | CloudFrontResult | CloudFrontRequestResult

/**
 * A result that met its front door's contract, with what a client receives decoded.
 *
 * @example
 * const res: Invocation<AlbResult> = await invoke(handler, events.alb())
 */
export type Invocation<R extends AnyResult> = {
  /** The result, exactly as the handler resolved it (the same object), typed for its front door. */
  result: R
  /** The front door the result was checked against. */
  frontDoor: FrontDoor
  /** The status code; on CloudFront the number of `status`, and `0` when a request trigger sent the request on. */
  statusCode: number
  /**
   * Every header of the result, from `headers` and `multiValueHeaders` merged as API Gateway merges
   * them (on CloudFront, every `{ key, value }` entry): names in lower case, several values joined
   * with `, `, `set-cookie` left out (see `cookies`).
   */
  headers: Record<string, string>
  /** Every Set-Cookie of the result, in order: from `cookies`, `multiValueHeaders` and `headers`. */
  cookies: string[]
  /** The body as text: decoded from base64 first when `isBase64Encoded` (`bodyEncoding: 'base64'` on CloudFront); `''` without a body. */
  text: string
  /**
   * The bytes of the body: decoded from base64 when `isBase64Encoded`, else the UTF-8 of the text.
   * (Behind a REST API, the client receives the bytes only when its `Accept` matches the API's
   * `binaryMediaTypes`; otherwise it receives the base64 text.)
   */
  bytes: Buffer
  /**
   * The request a CloudFront request trigger sent on to the cache or the origin, instead of answering;
   * `undefined` when it answered (and on every other front door).
   */
  request: CloudFrontRequestResult | undefined
  /**
   * The body parsed as JSON; throws an Error that shows the body when it is not JSON. `T` is not
   * checked: it is what you expect.
   */
  json: <T = unknown>() => T
}

/** The names of the front doors, as error messages give them. */
const doorNames: Record<FrontDoor, string> = {
  rest: 'API Gateway REST API',
  'http-v1': 'API Gateway HTTP API (payload 1.0)',
  'http-v2': 'API Gateway HTTP API (payload 2.0)',
  'function-url': 'Lambda function URL',
  alb: 'Application Load Balancer',
  'alb-multi-value': 'Application Load Balancer with multi-value headers',
  'lattice-v1': 'VPC Lattice (event v1)',
  'lattice-v2': 'VPC Lattice (event v2)',
  websocket: 'API Gateway WebSocket API',
  'cloudfront-viewer-request': 'CloudFront viewer-request trigger',
  'cloudfront-origin-request': 'CloudFront origin-request trigger',
  'cloudfront-origin-response': 'CloudFront origin-response trigger',
  'cloudfront-viewer-response': 'CloudFront viewer-response trigger',
}

const show = (value: unknown): string =>
  inspect(value, {
    depth: 4,
    maxArrayLength: 20,
    maxStringLength: 300,
    breakLength: Number.POSITIVE_INFINITY,
  })

/**
 * Thrown by {@link invoke} when a handler's result is not one its front door accepts: API Gateway
 * and the others answer such results with a 5xx of their own. `problems` lists what is wrong, as
 * `validateProxyResult` reports it; `result` is the result itself.
 *
 * @example
 * try { await invoke(handler, events.rest()) } catch (error) {
 *   if (error instanceof InvalidProxyResultError) console.log(error.problems)
 * }
 */
export class InvalidProxyResultError extends Error {
  override readonly name = 'InvalidProxyResultError'
  readonly frontDoor: FrontDoor
  readonly problems: Problem[]
  readonly result: unknown

  /** `hint`, when given, is a sentence on the likely cause, which ends the message. */
  constructor(frontDoor: FrontDoor, problems: Problem[], result: unknown, hint?: string) {
    super(
      `The handler's result is not valid for the ${doorNames[frontDoor]} (${frontDoor}), which would ` +
        `refuse it (a 502 or 500 of its own instead of the response):\n` +
        `${problems.map((p) => `  - ${p.path || '(the result)'}: ${p.message} [${p.code}]`).join('\n')}\n` +
        `The result: ${show(result)}${hint ? `\n${hint}` : ''}`,
    )
    this.frontDoor = frontDoor
    this.problems = problems
    this.result = result
  }
}

/**
 * The key under which the middleware looks for a probe on the Lambda context (`PROBE` of the core),
 * and what it tells the probe, once per invocation, in its `before` phase.
 */
const PROBE = Symbol.for('middy-proxy-response.probe')
type ProbeReport = { frontDoor: FrontDoor | undefined; fixed: boolean }

const NOT_HTTP =
  'invoke(): this event is not an HTTP event: no API Gateway, function URL, ALB, VPC Lattice, ' +
  'WebSocket or CloudFront event has its shape, so its result has no front door to be checked against (the ' +
  'middleware passes the results of SQS, S3 or EventBridge events through untouched). Call the ' +
  'handler directly for such events, or pass { frontDoor } to check its result against a front door.'

/** The front door `options` or the event names, checked before the call; `undefined` for an event that is not HTTP. */
const frontDoorOf = (event: unknown, options: InvokeOptions): FrontDoor | undefined => {
  if (options.frontDoor !== undefined) {
    if (!Object.hasOwn(doorNames, options.frontDoor)) {
      throw new TypeError(
        `invoke(): unknown frontDoor ${JSON.stringify(options.frontDoor)}; one of: ${Object.keys(doorNames).join(', ')}.`,
      )
    }
    return options.frontDoor
  }
  const detected = detectFrontDoor(event)
  const built = brandOf(event)
  if (detected !== undefined && built !== undefined && built !== detected) {
    throw new Error(
      `invoke(): this event was made by ${builderName[built]}() but now has the shape of a ` +
        `${detected} event, which the middleware answers as such, so its result would not be the ` +
        `${built} result its type says. Build it with ${builderName[detected]}(), or pass { frontDoor }.`,
    )
  }
  return detected
}

/** Why the result is not the front door's, when the middleware told something else (or nothing). */
const hintOf = (checked: FrontDoor, given: boolean, report: ProbeReport | undefined): string | undefined => {
  if (report === undefined) {
    return (
      'proxyResponse() did not run in this invocation: the handler is not wrapped with it ' +
      '(middy(handler).use(proxyResponse())), or a middleware before it returned early.'
    )
  }
  const answered = report.frontDoor
  if (answered === checked) return undefined
  if (answered === undefined) {
    return (
      `proxyResponse() took the event for one that is not HTTP and passed the result through untouched: ` +
      `give it { frontDoor: '${checked}' } too, or build the event with ${builderName[checked]}().`
    )
  }
  const as = `proxyResponse() answered as the ${doorNames[answered]} (${answered})`
  if (report.fixed) {
    return (
      `${as}, the frontDoor it was given, whatever the event: pass { frontDoor: '${answered}' } to ` +
      `invoke${given ? ` instead of { frontDoor: '${checked}' }` : ''}, or build the event with ${builderName[answered]}().`
    )
  }
  return `${as}, the front door of the event: drop { frontDoor: '${checked}' }, or build the event with ${builderName[checked]}().`
}

const decode = <R extends AnyResult>(result: R, frontDoor: FrontDoor): Invocation<R> =>
  frontDoor.startsWith('cloudfront-')
    ? (decodeEdge(result as CloudFrontResult | CloudFrontRequestResult, frontDoor) as Invocation<R>)
    : (decodeProxy(result as ProxyResult, frontDoor) as Invocation<R>)

/** What a client receives of a body, `text` as the content type has it, `bytes` exact. */
const bodyParts = (body: string, base64: boolean, headers: Record<string, string>) => {
  const bytes = base64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8')
  const text = base64 ? bytes.toString('utf8') : body
  return {
    text,
    bytes,
    json: <T>(): T => {
      try {
        return JSON.parse(text)
      } catch (error) {
        throw new Error(
          `The body is not JSON (content-type: ${headers['content-type'] ?? 'none'}): ${show(text)}`,
          {
            cause: error,
          },
        )
      }
    },
  }
}

const decodeEdge = (
  result: CloudFrontResult | CloudFrontRequestResult,
  frontDoor: FrontDoor,
): Invocation<CloudFrontResult | CloudFrontRequestResult> => {
  // A valid result without a status is a request sent on (validateProxyResult told it so).
  if (!('status' in result)) {
    return {
      result,
      frontDoor,
      statusCode: 0,
      headers: {},
      cookies: [],
      request: result,
      ...bodyParts('', false, {}),
    }
  }
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  for (const [name, entries] of Object.entries(result.headers ?? {})) {
    const values = entries.map((entry) => entry.value)
    if (name === 'set-cookie') cookies.push(...values)
    else headers[name] = values.join(', ')
  }
  return {
    result,
    frontDoor,
    statusCode: Number(result.status),
    headers,
    cookies,
    request: undefined,
    ...bodyParts(result.body ?? '', result.bodyEncoding === 'base64', headers),
  }
}

const decodeProxy = (result: ProxyResult, frontDoor: FrontDoor): Invocation<ProxyResult> => {
  const merged = new Map<string, string[]>()
  // API Gateway merges `headers` into `multiValueHeaders` by name, case-insensitively, keeping each
  // different value once. A result has only the maps its front door knows (it was validated).
  const add = (name: string, value: string) => {
    const key = name.toLowerCase()
    const values = merged.get(key)
    if (values === undefined) merged.set(key, [value])
    else if (!values.includes(value)) values.push(value)
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    for (const value of values) add(name, value)
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) add(name, value)

  const cookies = [...(result.cookies ?? []), ...(merged.get('set-cookie') ?? [])]
  merged.delete('set-cookie')
  const headers = Object.fromEntries([...merged].map(([name, values]) => [name, values.join(', ')]))

  return {
    result,
    frontDoor,
    statusCode: result.statusCode,
    headers,
    cookies,
    request: undefined,
    ...bodyParts(result.body ?? '', result.isBase64Encoded === true, headers),
  }
}

/** A deep copy of a CloudFront event, or the event itself when it holds what cannot be copied (a function). */
const copyOf = (event: unknown): unknown => {
  try {
    return structuredClone(event)
  } catch {
    return event
  }
}

const isValid = (result: unknown, problems: Problem[]): result is AnyResult => problems.length === 0

/**
 * Invokes a handler as Lambda would, with `event` and a fresh {@link lambdaContext}, checks its
 * result against the front door's contract (`validateProxyResult`), and returns the result with its
 * body decoded. The front door is `options.frontDoor` when given, else the one of the builder that
 * made the event, else `detectFrontDoor(event)`; for an event that is not HTTP, the fixed `frontDoor`
 * of the handler's `proxyResponse()`, which the middleware tells `invoke` through the context. The
 * result is typed for it: `ResultOf<'alb'>` for an event made by `events.alb()`, `ResultOf<D>` for
 * `{ frontDoor: D }`, and `ProxyResult` for an event of your own (a fixture file, say).
 *
 * Rejects with an {@link InvalidProxyResultError} listing the problems when the result would not be
 * accepted (saying so when the middleware answered another front door, or did not run), with an
 * Error when the event is not an HTTP event and no front door is known (SQS, S3…: call the handler
 * directly), and with whatever the handler throws.
 *
 * @example
 * const res = await invoke(handler, events.alb({ path: '/orders/1' }))
 * assert.is(res.result.statusDescription, '200 OK')
 * assert.is(res.headers['content-type'], 'application/json')
 * assert.is(res.json<{ id: string }>().id, '1')
 */
export function invoke<E, D extends FrontDoor>(
  handler: InvokableHandler<E>,
  event: E,
  options: InvokeOptions & { frontDoor: D },
): Promise<Invocation<ResultOf<D>>>
export function invoke<E>(
  handler: InvokableHandler<E>,
  event: E,
  options?: InvokeOptions,
): Promise<Invocation<ResultFor<E>>>
export async function invoke<E>(
  handler: InvokableHandler<E>,
  event: E,
  options: InvokeOptions = {},
): Promise<Invocation<AnyResult>> {
  const own = frontDoorOf(event, options)
  const context = lambdaContext(options.context)
  // CloudFront's read-only headers are judged against the event as CloudFront gave it, before the
  // handler changes it in place.
  const given = detectFrontDoor(event)?.startsWith('cloudfront-') ? copyOf(event) : event
  // The middleware tells the probe which front door it answers; a probe the caller's context fields
  // brought along is told too.
  const theirs: unknown = (context as { [PROBE]?: unknown })[PROBE]
  let report: ProbeReport | undefined
  Object.defineProperty(context, PROBE, {
    configurable: true,
    writable: true,
    value: (told: ProbeReport) => {
      // The first report is the outermost middleware's: a router's inner handlers report after it.
      report ??= told
      if (typeof theirs === 'function') theirs(told)
    },
  })
  const result = await handler(event, context)
  const fixed = report?.fixed ? report.frontDoor : undefined
  const frontDoor = own ?? fixed
  if (frontDoor === undefined) throw new Error(NOT_HTTP)
  const problems = validateProxyResult(result, frontDoor, { event: given })
  if (!isValid(result, problems)) {
    throw new InvalidProxyResultError(
      frontDoor,
      problems,
      result,
      hintOf(frontDoor, options.frontDoor !== undefined, report),
    )
  }
  return decode(result, frontDoor)
}
