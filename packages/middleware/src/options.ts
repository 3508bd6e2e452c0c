// The options of proxyResponse(): their defaults, and the check of each when the middleware is made
// (never on the hot path), so that a mistake fails at deploy time with a message that names it.
import { doors } from './doors.js'
import type { LogEntry, ProxyResponseOptions } from './types.js'

// Lambda's advanced logging controls set AWS_LAMBDA_LOG_LEVEL; its levels, least severe first.
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']

/**
 * The default logger: one JSON line, on `console.error` for a 5xx and `console.warn` otherwise, when
 * the function's `AWS_LAMBDA_LOG_LEVEL` lets that level through (`ERROR` keeps 5xx only, `FATAL`
 * silences the middleware, as in unit tests).
 */
function writeLine(entry: LogEntry): void {
  const floor = LEVELS.indexOf(process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? '')
  if (floor > LEVELS.indexOf(entry.level.toUpperCase())) return
  const line = JSON.stringify(entry)
  if (entry.level === 'error') console.error(line)
  else console.warn(line)
}

/**
 * The defaults of every option of `proxyResponse()`.
 *
 * @example
 * proxyResponseDefaults.errorFormat // 'json'
 */
export const proxyResponseDefaults = Object.freeze({
  frontDoor: 'auto',
  logger: writeLine,
  onRepair: 'warn-once',
  strict: false,
  errorFormat: 'json',
  errorBody: undefined,
  compress: true,
  compressAbove: undefined,
  binaryMediaTypes: [],
} as const satisfies Required<Omit<ProxyResponseOptions, 'streaming'>>)

/** The options of one middleware, every default filled in. */
export type Options = Required<Omit<ProxyResponseOptions, 'streaming' | 'errorBody' | 'compressAbove'>> &
  Pick<ProxyResponseOptions, 'errorBody' | 'compressAbove'>

/** An option's check: whether a value is allowed, and what is, in words. */
export type Rule = [allows: (value: unknown) => boolean, takes: string]

function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'function'
      ? 'a function'
      : String(value)
}

function isFunction(value: unknown): boolean {
  return typeof value === 'function'
}
function isLogger(value: unknown): boolean {
  return (
    value === false ||
    isFunction(value) ||
    (typeof value === 'object' &&
      value !== null &&
      isFunction((value as Record<string, unknown>).error) &&
      isFunction((value as Record<string, unknown>).warn))
  )
}

const RULES: Record<string, Rule> = {
  frontDoor: [
    (value) => value === 'auto' || Object.hasOwn(doors, value as string),
    `"auto", ${Object.keys(doors)
      .map((name) => `"${name}"`)
      .join(', ')}`,
  ],
  logger: [
    isLogger,
    'false, a function of the log entry, or an object with error and warn methods (console, pino, a Powertools Logger)',
  ],
  onRepair: [
    (value) => value === 'warn-once' || value === false || isFunction(value),
    '"warn-once", false, or a function of the repair',
  ],
  strict: [(value) => typeof value === 'boolean', 'true or false'],
  errorFormat: [
    (value) => value === 'json' || value === 'problem',
    '"json" or "problem" (for application/problem+json)',
  ],
  errorBody: [
    (value) => value === undefined || isFunction(value),
    'undefined or a function of the error info',
  ],
  streaming: [
    (value) => value === false,
    'false: response streaming has its own entry point, middy-proxy-response/streaming, whose proxyResponse() always streams',
  ],
  compress: [(value) => typeof value === 'boolean', 'true or false'],
  compressAbove: [
    (value) => value === undefined || (typeof value === 'number' && value >= 0 && Number.isFinite(value)),
    'undefined or a number of bytes, 0 or more',
  ],
  binaryMediaTypes: [
    (value) => Array.isArray(value) && value.every((type) => typeof type === 'string' && type.includes('/')),
    "an array of media types, such as ['*/*'] or ['image/png']",
  ],
}

/**
 * The options merged with the defaults, each checked: a `TypeError` names the option, what it got
 * and what it takes.
 */
export function optionsOf(opts: unknown, extra: Record<string, Rule> = {}): Options {
  if (opts === undefined) return { ...proxyResponseDefaults }
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`proxyResponse: the options must be an object, got ${show(opts)}`)
  }
  const rules = { ...RULES, ...extra }
  for (const [name, value] of Object.entries(opts)) {
    const rule = rules[name]
    if (rule === undefined) {
      throw new TypeError(
        `proxyResponse: unknown option "${name}"; the options are ${Object.keys(rules).join(', ')}`,
      )
    }
    if (value !== undefined && !rule[0](value)) {
      throw new TypeError(`proxyResponse: option ${name} is ${show(value)}; it takes ${rule[1]}`)
    }
  }
  const options: Record<string, unknown> = { ...proxyResponseDefaults }
  // An option given as undefined takes its default, as it would if left out.
  for (const [name, value] of Object.entries(opts)) if (value !== undefined) options[name] = value
  return options as Options
}
