// Finds the responses in what a person has at hand when a front door answered 502: a result as the
// handler returned it (`aws lambda invoke` output, a test's JSON), or a log excerpt that holds one —
// an API Gateway REST execution log, a Lambda function's own log (a line that prints its response, in
// JSON or as `console.log` prints an object; a Lambda@Edge function's too), an HTTP API access log with
// `$context.integrationErrorMessage`, or CloudFront's log of the results it refused
// (`/aws/cloudfront/LambdaEdge/<DistributionId>`).
import { detectFrontDoor } from '../index.js'
import type { FrontDoor } from '../types.js'
import { LiteralError, parseLiteral } from './literal.js'
import { isCloudFront } from './shape.js'

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
      /** The event the function logged before it (the same invocation, as far as the log tells). */
      event?: unknown
    }
  | {
      /** Lambda's error payload (`errorType`, `errorMessage`): the function threw or crashed. */
      kind: 'function-error'
      line: number
      value: Record<string, unknown>
      frontDoor?: FrontDoor
      logged?: string[]
      event?: unknown
    }
  | { kind: 'timeout'; line: number; seconds: number; frontDoor?: FrontDoor; event?: unknown }
  | { kind: 'integration-error'; line: number; message: string; status?: string; frontDoor: FrontDoor }
  | {
      /** CloudFront's reason for refusing a Lambda@Edge function's result (a "Lambda validation error"). */
      kind: 'validation-error'
      line: number
      message: string
      /** The trigger, when the log tells it. */
      frontDoor?: FrontDoor
    }
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

// What a Lambda@Edge function returns: a response, or the request it sends on.
const EDGE_RESPONSE_KEYS = new Set(['status', 'statusDescription', 'headers', 'body', 'bodyEncoding'])
const EDGE_REQUEST_KEYS = new Set(['clientIp', 'headers', 'method', 'querystring', 'uri', 'body', 'origin'])

/** Headers in CloudFront's shape: some name holds an array of `{ key, value }` entries. */
const edgeHeaders = (headers: unknown): boolean =>
  isObject(headers) &&
  Object.values(headers).some(
    (entries) => Array.isArray(entries) && entries.some((entry) => isObject(entry) && 'value' in entry),
  )

/**
 * A Lambda@Edge result rather than some other object a function logs: a response (a `status` and
 * only a response's keys, or `{ key, value }` headers), or a request (`uri` and `method`, and only a
 * request's keys). `{ status: 200 }` alone, which many objects are, is not taken for one.
 */
const isEdgeResult = (value: Record<string, unknown>): boolean => {
  const keys = Object.keys(value)
  const { status } = value
  if (typeof status === 'string' ? /^\d{3}$/.test(status) : Number.isInteger(status)) {
    return (
      edgeHeaders(value.headers) ||
      (keys.every((key) => EDGE_RESPONSE_KEYS.has(key)) && (typeof status === 'string' || keys.length > 1))
    )
  }
  return (
    typeof value.uri === 'string' &&
    typeof value.method === 'string' &&
    keys.every((key) => EDGE_REQUEST_KEYS.has(key))
  )
}

/**
 * A response rather than some other object a function logs: it has `statusCode`, or only result keys
 * and a `body`, or it is a Lambda@Edge result. An error object logged with its `statusCode`
 * (http-errors) is not one.
 */
const isResponse = (value: unknown): value is Record<string, unknown> => {
  if (!isObject(value)) return false
  if ('stack' in value || 'expose' in value || 'errorType' in value) return false
  if ('statusCode' in value) return true
  const keys = Object.keys(value)
  return ('body' in value && keys.every((key) => RESULT_KEYS.has(key))) || isEdgeResult(value)
}

/**
 * The front door of an event a function logs (`console.log(JSON.stringify(event))`), or undefined.
 * Only an event with its envelope counts (a `requestContext`, CloudFront's `Records`, VPC Lattice's
 * `raw_path`): a logged summary such as `{ httpMethod, path }` is not taken for one.
 */
const eventDoor = (value: unknown): FrontDoor | undefined => {
  if (!isObject(value)) return undefined
  const door = detectFrontDoor(value)
  if (door === undefined) return undefined
  return isObject(value.requestContext) || Array.isArray(value.Records) || door === 'lattice-v1'
    ? door
    : undefined
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

/**
 * The value of an object written at `start`, as JSON or as `console.log` prints it; undefined if
 * neither. An object `console.log` printed in part (`[Object]` past depth 2) is told apart: it cannot
 * be read back.
 */
const objectAt = (
  text: string,
  start: number,
): { value: unknown; end: number } | { elided: string; end: number } | undefined => {
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
    if (!(error instanceof LiteralError)) throw error
    return /left out/.test(error.message) ? { elided: source, end: end + 1 } : undefined
  }
}

// An object that starts as a result does: its status first, as a function builds it.
const RESULT_START = /^\{\s*['"]?(?:statusCode|status)['"]?\s*:\s*['"]?\d{3}\b/

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
const scanObjects = (
  text: string,
  firstLine: (index: number) => number,
  findings: Finding[],
  events: Logged[],
): void => {
  const visit = (value: unknown, line: number, depth: number): boolean => {
    // An event holds a request, or CloudFront's response, which are no result of the function.
    const door = eventDoor(value)
    if (door !== undefined) {
      events.push({ line, frontDoor: door, event: value })
      return true
    }
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
        const before = findings.length + events.length
        scanObjects(item, () => line, findings, events)
        if (findings.length + events.length > before) return true
      } else if (visit(item, line, depth + 1)) return true
    }
    return false
  }
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    const found = objectAt(text, at)
    if (found === undefined) continue
    if ('elided' in found) {
      // A CloudFront response always is: its headers are arrays of objects, depth 3.
      if (!RESULT_START.test(found.elided)) continue
      findings.push({
        kind: 'truncated',
        line: firstLine(at),
        why: 'console.log printed this response in part ([Object] past depth 2), so it cannot be read back: log it with JSON.stringify(result) to have it checked',
      })
    } else visit(found.value, firstLine(at), 0)
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
// CloudFront's reason for refusing a Lambda@Edge result: as it logs it in
// /aws/cloudfront/LambdaEdge/<DistributionId> ("(<X-Amz-Cf-Id>) ERROR Validation error: Lambda function
// result failed validation, the function tried to delete read-only header, headerName : …"), or as
// its 502 page tells the viewer ("The Lambda function returned invalid JSON: The JSON output must be an
// object type."). Only texts about the Lambda function: "Validation error:" alone is any library's.
const EDGE_VALIDATION_ENTRY = /Validation error:\s*((?:The )?Lambda function\b.*?)\s*$/i
const EDGE_VALIDATION_PAGE = /(The Lambda function (?:returned|result)\b.*?\.)(?=\s|<|$)/i
const TRIGGER = /\b(viewer|origin)-(request|response)\b/
// CloudFront's 503 for a function that threw, timed out or could not run, and its X-Cache markers.
const EDGE_EXECUTION =
  /The Lambda function associated with the CloudFront distribution is invalid|LambdaExecutionError|LambdaLimitExceeded/i
const EDGE_REFUSED = /LambdaValidationError/i
// Lambda's request id, as the function log's text format writes it after the time, or in `requestId`.
const REQUEST_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i

/** An event a function logged: the front door it came from, and the line it starts on. */
type Logged = { line: number; frontDoor: FrontDoor; event: unknown }

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
    const door = eventDoor(whole)
    if (door !== undefined) {
      return {
        findings: [],
        accessLogOk: 0,
        hint:
          `this is an event (what ${door} sends the function), not a result: give it to the handler instead, ` +
          'middy-proxy-response check handler.mjs --event FILE',
      }
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
      const found = start >= 0 ? objectAt(line, start) : undefined
      const entry = found !== undefined && 'value' in found ? found.value : undefined
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
    const refused = EDGE_VALIDATION_ENTRY.exec(line) ?? EDGE_VALIDATION_PAGE.exec(line)
    if (refused) {
      rest.push('')
      const trigger = TRIGGER.exec(line)
      findings.push({
        kind: 'validation-error',
        line: number,
        message: refused[1] as string,
        ...(trigger ? { frontDoor: `cloudfront-${trigger[0]}` as FrontDoor } : {}),
      })
      return
    }
    rest.push(line)
  })
  const scanned = rest.join('\n')
  const starts = [0]
  for (let at = scanned.indexOf('\n'); at >= 0; at = scanned.indexOf('\n', at + 1)) starts.push(at + 1)
  const events: Logged[] = []
  scanObjects(scanned, (index) => lineAt(starts, index), findings, events)
  findings.sort((a, b) => a.line - b.line)
  pair(findings, events, lines)
  if (findings.length === 0 && accessLogOk === 0) {
    if (EDGE_EXECUTION.test(text)) {
      return {
        findings,
        accessLogOk,
        hint:
          "this is CloudFront's answer to a Lambda@Edge function that threw, timed out or could not run (a 503, " +
          "LambdaExecutionError), not to a result it refused: the error is in the function's own log, " +
          '/aws/lambda/us-east-1.<function name>, in the Region where it ran',
      }
    }
    if (EDGE_REFUSED.test(text)) {
      return {
        findings,
        accessLogOk,
        hint:
          "CloudFront refused the function's result (LambdaValidationError), but this holds neither the result " +
          "nor CloudFront's reason: the reason is in /aws/cloudfront/LambdaEdge/<DistributionId>, in the " +
          'Region where the function ran',
      }
    }
  }
  return { findings, accessLogOk }
}

/**
 * Gives the findings of a function's own log the event it logged before them: the last one of the same
 * invocation (the same Lambda request id, when both lines show one). Its front door is theirs; and
 * CloudFront's reasons, which name no trigger, take the trigger of the log's events when they name one.
 */
const pair = (findings: Finding[], events: readonly Logged[], lines: readonly string[]): void => {
  if (events.length === 0) return
  const idOf = (line: number): string | undefined => REQUEST_ID.exec(lines[line - 1] ?? '')?.[0]
  const triggers = new Set(events.map((e) => e.frontDoor).filter(isCloudFront))
  const [trigger] = triggers
  for (const finding of findings) {
    if (finding.kind === 'validation-error') {
      if (finding.frontDoor === undefined && triggers.size === 1 && trigger !== undefined)
        finding.frontDoor = trigger
      continue
    }
    if (finding.kind !== 'result' && finding.kind !== 'function-error' && finding.kind !== 'timeout') continue
    if (finding.frontDoor !== undefined) continue
    const id = idOf(finding.line)
    const logged = events.findLast((e) => {
      if (e.line > finding.line) return false
      const theirs = idOf(e.line)
      return id === undefined || theirs === undefined || id === theirs
    })
    if (logged === undefined) continue
    finding.frontDoor = logged.frontDoor
    finding.event = logged.event
  }
}
