import { check, type Sink } from './check.js'
import { atLeast, compress, isHead } from './compress.js'
import { type Door, detectFrontDoor, doors } from './doors.js'
import { errorDraft, errorInfo, ProxyResponseError, setErrorBody } from './errors.js'
import { read } from './kinds.js'
import { type Draft, emit, emitStreamed, toDraft } from './normalize.js'
import { sizeOver } from './size.js'
import type {
  FrontDoor,
  LogEntry,
  MiddyRequestLike,
  ProxyResponseMiddleware,
  ProxyResponseOptions,
  Repair,
} from './types.js'

/**
 * Thrown in strict mode when the middleware had to repair what a handler returned, so that a unit
 * test fails on a malformed result instead of passing thanks to the repair.
 */
export class ProxyResponseStrictError extends Error {
  override name = 'ProxyResponseStrictError'
  constructor(readonly repairs: Repair[]) {
    super(`The handler's result needed repairs: ${repairs.map((r) => r.message).join(', ')}`)
  }
}

const writeLine = (entry: LogEntry): void => {
  const line = JSON.stringify(entry)
  if (entry.level === 'error') console.error(line)
  else console.warn(line)
}

/** The defaults of every option of {@link proxyResponse}. */
export const proxyResponseDefaults = Object.freeze({
  frontDoor: 'auto',
  logger: writeLine,
  onRepair: 'warn-once',
  strict: false,
  errorFormat: 'json',
  errorBody: undefined,
  streaming: false,
  compress: true,
  compressAbove: undefined,
  binaryMediaTypes: [],
} as const satisfies Required<ProxyResponseOptions>)

/** What a log entry says of a thrown value: name, code, message and stack, or its text. */
const describe = (error: unknown): NonNullable<LogEntry['error']> => {
  if (typeof error !== 'object' || error === null) {
    try {
      return { value: String(error) }
    } catch {
      return { value: typeof error }
    }
  }
  const said: Record<string, string> = {}
  for (const key of ['name', 'code', 'message', 'stack']) {
    const value = read(error, key)
    if (typeof value === 'string') said[key] = value
  }
  // What went wrong inside the middleware is told by the cause of its own error.
  const cause = error instanceof ProxyResponseError ? read(error.cause, 'message') : undefined
  if (typeof cause === 'string') said.cause = cause
  return said
}

// The front door is told from the event in `before`, while the event is as Lambda sent it: a handler
// or a middleware may change the event before `after` runs. It is kept on the request, which Middy
// makes anew for every invocation, so nothing of it outlives the invocation.
const DOOR = Symbol('proxyResponse.door')
type Request = MiddyRequestLike & { [DOOR]?: Door | undefined }

const ignore = (): void => {}

/**
 * A function a test tool may put on the Lambda context under this key (`invoke` of the testing subpath,
 * the `check` command): the middleware tells it, once per invocation, that it runs and which front door
 * it answers, so that the tool knows a handler is wrapped and with which `frontDoor`. One symbol read per
 * invocation when there is none.
 */
export const PROBE = Symbol.for('middy-proxy-response.probe')

/** What the middleware tells a {@link PROBE}. */
export type ProbeReport = { frontDoor: FrontDoor | undefined; fixed: boolean }

/**
 * The middleware: `middy(handler).use(proxyResponse())`, first in the chain so that its `after` and
 * `onError` run last. Whatever the handler returns or throws becomes a result that the front door of
 * the event accepts; events that are not HTTP pass through untouched.
 *
 * @example
 * import middy from '@middy/core'
 * import { proxyResponse } from 'middy-proxy-response'
 *
 * export const handler = middy(async () => ({ hello: 'world' })).use(proxyResponse())
 */
export const proxyResponse = (opts: ProxyResponseOptions = {}): ProxyResponseMiddleware => {
  const options = { ...proxyResponseDefaults, ...opts }
  const { frontDoor, streaming, strict, logger, onRepair, compressAbove } = options
  if (frontDoor !== 'auto' && !Object.hasOwn(doors, frontDoor)) {
    throw new TypeError(`proxyResponse: unknown frontDoor "${String(frontDoor)}"`)
  }
  const forced = frontDoor === 'auto' ? undefined : doors[frontDoor]
  if (streaming && forced && !forced.streams) {
    throw new TypeError(`proxyResponse: the ${forced.name} front door cannot stream responses`)
  }

  // The user's logger and repair callback must never turn a response into a failure.
  const log = (request: Request, entry: LogEntry): void => {
    try {
      if (logger) logger({ requestId: read(request.context, 'awsRequestId') as string | undefined, ...entry })
    } catch {}
  }
  // One warning per kind of repair and warm instance: enough to find a malformed return, and a busy
  // function's logs stay quiet. This set is the only state kept across invocations.
  const warned = new Set<string>()
  const hear = (request: Request, repair: Repair): void => {
    try {
      if (typeof onRepair === 'function') onRepair(repair)
      else if (onRepair && !warned.has(repair.code)) {
        warned.add(repair.code)
        log(request, { level: 'warn', message: `proxyResponse repaired ${repair.message}`, repair })
      }
    } catch {}
  }
  const listening = strict || typeof onRepair === 'function' || (onRepair && logger)

  const doorOf = (event: unknown): Door | undefined => {
    if (forced) return forced
    const name = detectFrontDoor(event)
    return name && doors[name]
  }

  /**
   * Logs a thrown value and the status it was answered with, by default as "answered 404 to a thrown
   * NotFoundError". Only for a logger: describing an error reads its stack, which V8 then formats.
   */
  const logError = (request: Request, door: Door, statusCode: number, error: unknown, message?: string) => {
    if (!logger) return
    const said = describe(error)
    log(request, {
      level: statusCode < 500 ? 'warn' : 'error',
      message: message ?? `proxyResponse answered ${statusCode} to a thrown ${said.name ?? 'value'}`,
      frontDoor: door.name,
      statusCode,
      error: said,
    })
  }

  /** The error response for a thrown (or returned) value, logged. */
  const errorFor = (request: Request, door: Door, error: unknown): Draft => {
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

  /** The result a draft becomes: streamed, or buffered within the front door's limit, compressed if need be. */
  const send = (request: Request, door: Door, draft: Draft, sink: Sink): Record<string, unknown> => {
    if (streaming && door.streams) return emitStreamed(draft, door)
    let result = emit(draft, door, sink)
    let size = sizeOver(result, door.limit, draft.jsonSafe)
    const encoding =
      options.compress && (size > 0 || atLeast(draft, compressAbove))
        ? compress(draft, request.event, door, options.binaryMediaTypes)
        : undefined
    let how = ''
    if (encoding) {
      // The compressed result if it fits; else the result as it was (which may fit, under compressAbove).
      const packed = emit(draft, door, ignore)
      const packedSize = sizeOver(packed, door.limit, true)
      if (packedSize === 0) [result, size] = [packed, 0]
      else how = `, ${packedSize} or more with ${encoding}`
    } else if (size > 0 && isHead(request.event)) {
      // A HEAD response carries no body: the headers alone are the answer, and the front door
      // computes the Content-Length.
      draft.body = ''
      draft.headers.delete('content-length')
      result = emit(draft, door, ignore)
      size = 0
    }
    if (size > 0) {
      throw new ProxyResponseError(
        'too-large',
        `the result is ${size} bytes or more${how}, over the ${door.name} limit of ${door.limit}`,
      )
    }
    return result
  }

  /** Sends an error response; if even that cannot be sent (huge error headers), a bare 500. */
  const sendError = (request: Request, door: Door, draft: Draft): Record<string, unknown> => {
    try {
      return send(request, door, draft, ignore)
    } catch {
      return send(request, door, errorDraft(errorInfo(undefined), options, ignore, false), ignore)
    }
  }

  /** The front door `before` told, or, when `before` did not run, the one of the event. */
  const doorOfRequest = (request: Request): Door | undefined =>
    DOOR in request ? request[DOOR] : doorOf(request.event)

  const proxyResponseBefore = (request: Request): void => {
    const door = doorOf(request.event)
    request[DOOR] = door
    const probe = read(request.context, PROBE)
    if (typeof probe === 'function') {
      try {
        probe({ frontDoor: door?.name, fixed: forced !== undefined } satisfies ProbeReport)
      } catch {}
    }
  }

  const proxyResponseAfter = (request: Request): void | Promise<void> => {
    const door = doorOfRequest(request)
    if (door === undefined) return
    const value = request.response
    // The fast path: an already-valid result is sent as it is, the same object (unless its body is long
    // enough for `compressAbove`: a UTF-16 unit is at most three bytes).
    try {
      const body = read(value, 'body')
      const long = compressAbove !== undefined && typeof body === 'string' && body.length * 3 >= compressAbove
      if (!streaming && !long && check(value, door)) return
    } catch {
      // A getter or a Proxy trap that throws: the repairing path reads every key defensively.
    }
    // A function set up to stream, invoked by a front door that cannot (an ALB): a clear 500.
    if (streaming && !door.streams)
      throw new ProxyResponseError('internal', `the ${door.name} front door cannot stream`)
    const repairs: Repair[] = []
    const sink: Sink = listening
      ? (code, path) =>
          repairs.push({ code, path, message: `${path || 'the result'}: ${code}`, frontDoor: door.name })
      : ignore
    const finish = (draft: Draft): void => {
      const result = send(request, door, draft, sink)
      for (const repair of repairs) hear(request, repair)
      if (strict && repairs.length > 0) throw new ProxyResponseStrictError(repairs)
      request.response = result
    }
    // A failure goes on into Middy's onError stack, where this middleware's onError answers it after
    // the other middlewares (CORS, loggers) have seen it. A promise the handler returned that rejects
    // is its error, as if it had thrown it.
    try {
      const draft = toDraft(value, {
        door,
        sink,
        streaming,
        errorDraft: (error) => errorFor(request, door, error),
      })
      if (draft instanceof Promise) return draft.then(finish)
      finish(draft)
    } catch (error) {
      throw error instanceof ProxyResponseError || error instanceof ProxyResponseStrictError
        ? error
        : new ProxyResponseError('internal', 'proxyResponse could not read the result', { cause: error })
    }
  }

  const proxyResponseOnError = (request: Request): void | Promise<void> => {
    const door = doorOfRequest(request)
    // Not HTTP: leave the error to Lambda, so that retries and dead-letter queues keep working.
    if (door === undefined || request.error instanceof ProxyResponseStrictError) return
    const answer = (): void => {
      request.response = sendError(request, door, errorFor(request, door, request.error))
    }
    const set = request.response
    if (set === undefined) return answer()
    // Another middleware (http-error-handler) set a response: it is normalized, and given an error
    // body if it is an error status without one.
    const finish = (draft: Draft): void => {
      const { statusCode } = draft
      logError(
        request,
        door,
        statusCode,
        request.error,
        `proxyResponse normalized the ${statusCode} another middleware set`,
      )
      if (statusCode >= 400 && draft.body === '')
        setErrorBody(draft, errorInfo({ statusCode }), options, ignore)
      request.response = sendError(request, door, draft)
    }
    try {
      const draft = toDraft(set, {
        door,
        sink: ignore,
        streaming: streaming && door.streams,
        errorDraft: (error) => errorFor(request, door, error),
      })
      if (draft instanceof Promise) return draft.then(finish, answer)
      finish(draft)
    } catch {
      answer()
    }
  }

  return { before: proxyResponseBefore, after: proxyResponseAfter, onError: proxyResponseOnError }
}
