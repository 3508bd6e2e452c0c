// Finds the responses in what a person has at hand when a front door answered 502: a result as the
// handler returned it (`aws lambda invoke` output, a test's JSON), or a log excerpt that holds one —
// an API Gateway REST execution log, a Lambda function's own log (a line that prints its response, in
// JSON or as `console.log` prints an object), or an HTTP API access log with
// `$context.integrationErrorMessage`.
import type { FrontDoor } from '../types.js'
import { LiteralError, parseLiteral } from './literal.js'

/** Something found in the input that a front door was given, or what it logged about it. */
export type Finding =
  | {
      /** A response: a value the function returned. */
      kind: 'result'
      line: number
      value: unknown
      /** The front door, when the log tells it (an execution log is a REST API's). */
      frontDoor?: FrontDoor
      /** What API Gateway itself logged about it, when the log has it. */
      logged?: string[]
    }
  | {
      /** Lambda's error payload (`errorType`, `errorMessage`): the function threw or crashed. */
      kind: 'function-error'
      line: number
      value: Record<string, unknown>
      frontDoor?: FrontDoor
      logged?: string[]
    }
  | { kind: 'timeout'; line: number; seconds: number }
  | { kind: 'integration-error'; line: number; message: string; status?: string; frontDoor: FrontDoor }
  | { kind: 'truncated'; line: number; why: string }

/** What the input held. */
export type Extraction = {
  findings: Finding[]
  /** Access log entries without an integration error: the HTTP API took those responses. */
  accessLogOk: number
  /** Why nothing was found, when the input is something else recognizable. */
  hint?: string
  /** The whole input is one JSON value, rather than a log. */
  whole?: boolean
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const RESULT_KEYS = new Set([
  'statusCode',
  'statusDescription',
  'headers',
  'multiValueHeaders',
  'cookies',
  'body',
  'isBase64Encoded',
])

/** Lambda's error payload, as the runtime writes it for a function error. */
const isErrorPayload = (value: unknown): value is Record<string, unknown> =>
  isObject(value) &&
  typeof value.errorMessage === 'string' &&
  (typeof value.errorType === 'string' || Array.isArray(value.trace) || Array.isArray(value.stackTrace))

/**
 * A response rather than some other object a function logs: it has `statusCode`, or only result keys
 * and a `body`. An error object logged with its `statusCode` (http-errors) is not one.
 */
const isResponse = (value: unknown): value is Record<string, unknown> => {
  if (!isObject(value)) return false
  if ('stack' in value || 'expose' in value || 'errorType' in value) return false
  if ('statusCode' in value) return true
  const keys = Object.keys(value)
  return 'body' in value && keys.every((key) => RESULT_KEYS.has(key))
}

/** Where an object or array that starts at `start` ends, strings skipped; -1 when it does not. */
const closingOf = (text: string, start: number): number => {
  const stack: string[] = []
  for (let at = start; at < text.length; at += 1) {
    const ch = text[at] as string
    if (ch === '"' || ch === "'" || ch === '`') {
      for (at += 1; at < text.length && text[at] !== ch; at += 1) {
        if (text[at] === '\\') at += 1
        else if (text[at] === '\n' && ch !== '`') return -1
      }
      continue
    }
    if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']')
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1
      if (stack.length === 0) return at
    }
  }
  return -1
}

/** The value of an object written at `start`, as JSON or as `console.log` prints it; undefined if neither. */
const objectAt = (text: string, start: number): { value: unknown; end: number } | undefined => {
  const end = closingOf(text, start)
  if (end < 0) return undefined
  const source = text.slice(start, end + 1)
  try {
    return { value: JSON.parse(source), end: end + 1 }
  } catch {}
  try {
    const literal = parseLiteral(source, 0)
    return literal.end === source.length ? { value: literal.value, end: end + 1 } : undefined
  } catch (error) {
    if (error instanceof LiteralError) return undefined
    throw error
  }
}

const lineAt = (starts: number[], index: number): number => {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((starts[mid] as number) <= index) low = mid
    else high = mid - 1
  }
  return low + 1
}

/**
 * The responses and error payloads of the objects in `text`: an object that is a response, or the
 * first response inside one (a structured log line that holds it under some key, or in its message).
 */
const scanObjects = (text: string, firstLine: (index: number) => number, findings: Finding[]): void => {
  const visit = (value: unknown, line: number, depth: number): boolean => {
    if (isErrorPayload(value)) {
      findings.push({ kind: 'function-error', line, value })
      return true
    }
    if (isResponse(value)) {
      findings.push({ kind: 'result', line, value })
      return true
    }
    if (depth > 3 || (!isObject(value) && !Array.isArray(value))) return false
    for (const item of Object.values(value)) {
      if (typeof item === 'string' && item.includes('{')) {
        // The Lambda JSON log format puts what console.log printed in `message`, as text.
        const before = findings.length
        scanObjects(item, () => line, findings)
        if (findings.length > before) return true
      } else if (visit(item, line, depth + 1)) return true
    }
    return false
  }
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    const found = objectAt(text, at)
    if (found === undefined) continue
    visit(found.value, firstLine(at), 0)
    at = found.end - 1
  }
}

// A CloudWatch console export (CSV): `1718635693123,"(c6af9ac6-…) Endpoint response body …"`, quotes doubled.
const CSV_LINE = /^\d{10,13},"(.*)"$/
const EXECUTION_BODY = /Endpoint response body before transformations: (.*)$/
const EXECUTION_VERDICT =
  /(Execution failed due to configuration error: .*|Method completed with status: \d+|Lambda execution failed with status \d+ due to customer function error: .*)$/
const CUSTOMER_ERROR = /Lambda execution failed with status \d+ due to customer function error: (.*)$/
const TIMED_OUT = /Task timed out after ([\d.]+) seconds/
// API Gateway cuts log events at 1,024 bytes.
const TRUNCATED = /\[TRUNCATED\]\s*$/

/**
 * Finds every response, function error, timeout and integration error in `text`, with the line each
 * starts on.
 *
 * @example
 * extract('... Endpoint response body before transformations: {"statusCode":200,"body":{}}').findings
 * // [{ kind: 'result', line: 1, value: { statusCode: 200, body: {} }, frontDoor: 'rest', logged: [] }]
 */
export const extract = (text: string): Extraction => {
  const trimmed = text.trim()
  let whole: unknown
  let isJson = false
  try {
    whole = JSON.parse(trimmed)
    isJson = true
  } catch {}
  if (isJson) {
    // `aws logs filter-log-events` / `get-log-events` output: the log lines are the events' messages.
    if (isObject(whole) && Array.isArray(whole.events) && whole.events.every((e) => isObject(e))) {
      const messages = whole.events.map((event) => (isObject(event) ? String(event.message ?? '') : ''))
      return extractLog(messages.join('\n'))
    }
    if (isObject(whole) && 'ExecutedVersion' in whole && 'StatusCode' in whole) {
      return {
        findings: [],
        accessLogOk: 0,
        hint:
          "this is what `aws lambda invoke` prints about the call, not the function's result: the result is " +
          'in the file named last on its command line (the outfile)',
      }
    }
    if (isErrorPayload(whole)) {
      return { findings: [{ kind: 'function-error', line: 1, value: whole }], accessLogOk: 0, whole: true }
    }
    return { findings: [{ kind: 'result', line: 1, value: whole }], accessLogOk: 0, whole: true }
  }
  return extractLog(text)
}

const extractLog = (text: string): Extraction => {
  const lines = text.split(/\r?\n/).map((line) => {
    const csv = CSV_LINE.exec(line)
    return csv ? (csv[1] as string).replaceAll('""', '"') : line
  })
  const findings: Finding[] = []
  let accessLogOk = 0
  // Lines read as a REST execution log or an access log are not scanned again for objects.
  const rest: string[] = []
  lines.forEach((line, index) => {
    const number = index + 1
    const body = EXECUTION_BODY.exec(line)
    if (body) {
      rest.push('')
      const payload = (body[1] as string).trim()
      const logged: string[] = []
      for (const next of lines.slice(index + 1, index + 12)) {
        if (EXECUTION_BODY.test(next)) break
        const verdict = EXECUTION_VERDICT.exec(next)
        if (verdict) logged.push(verdict[1] as string)
      }
      let value: unknown
      try {
        value = JSON.parse(payload)
      } catch {
        findings.push({
          kind: 'truncated',
          line: number,
          why: TRUNCATED.test(payload)
            ? 'API Gateway cut this response short in its log (it logs at most 1,024 bytes of an entry): check the whole result instead, from `aws lambda invoke` or the handler'
            : 'the response in this execution log line is not JSON',
        })
        return
      }
      findings.push(
        isErrorPayload(value)
          ? { kind: 'function-error', line: number, value, frontDoor: 'rest', logged }
          : { kind: 'result', line: number, value, frontDoor: 'rest', logged },
      )
      return
    }
    const customer = CUSTOMER_ERROR.exec(line)
    if (customer) {
      rest.push('')
      // Only when no response line of the same request said it already.
      const said = findings.at(-1)
      if (said?.kind !== 'function-error' || said.frontDoor !== 'rest') {
        findings.push({
          kind: 'function-error',
          line: number,
          value: { errorMessage: customer[1] as string },
          frontDoor: 'rest',
        })
      }
      return
    }
    if (line.includes('"integrationErrorMessage"')) {
      rest.push('')
      const start = line.indexOf('{')
      const entry = start >= 0 ? objectAt(line, start)?.value : undefined
      const message = isObject(entry) ? entry.integrationErrorMessage : undefined
      if (typeof message === 'string' && message !== '' && message !== '-') {
        const status = isObject(entry) && entry.status !== undefined ? String(entry.status) : undefined
        findings.push({
          kind: 'integration-error',
          line: number,
          message,
          frontDoor: 'http-v2',
          ...(status === undefined ? {} : { status }),
        })
      } else if (isObject(entry)) accessLogOk += 1
      return
    }
    const timedOut = TIMED_OUT.exec(line)
    if (timedOut) {
      rest.push('')
      findings.push({ kind: 'timeout', line: number, seconds: Number(timedOut[1]) })
      return
    }
    rest.push(line)
  })
  const scanned = rest.join('\n')
  const starts = [0]
  for (let at = scanned.indexOf('\n'); at >= 0; at = scanned.indexOf('\n', at + 1)) starts.push(at + 1)
  scanObjects(scanned, (index) => lineAt(starts, index), findings)
  findings.sort((a, b) => a.line - b.line)
  return { findings, accessLogOk }
}
