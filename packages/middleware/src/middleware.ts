// The middleware: options checked once, then three phases. `before` tells the front door while the
// event is as Lambda sent it; `after` sends what the handler returned, `onError` what it threw, both in
// the shape that front door takes. What a response is made of lives in normalize.ts (returned values),
// errors.ts (thrown ones), edge.ts (CloudFront) and send.ts (the limit, compression, HEAD); what the
// middleware tells (logs, repairs, strict mode) in report.ts.
import { check } from './check.js'
import { type Door, detectFrontDoor, doors } from './doors.js'
import { type Draft, ignore, noop, type Sink } from './draft.js'
import {
  edgeSink,
  fromEdge,
  given,
  isEdgeResponse,
  isRequest,
  repairRequest,
  type Snapshot,
  snapshot,
} from './edge.js'
import { errorDraft, errorInfo, setErrorBody } from './errors.js'
import { ProxyResponseError } from './failure.js'
import { isThenable, read } from './kinds.js'
import { type Context, toDraft } from './normalize.js'
import { optionsOf, type Rule } from './options.js'
import { ProxyResponseStrictError, reportOf } from './report.js'
import { type Sending, send } from './send.js'
import { bodyBytes } from './size.js'
import type {
  FrontDoor,
  MiddyRequestLike,
  ProxyResponseMiddleware,
  ProxyResponseOptions,
  Repair,
} from './types.js'

/**
 * A function a test tool may put on the Lambda context under this key (`invoke` of the testing subpath,
 * the `check` command): the middleware tells it, once per invocation, that it runs and which front door
 * it answers, so that the tool knows a handler is wrapped and with which `frontDoor`. One symbol read per
 * invocation when there is none.
 */
export const PROBE = Symbol.for('middy-proxy-response.probe')

/** What the middleware tells a {@link PROBE}. */
export type ProbeReport = { frontDoor: FrontDoor | undefined; fixed: boolean }

/** Response streaming, as `middy-proxy-response/streaming` sets it up. */
export type Streaming = { stream: NonNullable<Sending['stream']>; rules: Record<string, Rule> }

// The front door is told from the event in `before`, while the event is as Lambda sent it: a handler
// or a middleware may change the event before `after` runs. It is kept on the request, which Middy
// makes anew for every invocation, so nothing of it outlives the invocation.
const DOOR = Symbol('proxyResponse.door')
// On a Lambda@Edge trigger, what CloudFront gave that the function may not change, taken in `before`.
const GIVEN = Symbol('proxyResponse.given')
type Request = MiddyRequestLike & { [DOOR]?: Door | undefined; [GIVEN]?: Snapshot }

/** The middleware, in the default mode or (from `middy-proxy-response/streaming`) the streaming one. */
export function createProxyResponse(opts: unknown, streaming?: Streaming): ProxyResponseMiddleware {
  const options = optionsOf(opts, streaming?.rules)
  const { compressAbove } = options
  const forced = options.frontDoor === 'auto' ? undefined : doors[options.frontDoor]
  if (streaming && forced && !forced.streams) {
    throw new TypeError(`proxyResponse: the ${forced.name} front door cannot stream responses`)
  }
  const sending: Sending = { ...options, stream: streaming?.stream }

  const { sinkOf, hear, logError } = reportOf(options)

  function doorOf(event: unknown): Door | undefined {
    if (forced) return forced
    const name = detectFrontDoor(event)
    return name && doors[name]
  }
  /** The front door `before` told, or, when `before` did not run, the one of the event. */
  function doorOfRequest(request: Request): Door | undefined {
    return DOOR in request ? request[DOOR] : doorOf(request.event)
  }
  /** What CloudFront gave, as `before` took it, or as the event holds it now. */
  function theirsOf(request: Request, door: Door): Snapshot {
    return request[GIVEN] ?? snapshot(request.event, door)
  }

  /** The error response for a thrown (or returned) value, logged. */
  function errorFor(request: Request, door: Door, error: unknown): Draft {
    const info = errorInfo(error)
    logError(request, door, info.statusCode, error)
    return errorDraft(info, options, (cause) =>
      logError(
        request,
        door,
        500,
        cause,
        'proxyResponse: the errorBody option failed, the default body was sent',
      ),
    )
  }

  /** A viewer response as CloudFront gave it, what a viewer-response function that fails sends. */
  function cloudFronts(request: Request, door: Door, context: Context): Draft | Promise<Draft> {
    const theirs = theirsOf(request, door)
    return fromEdge(theirs.response ?? {}, door, theirs, context)
  }

  function errorOfContext(error: unknown, context: Context): Draft {
    return errorFor(context.request as Request, context.door, error)
  }

  function contextOf(request: Request, door: Door, sink: Sink): Context {
    return {
      door,
      // Hop-by-hop headers that CloudFront also disallows are reported as disallowed there.
      sink: door.edge ? edgeSink(sink) : sink,
      streaming: streaming !== undefined,
      errorDraft: errorOfContext,
      request,
    }
  }

  /** Sends what a draft becomes, then tells of the repairs, which strict mode throws. */
  function deliver(
    request: Request,
    door: Door,
    draft: Draft,
    sink: Sink,
    repairs: Repair[],
  ): void | Promise<void> {
    const result = sendOf(request, door, draft, sink)
    if (result instanceof Promise) {
      return result.then((sent) => {
        hear(request, repairs)
        request.response = sent
      })
    }
    hear(request, repairs)
    request.response = result
  }

  /** Takes what the handler (or another middleware) set as the response into a draft. */
  function take(value: unknown, door: Door, request: Request, context: Context): Draft | Promise<Draft> {
    return door.edge && isEdgeResponse(value, request.event, door)
      ? fromEdge(value, door, theirsOf(request, door), context)
      : toDraft(value, context)
  }

  function sendOf(request: Request, door: Door, draft: Draft, sink: Sink) {
    return send(request.event, door, draft, sink, sending, door.edge && theirsOf(request, door))
  }

  /** Sends an error response; if even that cannot be sent (huge error headers), a bare 500. */
  function sendError(request: Request, door: Door, draft: Draft): unknown {
    const bare = () => {
      const fallback = door.edge?.viewer
        ? cloudFronts(request, door, contextOf(request, door, ignore))
        : errorDraft(errorInfo(undefined), options, noop, false)
      return fallback instanceof Promise
        ? fallback.then((draft) => sendOf(request, door, draft, ignore))
        : sendOf(request, door, fallback, ignore)
    }
    try {
      const result = sendOf(request, door, draft, ignore)
      return result instanceof Promise ? result.catch(bare) : result
    } catch {
      return bare()
    }
  }

  function proxyResponseBefore(request: Request): void {
    const door = doorOf(request.event)
    request[DOOR] = door
    if (door?.edge) request[GIVEN] = snapshot(request.event, door)
    // Read here rather than through read(): a site of its own stays monomorphic on the hot path.
    let probe: unknown
    try {
      probe = (request.context as { [PROBE]?: unknown } | undefined)?.[PROBE]
    } catch {}
    if (typeof probe === 'function') {
      try {
        probe({ frontDoor: door?.name, fixed: forced !== undefined } satisfies ProbeReport)
      } catch {}
    }
  }

  /**
   * The fast path of a proxy front door: whether the result is already valid, to be sent as it is, the
   * same object (unless its body is long enough for `compressAbove`). A getter or a Proxy trap that
   * throws answers no: the repairing path reads every key defensively.
   */
  function valid(value: unknown, door: Door): boolean {
    try {
      if (compressAbove !== undefined) {
        const body = read(value, 'body')
        if (
          typeof body === 'string' &&
          bodyBytes(body, read(value, 'isBase64Encoded') === true) >= compressAbove
        )
          return false
      }
      return check(value, door)
    } catch {
      return false
    }
  }

  function proxyResponseAfter(request: Request): void | Promise<void> {
    const door = doorOfRequest(request)
    if (door === undefined || (!door.edge && !streaming && valid(request.response, door))) return
    return repairAfter(request, door)
  }

  /** What `after` does with a result that is not already valid, or a CloudFront one. */
  function repairAfter(request: Request, door: Door, repairs: Repair[] = []): void | Promise<void> {
    const { event } = request
    let value = request.response
    const sink = sinkOf(door, repairs)
    // A promise returned unawaited, on a Lambda@Edge trigger: what it settles to is judged as if returned
    // (a request sent on, CloudFront's shape or another); a rejection goes on into onError as if thrown.
    // Other front doors take no request nor CloudFront shape: the normalizer awaits it (normalize.ts).
    if (door.edge && isThenable(value)) {
      sink('promise-awaited', '')
      return Promise.resolve(value).then((settled) => {
        request.response = settled
        return repairAfter(request, door, repairs)
      })
    }
    // Nothing returned on a Lambda@Edge trigger: what CloudFront gave, as the function changed it.
    if (door.edge && (value === undefined || value === null)) {
      sink('result-missing', '')
      value = given(event, door) ?? value
    }
    // CloudFront's fast path: what CloudFront takes is sent as it is, the same object.
    let taken = false
    try {
      taken = door.edge !== undefined && !streaming && check(value, door, undefined, theirsOf(request, door))
    } catch {}
    if (taken) {
      hear(request, repairs)
      request.response = value
      return
    }
    // A function set up to stream, invoked by a front door that cannot (an ALB): a clear 500.
    if (streaming && !door.streams)
      throw new ProxyResponseError('internal', `the ${door.name} front door cannot stream`)
    // A failure goes on into Middy's onError stack, where this middleware's onError answers it after
    // the other middlewares (CORS, loggers) have seen it. A promise the handler returned that rejects
    // is its error, as if it had thrown it.
    try {
      if (door.edge && isRequest(value, door)) {
        const sent = repairRequest(value as Record<string, unknown>, door, theirsOf(request, door), sink)
        hear(request, repairs)
        request.response = sent
        return
      }
      const draft = take(value, door, request, contextOf(request, door, sink))
      return draft instanceof Promise
        ? draft.then((ready) => deliver(request, door, ready, sink, repairs))
        : deliver(request, door, draft, sink, repairs)
    } catch (error) {
      throw error instanceof ProxyResponseError || error instanceof ProxyResponseStrictError
        ? error
        : new ProxyResponseError('internal', 'proxyResponse could not read the result', { cause: error })
    }
  }

  function proxyResponseOnError(request: Request): void | Promise<void> {
    const door = doorOfRequest(request)
    // Not HTTP: leave the error to Lambda, so that retries and dead-letter queues keep working.
    if (door === undefined || request.error instanceof ProxyResponseStrictError) return
    const context = contextOf(request, door, ignore)
    const respond = (draft: Draft | Promise<Draft>) => {
      const settle = (ready: Draft): void | Promise<void> => {
        const result = sendError(request, door, ready)
        if (result instanceof Promise) {
          return result.then((sent) => {
            request.response = sent
          })
        }
        request.response = result
        return undefined
      }
      return draft instanceof Promise ? draft.then(settle) : settle(draft)
    }
    const answer = (): void | Promise<void> => {
      if (door.edge?.viewer) {
        // A viewer response's status is CloudFront's: the response stays as CloudFront gave it.
        logError(
          request,
          door,
          500,
          request.error,
          'proxyResponse kept the viewer response CloudFront gave, the function threw',
        )
        return respond(cloudFronts(request, door, context))
      }
      return respond(errorFor(request, door, request.error))
    }
    const set = request.response
    // A viewer response stays CloudFront's even when another middleware set an error response.
    if (set === undefined || door.edge?.viewer) return answer()
    // Another middleware (http-error-handler) set a response: it is normalized, and given an error
    // body if it is an error status without one.
    const finish = (draft: Draft) => {
      const { statusCode } = draft
      logError(
        request,
        door,
        statusCode,
        request.error,
        `proxyResponse normalized the ${statusCode} another middleware set`,
      )
      if (statusCode >= 400 && draft.body === '' && !draft.origin)
        setErrorBody(draft, errorInfo({ statusCode }), options, noop)
      return respond(draft)
    }
    try {
      const draft = take(set, door, request, context)
      if (draft instanceof Promise) return draft.then(finish, answer)
      return finish(draft)
    } catch {
      return answer()
    }
  }

  return { before: proxyResponseBefore, after: proxyResponseAfter, onError: proxyResponseOnError }
}

/**
 * The middleware: `middy(handler).use(proxyResponse())`, first in the chain so that its `after` and
 * `onError` run last. Whatever the handler returns or throws becomes a result that the front door of
 * the event accepts; events that are not HTTP pass through untouched. Every option is checked here:
 * a mistake throws a `TypeError` that names it.
 *
 * @example
 * import middy from '@middy/core'
 * import { proxyResponse } from 'middy-proxy-response'
 *
 * export const handler = middy(async () => ({ hello: 'world' })).use(proxyResponse())
 */
export function proxyResponse(options: ProxyResponseOptions = {}): ProxyResponseMiddleware {
  return createProxyResponse(options)
}
