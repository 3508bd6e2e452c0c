// What the middleware tells: log entries through the user's logger, and repairs through onRepair, the
// logger (once per kind and warm instance) or, in strict mode, a thrown ProxyResponseStrictError. Nothing
// here may turn a response into a failure: a logger or a callback that throws is ignored.
import type { Door } from './doors.js'
import { ignore, type Sink } from './draft.js'
import { ProxyResponseError } from './failure.js'
import { read } from './kinds.js'
import type { Options } from './options.js'
import type { LogEntry, MiddyRequestLike, Repair } from './types.js'

// The README's entry for each code says what was wrong, what was sent instead and how to fix the
// handler; the sentences themselves live where people read them (the README, the testing subpath, the
// check command), so that the default import carries only the codes.
const DOCS = 'https://github.com/middy-proxy-response/middy-proxy-response/tree/main/packages/middleware#'

/** What a log line says of a repair: where, the code, the facts, and the README's entry for the code. */
function say({ path, code, detail }: Omit<Repair, 'message'>): string {
  return `${path || 'the result'}: ${code}${detail ? ` (${detail})` : ''}, see ${DOCS}${code}`
}

/**
 * Thrown in strict mode when the middleware had to repair what a handler returned, so that a unit
 * test fails on a malformed result instead of passing thanks to the repair.
 *
 * @example
 * try { await handler(event, context) } catch (error) {
 *   if (error instanceof ProxyResponseStrictError) console.log(error.repairs.map((repair) => repair.code))
 * }
 */
export class ProxyResponseStrictError extends Error {
  override name = 'ProxyResponseStrictError'
  constructor(readonly repairs: Repair[]) {
    super(
      `The handler's result needed repairs:\n${repairs.map((repair) => `  - ${repair.message}`).join('\n')}`,
    )
  }
}

/** What a log entry says of a thrown value: name, code and message, and with `full` its stack and cause. */
function describe(error: unknown, full: boolean): NonNullable<LogEntry['error']> {
  if (typeof error !== 'object' || error === null) {
    try {
      return { value: String(error) }
    } catch {
      return { value: typeof error }
    }
  }
  const said: Record<string, string> = {}
  for (const key of full ? ['name', 'code', 'message', 'stack'] : ['name', 'code', 'message']) {
    const value = read(error, key)
    if (typeof value === 'string') said[key] = value
  }
  // What went wrong inside the middleware is told by the cause of its own error.
  const cause = error instanceof ProxyResponseError ? read(error.cause, 'message') : undefined
  if (typeof cause === 'string') said.cause = cause
  return said
}

/** What the middleware tells, set up once from its options. */
export type Report = {
  /** A sink that gathers the repairs of one invocation into `repairs`, or one that ignores them. */
  sinkOf(door: Door, repairs: Repair[]): Sink
  /** Tells of the repairs of an invocation; strict mode throws them. */
  hear(request: MiddyRequestLike, repairs: Repair[]): void
  /**
   * Logs a thrown value and the status it was answered with: a 5xx fully, with the stack; a 4xx, the
   * caller's mistake rather than the function's, in one line without it.
   */
  logError(request: MiddyRequestLike, door: Door, statusCode: number, error: unknown, message?: string): void
}

/** The reporting of a middleware with `options`. */
export function reportOf({ logger, onRepair, strict }: Options): Report {
  const write =
    logger === false
      ? undefined
      : typeof logger === 'function'
        ? logger
        : (entry: LogEntry) => logger[entry.level](entry)
  function log(request: MiddyRequestLike, entry: LogEntry): void {
    try {
      write?.({ requestId: read(request.context, 'awsRequestId') as string | undefined, ...entry })
    } catch {}
  }
  // One warning per kind of repair and warm instance: enough to find a malformed return, and a busy
  // function's logs stay quiet. This set is the only state kept across invocations.
  const warned = new Set<string>()
  const listening = strict || typeof onRepair === 'function' || (onRepair !== false && write !== undefined)
  return {
    sinkOf(door, repairs) {
      if (!listening) return ignore
      return (code, path, detail) => {
        const repair: Omit<Repair, 'message'> = { code, path, frontDoor: door.name }
        if (detail !== undefined) repair.detail = detail
        repairs.push({ ...repair, message: say(repair) } as Repair)
      }
    },
    hear(request, repairs) {
      if (repairs.length === 0) return
      // Strict mode fails the test; logging the same repairs too would only repeat them.
      if (strict) throw new ProxyResponseStrictError(repairs)
      for (const repair of repairs) {
        try {
          if (typeof onRepair === 'function') onRepair(repair)
          else if (onRepair && !warned.has(repair.code)) {
            warned.add(repair.code)
            log(request, { level: 'warn', message: `proxyResponse repaired ${repair.message}`, repair })
          }
        } catch {}
      }
    },
    logError(request, door, statusCode, error, message) {
      if (!write) return
      const said = describe(error, statusCode >= 500)
      log(request, {
        level: statusCode < 500 ? 'warn' : 'error',
        message:
          message ??
          `proxyResponse answered ${statusCode} to a thrown ${said.name ?? 'value'}${statusCode < 500 && said.message ? `: ${said.message}` : ''}`,
        frontDoor: door.name,
        statusCode,
        error: said,
      })
    },
  }
}
