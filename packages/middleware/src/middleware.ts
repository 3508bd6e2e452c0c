import { detectFrontDoor } from './detect.js'
import { type Profile, profiles } from './doors.js'
import { defaultErrorBody, errorInfo, fromError } from './errors.js'
import {
  type Draft,
  emit,
  emitStreamed,
  fromResponse,
  fromResult,
  fromValue,
  isResponseLike,
  isResultShape,
  isStream,
  newDraft,
  noSink,
  ProxyResponseError,
  read,
  setHeader,
} from './normalize.js'
import type {
  LogEntry,
  MiddyRequestLike,
  ProxyResponseMiddleware,
  ProxyResponseOptions,
  Repair,
} from './types.js'
import { checkResult, type Sink } from './validate.js'

/**
 * Thrown in strict mode when the middleware had to repair what a handler returned, so that a unit
 * test fails on a malformed result instead of passing thanks to the repair.
 */
export class ProxyResponseStrictError extends Error {
  override name = 'ProxyResponseStrictError'
  constructor(readonly repairs: Repair[]) {
    super(
      `The handler's result needed ${repairs.length} repair(s): ${repairs.map((r) => r.message).join(' ')}`,
    )
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
} as const satisfies Required<ProxyResponseOptions>)

const describeThrown = (error: unknown): NonNullable<LogEntry['error']> => {
  if (typeof error !== 'object' || error === null) {
    let value: string
    try {
      value = String(error)
    } catch {
      value = typeof error
    }
    return { value }
  }
  const described: NonNullable<LogEntry['error']> = {}
  for (const key of ['name', 'message', 'stack'] as const) {
    const value = read(error, key)
    if (typeof value === 'string') described[key] = value
  }
  return described
}

// The front door is told from the event in `before`, while the event is as Lambda sent it: a handler
// or a middleware may change the event before `after` runs. It is kept on the request, which Middy
// makes anew for every invocation, so nothing of it outlives the invocation.
const FRONT_DOOR = Symbol('proxyResponse.frontDoor')
type WithFrontDoor = MiddyRequestLike & { [FRONT_DOOR]?: Profile | null }

const isFrontDoor = (value: unknown): boolean => typeof value === 'string' && Object.hasOwn(profiles, value)

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
  if (options.frontDoor !== 'auto' && !isFrontDoor(options.frontDoor)) {
    throw new TypeError(`proxyResponse: unknown frontDoor "${String(options.frontDoor)}"`)
  }
  const forced = options.frontDoor === 'auto' ? undefined : profiles[options.frontDoor]
  const streaming = options.streaming === true
  if (streaming && forced && !forced.streams) {
    throw new TypeError(`proxyResponse: the ${forced.frontDoor} front door cannot stream responses`)
  }
  const log = typeof options.logger === 'function' ? options.logger : undefined
  const strict = options.strict === true

  // The user's logger and repair callback must not turn a response into a failure.
  const safeLog = (entry: LogEntry): void => {
    if (!log) return
    try {
      log(entry)
    } catch {}
  }
  // One warning per kind of repair and warm instance: enough to find a malformed return, and a busy
  // function's logs stay quiet. This set is the only state kept across invocations.
  const warned = new Set<string>()
  const report = typeof options.onRepair === 'function' ? options.onRepair : undefined
  const onRepair: ((repair: Repair) => void) | undefined = report
    ? (repair) => {
        try {
          report(repair)
        } catch {}
      }
    : options.onRepair === 'warn-once' && log
      ? (repair) => {
          if (warned.has(repair.code)) return
          warned.add(repair.code)
          safeLog({ level: 'warn', message: `proxyResponse repaired a result: ${repair.message}`, repair })
        }
      : undefined
  const collect = strict || onRepair !== undefined

  const detect = (event: unknown): Profile | null => {
    const frontDoor = detectFrontDoor(event)
    return frontDoor === undefined ? null : profiles[frontDoor]
  }

  const profileOf = (request: WithFrontDoor): Profile | undefined =>
    forced ?? (request[FRONT_DOOR] !== undefined ? request[FRONT_DOOR] : detect(request.event)) ?? undefined

  const proxyResponseBefore = (request: WithFrontDoor): void => {
    if (!forced) request[FRONT_DOOR] = detect(request.event)
  }

  const requestIdOf = (request: MiddyRequestLike): string | undefined => {
    const id = read(request.context, 'awsRequestId')
    return typeof id === 'string' ? id : undefined
  }

  /** Turns any value into a draft; a promise only for a web Response, whose body must be read. */
  const draftOf = (
    value: unknown,
    profile: Profile,
    sink: Sink,
    shaped = resultShaped(value),
  ): Draft | Promise<Draft> => {
    if (isResponseLike(value)) return fromResponse(value, profile, sink)
    if (value instanceof Error) {
      sink(
        'error-returned',
        '',
        'The handler returned an Error instead of throwing it: it was sent as an error.',
      )
      return fromError(errorInfo(value), options, () => {})
    }
    return shaped ? fromResult(value as Record<string, unknown>, profile, sink) : fromValue(value)
  }

  const finishRepairs = (repairs: Repair[] | undefined): void => {
    if (repairs === undefined) return
    if (onRepair) for (const repair of repairs) onRepair(repair)
    if (strict) throw new ProxyResponseStrictError(repairs)
  }

  const proxyResponseAfter = (request: MiddyRequestLike): void | Promise<void> => {
    const profile = profileOf(request)
    if (profile === undefined) return
    const value = request.response
    const shaped = resultShaped(value)
    // The fast path first: a valid result has a string body, so it is never a stream.
    if (!streaming && shaped) {
      try {
        if (checkResult(value, profile)) return
      } catch {
        // A getter or a Proxy trap that throws: the repairing path reads every key defensively.
      }
    }
    const stream = streamOf(value, shaped)
    let repairs: Repair[] | undefined
    const sink: Sink = collect
      ? (code, path, message) => {
          repairs ??= []
          repairs.push({ code, path, message, frontDoor: profile.frontDoor })
        }
      : noSink
    const finish = (draft: Draft): void => {
      const result =
        streaming || stream !== undefined ? emitStreamed(draft, profile, stream) : emit(draft, profile, sink)
      finishRepairs(repairs)
      request.response = result
    }
    // Any failure here is thrown on into Middy's onError stack, where this middleware's onError turns it
    // into a well-formed 500 after the other middlewares (CORS, loggers) have seen it.
    try {
      if ((streaming || stream !== undefined) && !profile.streams) {
        throw new ProxyResponseError(
          'stream',
          `The ${profile.frontDoor} front door cannot stream a response: return a string or a Buffer.`,
        )
      }
      // A bare stream is the whole body: Middy writes it as it is.
      if (stream !== undefined && stream === value) return
      const draft =
        stream !== undefined
          ? fromResult(withoutBody(value), profile, sink)
          : draftOf(value, profile, sink, shaped)
      if (draft instanceof Promise) return draft.then(finish, (error) => Promise.reject(asOwnError(error)))
      finish(draft)
    } catch (error) {
      throw asOwnError(error)
    }
  }

  const errorResult = (request: MiddyRequestLike, profile: Profile): Record<string, unknown> => {
    const info = errorInfo(request.error)
    // Reading a stack makes V8 format it: only when somebody will read the entry.
    if (log) {
      const error = describeThrown(request.error)
      safeLog({
        level: info.statusCode >= 500 ? 'error' : 'warn',
        message: `proxyResponse answered ${info.statusCode} to a thrown ${error.name ?? 'value'}`,
        requestId: requestIdOf(request),
        frontDoor: profile.frontDoor,
        statusCode: info.statusCode,
        error,
      })
    }
    const draft = fromError(info, options, (error) =>
      safeLog({
        level: 'error',
        message: 'proxyResponse: the errorBody option threw; the default error body was sent',
        requestId: requestIdOf(request),
        error: describeThrown(error),
      }),
    )
    return emitSafely(draft, profile)
  }

  /** Emits a draft, falling back to a bare 500 when even that cannot be sent (say, huge error headers). */
  const emitSafely = (draft: Draft, profile: Profile): Record<string, unknown> => {
    if (streaming && profile.streams) return emitStreamed(draft, profile)
    try {
      return emit(draft, profile, noSink)
    } catch {
      const info = errorInfo(undefined)
      const fallback = newDraft(500)
      const { contentType, body } = defaultErrorBody(info, options.errorFormat)
      setHeader(fallback, 'Content-Type', contentType)
      fallback.body = body
      return emit(fallback, profile, noSink)
    }
  }

  /** A response another onError middleware set: normalized, and given an error body if it had none. */
  const normalizeSet = (request: MiddyRequestLike, profile: Profile, draft: Draft): void => {
    if (log) {
      safeLog({
        level: draft.statusCode >= 500 ? 'error' : 'warn',
        message: `proxyResponse normalized the ${draft.statusCode} response another middleware set for a thrown error`,
        requestId: requestIdOf(request),
        frontDoor: profile.frontDoor,
        statusCode: draft.statusCode,
        error: describeThrown(request.error),
      })
    }
    if (draft.statusCode >= 400 && draft.body === '') {
      const { contentType, body } = defaultErrorBody(
        errorInfo({ statusCode: draft.statusCode }),
        options.errorFormat,
      )
      setHeader(draft, 'Content-Type', contentType)
      draft.body = body
    }
    request.response = emitSafely(draft, profile)
  }

  const proxyResponseOnError = (request: MiddyRequestLike): void | Promise<void> => {
    const profile = profileOf(request)
    // Not HTTP: leave the error to Lambda, so that retries and dead-letter queues keep working.
    if (profile === undefined) return
    if (request.error instanceof ProxyResponseStrictError) return
    const set = request.response
    if (set === undefined) {
      request.response = errorResult(request, profile)
      return
    }
    const fallBack = (): void => {
      request.response = errorResult(request, profile)
    }
    try {
      const draft = draftOf(set, profile, noSink)
      if (draft instanceof Promise) return draft.then((d) => normalizeSet(request, profile, d), fallBack)
      normalizeSet(request, profile, draft)
    } catch {
      fallBack()
    }
  }

  return { before: proxyResponseBefore, after: proxyResponseAfter, onError: proxyResponseOnError }
}

/** The stream a result carries: the value itself, or the body of a proxy result. */
const streamOf = (value: unknown, shaped: boolean): unknown => {
  if (isStream(value)) return value
  const body = shaped ? read(value, 'body') : undefined
  return isStream(body) ? body : undefined
}

/** Whether a value is a proxy result; one whose keys cannot even be read is not. */
const resultShaped = (value: unknown): boolean => {
  try {
    return isResultShape(value)
  } catch {
    return false
  }
}

/** The keys of a result but its body, read defensively. */
const withoutBody = (value: unknown): Record<string, unknown> => {
  const meta: Record<string, unknown> = {}
  for (const key of ['statusCode', 'headers', 'multiValueHeaders', 'cookies']) meta[key] = read(value, key)
  return meta
}

const asOwnError = (error: unknown): unknown =>
  error instanceof ProxyResponseError || error instanceof ProxyResponseStrictError
    ? error
    : new ProxyResponseError(
        'internal',
        `proxyResponse could not read the result: ${String(read(error, 'message'))}`,
        {
          cause: error,
        },
      )
