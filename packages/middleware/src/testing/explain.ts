// The one place where codes become sentences: the problems the validator finds, the repairs the
// middleware makes and what the check command finds in a handler or a log. Each sentence is built from
// the code, the path, what the result holds there and the front door, so that it does not depend on
// how the checker found the problem. The README's "Codes" section is written from the same table.
import { doors } from '../doors.js'
import { reasonPhrase } from '../status.js'
import type { FrontDoor } from '../types.js'

/** Who reports a code: the validator (`problem`), the middleware (`repair`), or the `check` command. */
export type CodeSource = 'problem' | 'repair' | 'command'

/**
 * What is known of one problem or repair. Only `path` and `frontDoor` are needed; the more is given,
 * the more exact the sentence: `value` names what the result holds at `path`.
 *
 * @example
 * const facts: Facts = { path: 'headers.x-count', frontDoor: 'alb', value: 3 }
 */
export type Facts = {
  /** Where in the result, such as `headers.x-count`, `body`, or `''` for the result itself. */
  path: string
  /** The front door the result is for. */
  frontDoor: FrontDoor | (string & {})
  /** What the result holds at `path`, when known (a key holding `undefined` counts as known). */
  value?: unknown
  /** The whole result, when known: sizes, the status and the other spelling of a header come from it. */
  result?: unknown
  /** How many, when it matters: the cookies dropped, say. */
  count?: number | undefined
  /**
   * Which of several reports of one code at one path this is, from 0: a `cookies` array holding two
   * cookies that cannot be sent is reported twice at `cookies`, and each sentence names its own cookie.
   */
  nth?: number | undefined
  /**
   * Tell it as a repair the middleware made (what was wrong, what was sent instead) rather than as a
   * problem the front door refuses. The default is a repair for the codes only the middleware reports.
   */
  repaired?: boolean | undefined
}

/**
 * A problem or repair in words.
 *
 * @example
 * const { message, fix }: Explanation = explain('body-not-string', { path: 'body', frontDoor: 'rest', value: {} })
 */
export type Explanation = {
  /** What is wrong: which key, what it holds, what the front door wanted (or what was sent instead). */
  message: string
  /** What to change in the handler, and what `proxyResponse()` does about it. */
  fix: string
}

/**
 * What a code means in general, as the README's "Codes" section gives it.
 *
 * @example
 * CODE_INFO['cookies-dropped'].instead // 'sends the first cookie …'
 */
export type CodeInfo = {
  /** Who reports it. */
  by: readonly CodeSource[]
  /** What it means. */
  about: string
  /** What `proxyResponse()` does about it, as a phrase that follows its name. */
  instead: string
  /** How to fix the handler. */
  fix: string
}

type Case = {
  code: string
  path: string
  door: string
  /** `the Application Load Balancer` */
  name: string
  /** The path, or `the result` for the result itself. */
  at: string
  /** The top-level key of the path, and the header name after it (`headers.x-count`). */
  key: string
  header: string
  value: unknown
  known: boolean
  result: unknown
  count: number | undefined
  nth: number
}

type Entry = CodeInfo & {
  /** The problem told from the case: which key, what it holds, what the front door wanted. */
  problem?: (c: Case) => string
  /** The repair told from the case: what was wrong and what was sent instead. */
  repair?: (c: Case) => string
  /** A fix that fits the case better than the general one. */
  fixFor?: (c: Case) => string | undefined
}

// ---------------------------------------------------------------------------------------------------
// Front doors in words

type DoorWords = {
  /** Its name in a sentence. */
  name: string
  /** What it answers a result it refuses, where documented (CONTRACT.md). */
  refusal?: number
  /**
   * What it answers when the function fails (throws, times out, crashes), where it differs from the
   * refusal: CloudFront's 503 for a "Lambda execution error", against its 502 for a validation error.
   */
  failure?: number
}

const DOOR_WORDS: Readonly<Record<FrontDoor, DoorWords>> = {
  rest: { name: 'the API Gateway REST API', refusal: 502 },
  'http-v1': { name: 'the HTTP API (payload 1.0)', refusal: 500 },
  'http-v2': { name: 'the HTTP API (payload 2.0)', refusal: 500 },
  'function-url': { name: 'the Lambda function URL', refusal: 502 },
  alb: { name: 'the Application Load Balancer', refusal: 502 },
  'alb-multi-value': { name: 'the Application Load Balancer with multi-value headers', refusal: 502 },
  'lattice-v1': { name: 'VPC Lattice (event v1)' },
  'lattice-v2': { name: 'VPC Lattice (event v2)' },
  websocket: { name: 'the API Gateway WebSocket API' },
  'cloudfront-viewer-request': { name: 'CloudFront (viewer-request trigger)', refusal: 502, failure: 503 },
  'cloudfront-origin-request': { name: 'CloudFront (origin-request trigger)', refusal: 502, failure: 503 },
  'cloudfront-origin-response': { name: 'CloudFront (origin-response trigger)', refusal: 502, failure: 503 },
  'cloudfront-viewer-response': { name: 'CloudFront (viewer-response trigger)', refusal: 502, failure: 503 },
}

const knownDoor = (door: string): door is FrontDoor => Object.hasOwn(DOOR_WORDS, door)

/**
 * A front door's name in a sentence, and the status it answers a result it refuses where AWS documents
 * it (a REST API's 502 "Malformed Lambda proxy response", an HTTP API's 500).
 *
 * @example
 * frontDoorWords('alb') // { name: 'the Application Load Balancer', refusal: 502 }
 */
export const frontDoorWords = (door: string): DoorWords =>
  knownDoor(door) ? DOOR_WORDS[door] : { name: `the front door "${door}"` }

const doorOf = (door: string) => (Object.hasOwn(doors, door) ? doors[door as FrontDoor] : undefined)

/** Whether the front door is one of CloudFront's Lambda@Edge triggers, whose results have a shape of their own. */
const isEdge = (door: string): boolean => doorOf(door)?.edge !== undefined

// The codes of a function that failed rather than returned: the front door answers its failure status.
const FAILURES = new Set([
  'handler-threw',
  'handler-timeout',
  'handler-exited',
  'result-unserializable',
  'function-error',
])

/**
 * The status a front door answers instead of the response when a problem of this code reaches it,
 * where documented: its refusal (a REST API's 502, an HTTP API's 500), or, for a function that failed,
 * its failure status (CloudFront's 503).
 *
 * @example
 * answerStatus('handler-threw', 'cloudfront-viewer-request') // 503
 */
export const answerStatus = (code: string | undefined, door: string): number | undefined => {
  const words = frontDoorWords(door)
  return code !== undefined && FAILURES.has(code) ? (words.failure ?? words.refusal) : words.refusal
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

// ---------------------------------------------------------------------------------------------------
// Values in words

const short = (value: unknown, max = 60): string => {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {}
  text ??= String(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A text cut to `max` characters, as it is (no quotes). */
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** Lambda sends a Buffer as JSON sends it: `{"type":"Buffer","data":[…]}`. */
const isBufferJson = (value: unknown): value is { type: 'Buffer'; data: unknown[] } =>
  isObject(value) && value.type === 'Buffer' && Array.isArray(value.data) && Object.keys(value).length === 2

/**
 * What a value is, in a few words: `the number 3`, `the string "abc"`, `an object ({"a":1})`.
 *
 * @example
 * describeValue(3) // 'the number 3'
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : `the string ${short(value)}`
    case 'number':
      return `the number ${value}`
    case 'boolean':
      return `the boolean ${value}`
    case 'bigint':
      return `the BigInt ${value}n`
    case 'function':
      return 'a function'
    case 'symbol':
      return 'a symbol'
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array (${short(value)})`
  if (isBufferJson(value)) {
    return `a Buffer of ${value.data.length} bytes, which Lambda sends as {"type":"Buffer","data":[…]}`
  }
  return `an object (${short(value)})`
}

/** What `result` holds at `path` (`headers.x-count`: the header `x-count` of `headers`). */
export const valueAt = (result: unknown, path: string): unknown => {
  if (path === '') return result
  if (!isObject(result)) return undefined
  try {
    if (Object.hasOwn(result, path)) return result[path]
    const dot = path.indexOf('.')
    const map = dot > 0 ? result[path.slice(0, dot)] : undefined
    const name = path.slice(dot + 1)
    return isObject(map) && Object.hasOwn(map, name) ? map[name] : undefined
  } catch {
    return undefined
  }
}

const CONTROL_NAMES: Record<number, string> = {
  0: 'a NUL',
  9: 'a tab',
  10: 'a line feed (LF)',
  13: 'a carriage return (CR)',
  127: 'a DEL',
}

/** The first character no header value may hold, in words. */
const badCharacter = (text: string): string | undefined => {
  const match = /[^\t\x20-\x7e\x80-\xff]/.exec(text)
  if (!match) return undefined
  const code = match[0].charCodeAt(0)
  const what =
    CONTROL_NAMES[code] ??
    (code < 0x20 ? 'a control character' : `the character ${match[0]} (U+${code.toString(16).toUpperCase()})`)
  return `${what} at character ${match.index}`
}

/** What is wrong with one header value, in words; undefined for a value that may be sent. */
const headerValueFault = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return `${describeValue(value)}, not a string`
  const bad = badCharacter(value)
  return bad && `${bad} (${short(value)})`
}

/** A header name as CloudFront spells a `key` it is not given: `content-type` → `Content-Type`. */
const titleCase = (name: string): string =>
  name
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())

/** Whether the result is a response a request trigger generates (it has a `status`), not one CloudFront gave. */
const generated = (c: { door: string; result: unknown }): boolean =>
  c.door.endsWith('request') && isObject(c.result) && 'status' in c.result

const COOKIE_LIST = /,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=/

const cookieFault = (value: unknown): string | undefined => {
  const fault = headerValueFault(value)
  if (fault) return fault
  return COOKIE_LIST.test(value as string)
    ? `several cookies joined with commas (${short(value)}), which a browser takes for one`
    : undefined
}

/** The status of a result, when it has a valid one. */
const statusOf = (result: unknown): number | undefined => {
  const status = isObject(result) ? result.statusCode : undefined
  return Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599
    ? (status as number)
    : undefined
}

const bytesOf = (result: unknown): number | undefined => {
  try {
    const text = JSON.stringify(result)
    return text === undefined ? undefined : Buffer.byteLength(text)
  } catch {
    return undefined
  }
}

const bodyBytesOf = (result: unknown): number | undefined => {
  if (!isObject(result)) return undefined
  const { body, isBase64Encoded } = result
  if (body === undefined || body === '') return 0
  if (typeof body !== 'string') return undefined
  return isBase64Encoded === true ? Buffer.from(body, 'base64').length : Buffer.byteLength(body)
}

const formatBytes = (bytes: number): string => `${bytes.toLocaleString('en-US')} bytes`

/** Where a front door wants cookies, in words. */
const cookiePlace = (door: string): string => {
  switch (doorOf(door)?.cookies) {
    case 'cookies':
      return 'in the cookies array, one entry per cookie'
    case 'multiValueHeaders':
      return 'in multiValueHeaders, one array entry per cookie ({ "Set-Cookie": ["a=1", "b=2"] })'
    case 'headers':
      return 'as one Set-Cookie header: it carries a single cookie'
    default:
      return 'where the front door takes them'
  }
}

// ---------------------------------------------------------------------------------------------------
// The table

const WRAP = 'Or wrap the handler in proxyResponse(), which'

// A request's keys, which a Lambda@Edge request trigger may send on; and each family's own keys.
const REQUEST_KEYS = new Set(['clientIp', 'method', 'querystring', 'uri', 'origin'])
const PROXY_KEYS = new Set(['statusCode', 'isBase64Encoded', 'multiValueHeaders', 'cookies'])
const EDGE_KEYS = new Set(['status', 'bodyEncoding'])

/** What a top-level key means to a CloudFront trigger that does not take it. */
const edgeKeyNotAccepted = (c: Case, takes: string): string => {
  if (REQUEST_KEYS.has(c.key)) {
    return c.door.endsWith('response')
      ? `${c.key} is a request's; ${c.name} takes a response, not a request to send on${takes}`
      : `${c.key} is not a key of the request a request trigger sends on (clientIp, headers, method, querystring, uri, body${c.door === 'cloudfront-origin-request' ? ', origin' : ''})`
  }
  if (PROXY_KEYS.has(c.key)) {
    return `${c.key} is API Gateway's; ${c.name} takes CloudFront's shape: status (a string), headers as { key, value } entries, body and bodyEncoding`
  }
  return `${c.key} is not a key of a CloudFront response${takes}`
}

/** What a top-level key means to a front door that does not take it. */
const keyNotAccepted = (c: Case): string => {
  const door = doorOf(c.door)
  const takes = door ? `; it takes only ${list(door.keys)}` : ''
  if (isEdge(c.door)) return edgeKeyNotAccepted(c, takes)
  if (EDGE_KEYS.has(c.key)) {
    return `${c.key} is CloudFront's (Lambda@Edge); ${c.name} wants ${c.key === 'status' ? 'statusCode, a number' : 'isBase64Encoded, a boolean'}${takes}`
  }
  switch (c.key) {
    case 'cookies':
      return `${c.name} has no cookies key: that is payload 2.0's (HTTP API, function URL); it wants cookies ${cookiePlace(c.door)}`
    case 'multiValueHeaders':
      return c.door === 'alb'
        ? `${c.name} takes multiValueHeaders only when multi-value headers are on for the target group; this event had them off, so it wants headers`
        : `${c.name} has no multiValueHeaders: it takes one value per header in headers (several joined with ", ")`
    case 'headers':
      return `${c.name} takes multiValueHeaders, not headers: with multi-value headers on, it ignores headers`
    case 'statusDescription':
      return `${c.name} has no statusDescription: only load balancers take a status line`
    default:
      return `${c.key} is not a key of a proxy result${takes}`
  }
}

/** How to fix a key a CloudFront trigger does not take. */
const edgeKeyFix = (c: Case): string => {
  if (c.key === 'statusCode')
    return `Send status: "${typeof c.value === 'number' ? c.value : 200}" (a string) instead.`
  if (c.key === 'isBase64Encoded') return "Send bodyEncoding: 'base64' (or 'text') instead."
  if (PROXY_KEYS.has(c.key))
    return "Send each header in headers, one { key, value } entry per value: headers['set-cookie'] = [{ key: 'Set-Cookie', value: 'a=1' }, …]."
  if (REQUEST_KEYS.has(c.key) && c.door.endsWith('response'))
    return "Return a response: the event's own (event.Records[0].cf.response, changed), or { status, headers, body }."
  return `Remove ${c.key} from the result.`
}

const missingWanted: Record<string, string> = {
  statusCode: 'an integer such as 200',
  status:
    'a string such as "200" (a response has a status; an object without one is taken for the request to send on)',
  statusDescription: 'the code, a space and the reason phrase, such as "200 OK"',
  headers: 'an object of header strings, {} when there are none',
  multiValueHeaders: 'an object of string arrays, {} when there are none',
  isBase64Encoded: 'false for text, true for a base64 body',
}

const statusLine = (status: number | undefined): string =>
  status === undefined ? '"200 OK"' : `"${status} ${reasonPhrase(status)}"`

const ENTRIES: Record<string, Entry> = {
  'not-an-object': {
    by: ['problem'],
    about:
      'The result is not a JSON object: a string, number, array or `null` reaches the front door as it is (CloudFront answers 502, "The JSON output must be an object type").',
    instead:
      'sends it as the body of a 200: an object, array, number or boolean as JSON (`application/json`), a string as text, nothing as a 204',
    fix: 'Return `{ statusCode, headers, body }` with `body` a string.',
    problem: (c) =>
      isEdge(c.door)
        ? `The result is ${describeValue(c.value)}; ${c.name} takes a JSON object, a response such as {"status":"200","body":"…"}` +
          (c.door.endsWith('request') ? ' or the request to send on' : '') +
          ' (CloudFront: "The JSON output must be an object type")'
        : `The result is ${describeValue(c.value)}; ${c.name} takes a JSON object such as {"statusCode":200,"body":"…"}` +
          (doorOf(c.door)?.cookies === 'cookies'
            ? ' (payload 2.0 would guess a 200 with the value as a JSON body; the strict contract does not rely on the guess)'
            : ''),
    fixFor: (c) =>
      isEdge(c.door)
        ? `Return ${c.door.endsWith('request') ? 'the request (event.Records[0].cf.request) or ' : ''}a response { status: '200', headers, body }${c.door.endsWith('response') ? ", such as the event's own (event.Records[0].cf.response)" : ''}.`
        : undefined,
  },
  'key-not-accepted': {
    by: ['problem'],
    about:
      'A top-level key the front door does not take: a REST API refuses the whole result (502); elsewhere the key is ignored at best, and what it meant is lost.',
    instead:
      'moves a key another front door takes (`cookies`, `multiValueHeaders`, `headers`, `statusDescription`) to where this one wants it, and leaves any other key out (`unknown-key`)',
    fix: 'Return only the keys of the front door in front of the function (see "What each front door receives").',
    problem: (c) => `${c.key} holds ${describeValue(c.value)}; ${keyNotAccepted(c)}`,
    fixFor: (c) =>
      isEdge(c.door)
        ? edgeKeyFix(c)
        : EDGE_KEYS.has(c.key)
          ? c.key === 'status'
            ? `Send statusCode: ${Number.isInteger(Number(c.value)) ? Number(c.value) : 200} (a number) instead.`
            : 'Send isBase64Encoded: true for a base64 body, false for text, instead.'
          : c.key === 'cookies'
            ? `Send each cookie ${cookiePlace(c.door)}.`
            : c.key === 'multiValueHeaders'
              ? 'Put each header in headers, several values joined with ", ".'
              : c.key === 'headers'
                ? 'Put each header in multiValueHeaders, as an array.'
                : `Remove ${c.key} from the result.`,
  },
  'key-missing': {
    by: ['problem'],
    about:
      'A key the front door needs is missing: `statusCode` everywhere; `statusDescription`, `headers` (`multiValueHeaders` in multi-value mode) and `isBase64Encoded` on load balancers.',
    instead:
      'fills it in: `statusCode` 200, `statusDescription` from the status, empty `headers`, `isBase64Encoded: false`',
    fix: 'Add the key to every result.',
    problem: (c) =>
      `The result has no ${c.path}; ${c.name} needs it: ${missingWanted[c.path] ?? 'see "What each front door receives"'}`,
    fixFor: (c) =>
      c.path === 'statusDescription'
        ? `Add statusDescription: ${statusLine(statusOf(c.result))}.`
        : c.path === 'statusCode'
          ? 'Add statusCode: 200 (or the status you mean).'
          : c.path === 'status'
            ? 'Add status: "200" (a string; or the status you mean).'
            : `Add ${c.path}: ${c.path === 'isBase64Encoded' ? 'false' : '{}'}.`,
  },
  'status-invalid': {
    by: ['problem', 'repair'],
    about:
      '`statusCode` is not an integer from 100 to 599; on CloudFront, `status` is not a string from `"200"` to `"599"`.',
    instead:
      'sends 500 (a numeric string such as `"201"` becomes that number instead, and on CloudFront a number such as `201` its string: `status-coerced`)',
    fix: 'Set `statusCode` to an integer such as 200: not a string, not a float. On CloudFront, set `status` to a string such as `"200"`.',
    problem: (c) =>
      isEdge(c.door)
        ? `${c.at} holds ${describeValue(c.value)}; ${c.name} wants a string from "200" to "599"`
        : `${c.at} holds ${describeValue(c.value)}; ${c.name} wants an integer from 100 to 599` +
          (c.door === 'rest' && typeof c.value === 'string' && /^\d{3}$/.test(c.value)
            ? ' (a REST API happens to take a numeric string; the other front doors are not documented to)'
            : ''),
    fixFor: (c) =>
      isEdge(c.door)
        ? Number.isInteger(c.value) && (c.value as number) >= 200 && (c.value as number) <= 599
          ? `Send the string: status: "${c.value}".`
          : 'Set status to a string from "200" to "599", such as "200".'
        : undefined,
    repair: (c) =>
      c.key === 'status'
        ? `The Response's status, ${describeValue(c.value)}, is outside 100 to 599: proxyResponse() sends 500`
        : `${c.at} held ${describeValue(c.value)}, not a status code: proxyResponse() sends 500`,
  },
  'status-description-invalid': {
    by: ['problem', 'repair'],
    about:
      '`statusDescription` is not the status code, one space and a reason phrase matching `statusCode` (`"404 Not Found"`), or holds a control character.',
    instead: 'writes the status line from `statusCode` on an ALB or VPC Lattice, and leaves it out elsewhere',
    fix: 'Set `statusDescription` to the code and its reason phrase, or leave it out behind `proxyResponse()`.',
    problem: (c) =>
      `statusDescription holds ${describeValue(c.value)}; ${c.name} wants ${statusLine(statusOf(c.result))}: the code, one space, the reason phrase`,
    fixFor: (c) => `Set statusDescription: ${statusLine(statusOf(c.result))}.`,
  },
  'base64-flag-invalid': {
    by: ['problem', 'repair'],
    about: '`isBase64Encoded` is not a boolean: a string `"true"`, a number.',
    instead: 'sends the boolean it stands for: true for `true`, `"true"` or `1`, else false',
    fix: 'Set `isBase64Encoded` to `true` or `false`, the boolean.',
    problem: (c) => `isBase64Encoded holds ${describeValue(c.value)}; ${c.name} wants true or false`,
  },
  'body-not-string': {
    by: ['problem'],
    about:
      '`body` is not a string: an object, array, number, boolean, `null`, or a Buffer, which Lambda sends as `{"type":"Buffer","data":[…]}`.',
    instead:
      'sends an object or array as JSON (with `Content-Type: application/json` unless one is set), a Buffer as base64 with `isBase64Encoded: true`, `null` as an empty body',
    fix: 'Set `body: JSON.stringify(value)` and a `Content-Type` header; for bytes, `body: buffer.toString("base64")` with `isBase64Encoded: true`.',
    problem: (c) => `body holds ${describeValue(c.value)}; ${c.name} takes only a string`,
    fixFor: (c) =>
      isBufferJson(c.value)
        ? 'Send the bytes as base64: body: buffer.toString("base64") with isBase64Encoded: true.'
        : c.value === null
          ? 'Leave body out, or set it to "".'
          : 'Set body: JSON.stringify(value), with headers: { "Content-Type": "application/json" }.',
  },
  'body-forbidden': {
    by: ['problem', 'repair'],
    about: 'A body on a status that has none: 1xx, 204 or 304 (RFC 9110).',
    instead: 'sends the status without the body',
    fix: 'Leave `body` out on a 204 or 304, or answer 200 to send a body.',
    problem: (c) =>
      `body holds ${describeValue(c.value)} on a ${statusOf(c.result) ?? 'bodiless status'}; a response with this status has no body`,
  },
  'base64-invalid': {
    by: ['problem', 'repair'],
    about:
      '`isBase64Encoded` is true but `body` is not standard, padded base64: API Gateway answers 500 when it decodes it.',
    instead: 'sends the body as text, with `isBase64Encoded: false`',
    fix: 'Encode bytes with `Buffer.from(bytes).toString("base64")`, or set `isBase64Encoded: false` for text.',
    problem: (c) => `isBase64Encoded is true but body holds ${describeValue(c.value)}, which is not base64`,
  },
  'headers-invalid': {
    by: ['problem', 'repair'],
    about: '`headers` or `multiValueHeaders` is not an object of header names: `null`, an array, a string.',
    instead: 'leaves it out (a web `Headers` or a `Map` is read as headers)',
    fix: 'Set `headers` to an object such as `{ "Content-Type": "application/json" }`, `{}` when there are none.',
    problem: (c) =>
      `${c.key} holds ${describeValue(c.value)}; ${c.name} wants an object of header ${c.key === 'multiValueHeaders' ? 'arrays' : 'strings'}`,
  },
  'header-name-invalid': {
    by: ['problem', 'repair'],
    about:
      'A header name that is not an RFC 9110 token: empty, or holding a space, a colon, a quote or a character outside ASCII.',
    instead: 'never sends it',
    fix: 'Name the header with letters, digits, hyphens and the other token characters of RFC 9110: no space, colon or quote.',
    problem: (c) =>
      `The header name ${short(c.header)} in ${c.key} is not a token (RFC 9110): a header name holds no space, colon, quote or character outside ASCII`,
  },
  'header-value-invalid': {
    by: ['problem', 'repair'],
    about:
      'A header value that is not a string, or holds CR, LF, NUL or another control character (header injection; the ALB answers 502).',
    instead:
      'sends numbers, booleans and dates as text (`header-value-coerced`), and never sends a value holding a control character, nor an object',
    fix: 'Send strings (`String(value)`), and strip CR and LF from any text that comes from a request.',
    problem: (c) => {
      if (Array.isArray(c.value)) {
        const at = c.value.findIndex((item) => headerValueFault(item) !== undefined)
        if (at >= 0) {
          return `${c.at}[${at}] holds ${headerValueFault(c.value[at])}; ${c.name} takes only strings without control characters`
        }
      }
      const fault = headerValueFault(c.value)
      return typeof c.value === 'string'
        ? `${c.at} holds ${fault ?? 'a value that may not be sent'}; a header value may not hold CR, LF, NUL or other control characters`
        : `${c.at} holds ${describeValue(c.value)}; ${c.name} takes only strings`
    },
    fixFor: (c) =>
      typeof c.value === 'number' || typeof c.value === 'boolean'
        ? `Send the string "${String(c.value)}" (String(value)).`
        : undefined,
  },
  'multi-value-not-array': {
    by: ['problem', 'repair'],
    about: 'A `multiValueHeaders` entry that is not a non-empty array of strings.',
    instead: 'sends a single value as a one-value array, and leaves an empty array out',
    fix: 'Write `multiValueHeaders: { "Name": ["value"] }`, one array per header.',
    problem: (c) => `${c.at} holds ${describeValue(c.value)}; ${c.name} wants a non-empty array of strings`,
  },
  'header-duplicate': {
    by: ['problem', 'repair'],
    about:
      'One header given twice in one map under two spellings (`Content-Type` and `content-type`): which one arrives is up to the front door.',
    instead:
      'sends one header: within one map the later spelling wins; across `headers` and `multiValueHeaders` the values are merged, as API Gateway merges them',
    fix: 'Give each header once, in one spelling.',
    problem: (c) => {
      const map = isObject(c.result) ? c.result[c.key] : undefined
      const lower = c.header.toLowerCase()
      const other = isObject(map)
        ? Object.keys(map).find((name) => name !== c.header && name.toLowerCase() === lower)
        : undefined
      return `${c.at} repeats ${other ? `${c.key}.${other}` : 'another spelling of the same header'}; header names are case-insensitive, so ${c.name} gets the header twice`
    },
  },
  'header-hop-by-hop': {
    by: ['problem', 'repair'],
    about:
      'A hop-by-hop header (`Connection`, `Keep-Alive`, `Transfer-Encoding`, `Upgrade`, `TE`, `Trailer`, `Proxy-*`): it means nothing in a Lambda result, and the ALB and VPC Lattice drop it.',
    instead:
      'leaves it out. On CloudFront the hop-by-hop headers it refuses are among its disallowed headers (see `header-disallowed`), `Transfer-Encoding` is read-only, and `TE`, which an origin may send, is kept like any other header',
    fix: 'Remove it: the front door manages the connection.',
    problem: (c) =>
      `${c.at} is a hop-by-hop header; it means nothing in a Lambda result and ${c.name} manages the connection itself`,
  },
  'content-length-mismatch': {
    by: ['problem'],
    about: '`Content-Length` is not the byte count of the body sent, or is set on a status without a body.',
    instead:
      'sets it to the bytes of the body actually sent, and leaves it out of a 1xx, 204 or 304 (`content-length-corrected`)',
    fix: 'Leave `Content-Length` out: the front door computes it.',
    problem: (c) => {
      const bytes = bodyBytesOf(c.result)
      return bytes === undefined
        ? `${c.at} holds ${describeValue(c.value)}, which is not the length of the body sent`
        : `${c.at} holds ${describeValue(c.value)}, but the body is ${formatBytes(bytes)}`
    },
  },
  'content-length-corrected': {
    by: ['repair'],
    about:
      '`Content-Length` was not the byte count of the body sent (after serialization, base64 or compression), or was set on a status without a body.',
    instead: 'sets it to the bytes sent, or leaves it out of a 1xx, 204 or 304',
    fix: 'Leave `Content-Length` out: the front door computes it.',
    repair: (c) =>
      `${c.at} was not the byte count of the body sent: proxyResponse() sets it to the bytes sent, or leaves it out of a status without a body`,
  },
  'cookie-in-headers': {
    by: ['problem'],
    about:
      'A `Set-Cookie` header on payload 2.0 (HTTP API, function URL), which takes cookies in the `cookies` array: a function URL ignores a `set-cookie` header.',
    instead: 'moves every cookie into `cookies`',
    fix: "Return `cookies: ['name=value; Path=/']` instead of a `Set-Cookie` header.",
    problem: (c) => `${c.at} holds ${describeValue(c.value)}; ${c.name} takes cookies in the cookies array`,
  },
  'cookies-invalid': {
    by: ['problem'],
    about: '`cookies` is not an array of strings.',
    instead: 'reads a string as one cookie and leaves out what is not a cookie',
    fix: "Set `cookies` to an array: `['a=1; Path=/', 'b=2; Path=/']`.",
    problem: (c) => `cookies holds ${describeValue(c.value)}; ${c.name} wants an array of strings`,
  },
  'cookie-invalid': {
    by: ['problem', 'repair'],
    about:
      'A cookie that is not a string, holds a control character, or is several cookies joined with commas (a browser takes the list for one cookie).',
    instead:
      'splits a comma-joined list into its cookies (`cookie-list-split`) and leaves out a cookie that cannot be sent',
    fix: 'Send one `Set-Cookie` per cookie: in `cookies` on payload 2.0, in `multiValueHeaders` elsewhere.',
    problem: (c) => {
      const values = Array.isArray(c.value) ? c.value : [c.value]
      const faulty = values.flatMap((value, index) => (cookieFault(value) === undefined ? [] : [index]))
      const at = faulty[c.nth] ?? faulty[0] ?? -1
      return at < 0
        ? `${c.at} holds a cookie that cannot be sent`
        : `${c.at}${Array.isArray(c.value) ? `[${at}]` : ''} holds ${cookieFault(values[at])}`
    },
    fixFor: (c) => `Send each cookie apart, ${cookiePlace(c.door)}.`,
  },
  'too-large': {
    by: ['problem'],
    about:
      "The serialized result is over the front door's limit: 6,291,556 bytes (1 MB behind an ALB; on CloudFront 40,000 bytes on viewer triggers and 1,000,000 on origin triggers); on CloudFront, also a request whose uri and query are 8,192 characters or more.",
    instead:
      'compresses it when the caller accepts `br`, `gzip` or `deflate` and the front door decodes base64 (see "Compression"), and otherwise answers a 500 with the sizes in the log: never a 502',
    fix: 'Send less: page the results, or put the file in S3 and redirect to a presigned URL.',
    problem: (c) => {
      const bytes = bytesOf(c.result)
      const limit = doorOf(c.door)?.limit
      return `The result is ${bytes === undefined ? 'too large' : formatBytes(bytes)} serialized; ${c.name} takes at most ${limit === undefined ? 'its limit' : formatBytes(limit)}`
    },
  },
  'front-door-unknown': {
    by: ['problem'],
    about: 'The front door named is not one the package knows.',
    instead:
      'takes a `frontDoor` option only among the known names, and throws when it is created with another',
    fix: `Name one of: ${Object.keys(DOOR_WORDS).join(', ')}.`,
    problem: (c) => `Unknown front door ${JSON.stringify(c.door)}`,
  },
  unreadable: {
    by: ['problem'],
    about: 'The result could not be read: a getter or a `Proxy` trap threw.',
    instead: 'reads every key defensively, and answers a 500 when it cannot serialize the result',
    fix: 'Return plain data: no getter that throws, no `Proxy`.',
    problem: (c) =>
      `The result could not be read${typeof c.value === 'string' ? ` (${clip(c.value, 160)})` : ''}: a getter or a Proxy trap threw`,
  },

  // The middleware's own repairs.
  'status-coerced': {
    by: ['repair'],
    about: '`statusCode` was a numeric string (`"201"`); on CloudFront, `status` was a number (`201`).',
    instead: 'sends the number (on CloudFront, the string)',
    fix: 'Set `statusCode` to a number: `201`, not `"201"`. On CloudFront, set `status` to a string: `"201"`, not `201`.',
    repair: (c) =>
      isEdge(c.door)
        ? c.known && typeof c.value === 'number'
          ? `status held ${describeValue(c.value)}: proxyResponse() sends the string "${c.value}"`
          : 'status was a number: proxyResponse() sends it as a string'
        : c.known && typeof c.value === 'string'
          ? `statusCode held ${describeValue(c.value)}: proxyResponse() sends the number ${Number(c.value)}`
          : 'statusCode was a numeric string: proxyResponse() sends the number',
    fixFor: (c) => (isEdge(c.door) ? 'Set status to a string: "201", not 201.' : undefined),
  },
  'status-missing': {
    by: ['repair'],
    about: '`statusCode` was missing from a proxy result.',
    instead: 'sends 200',
    fix: 'Set `statusCode` on every result.',
    repair: () => 'The result had no statusCode: proxyResponse() sends 200',
  },
  'body-null': {
    by: ['repair'],
    about: '`body` was `null`.',
    instead: 'sends an empty body',
    fix: "Leave `body` out, or set it to `''`.",
    repair: () => 'body was null: proxyResponse() sends an empty body',
  },
  'key-misspelled': {
    by: ['repair'],
    about:
      'A key that looks like a result key written another way (`status`, `statuscode`, `StatusCode`, `status_code`, `header`, `Headers`, `isBase64encoded`…): in an object without `statusCode`, it makes the whole object a 200 JSON body; in a proxy result, the key is ignored.',
    instead:
      'sends an object without `statusCode` as it is, a 200 whose JSON body is the whole object (it may be a body that happens to use those words), and leaves the key out of a proxy result; either way it reports it, so that strict mode fails',
    fix: 'Spell the key as the front door does: `statusCode`, `headers`, `multiValueHeaders`, `cookies`, `body`, `isBase64Encoded`, `statusDescription`. If the object is a body, return it as `{ statusCode: 200, body: value }`.',
    repair: (c) =>
      `${c.at} looks like a result key written another way${c.known ? ` (it holds ${describeValue(c.value)})` : ''}: ` +
      (isObject(c.result) && 'statusCode' in c.result
        ? 'proxyResponse() leaves it out of the result'
        : 'proxyResponse() sends the whole object as a 200 JSON body'),
  },
  'unknown-key': {
    by: ['repair'],
    about: 'A top-level key no front door knows.',
    instead: 'leaves it out',
    fix: 'Remove it, or move what it holds into `body` or `headers`.',
    repair: (c) =>
      `${c.at} is a key no front door knows${c.known ? ` (it held ${describeValue(c.value)})` : ''}: proxyResponse() leaves it out`,
  },
  'header-value-coerced': {
    by: ['repair'],
    about: 'A header value was a number, boolean, BigInt or `Date` rather than a string.',
    instead: 'sends its text (a `Date` as an HTTP date)',
    fix: 'Send strings: `String(value)`, `date.toUTCString()`.',
    repair: (c) =>
      c.known
        ? `${c.at} held ${describeValue(c.value)}: proxyResponse() sends it as text`
        : `${c.at} held a number, boolean or date: proxyResponse() sends it as text`,
  },
  'cookie-list-split': {
    by: ['repair'],
    about:
      'One `Set-Cookie` value held several cookies joined with commas (the comma of an `Expires=` date is not taken for one).',
    instead: 'sends each cookie apart',
    fix: 'Keep cookies apart: one array entry per cookie.',
    repair: (c) =>
      `${c.at} held several cookies joined with commas${typeof c.value === 'string' ? ` (${short(c.value)})` : ''}: proxyResponse() sends each apart`,
  },
  'cookies-dropped': {
    by: ['repair'],
    about:
      'More cookies than the front door carries: an ALB without multi-value headers, VPC Lattice and a WebSocket API send a single `Set-Cookie`.',
    instead: 'sends the first cookie and drops the others',
    fix: 'Turn on multi-value headers on the ALB target group (`lambda.multi_value_headers.enabled`), or send one cookie.',
    repair: (c) =>
      `${c.count === undefined ? 'Cookies were' : `${c.count} cookie${c.count === 1 ? ' was' : 's were'}`} dropped: ${c.name} keeps one Set-Cookie, and proxyResponse() sends the first`,
  },
  'promise-awaited': {
    by: ['repair'],
    about: 'A promise was returned, or set as `body`, without being awaited.',
    instead: 'awaits it, and answers a rejection as a thrown error',
    fix: 'Add the missing `await`, or mark the function `async`.',
    repair: (c) =>
      `${c.path === '' ? 'The handler returned a promise' : `${c.at} was a promise`} that nothing awaited: proxyResponse() awaits it, and answers a rejection as a thrown error`,
  },
  'body-json-empty': {
    by: ['repair'],
    about:
      'The body was a `Map`, a `Set` or a class instance without enumerable fields: JSON keeps nothing of it (`{}`).',
    instead: 'sends `{}` as JSON, which is all `JSON.stringify` keeps',
    fix: 'Convert it: `Object.fromEntries(map)`, `[...set]`, or a plain object.',
    repair: (c) =>
      `${c.path === '' ? 'The result' : c.at} was a Map, a Set or a class instance, of which JSON keeps nothing: proxyResponse() sends {}`,
  },
  'error-returned': {
    by: ['repair'],
    about: 'An `Error` was returned instead of thrown.',
    instead: "answers it as if it were thrown: the error's status and exposed message, else a 500",
    fix: 'Throw the error, or return a response.',
    repair: () =>
      'The handler returned an Error instead of throwing it: proxyResponse() answers it as if it were thrown',
  },

  // CloudFront (Lambda@Edge): a shape of its own, and what a function may not change.
  'result-missing': {
    by: ['repair'],
    about:
      'A Lambda@Edge function returned nothing (`undefined` or `null`): CloudFront answers 502 ("The JSON output must be an object type"). The usual slip of a function that changes the request or the response in place.',
    instead:
      'sends on what CloudFront gave, as the function changed it in place: the request on a request trigger, the response on a response trigger',
    fix: 'Return `event.Records[0].cf.request` (request triggers) or `event.Records[0].cf.response` (response triggers).',
    repair: (c) =>
      `The function returned nothing: proxyResponse() sends on the ${c.door.endsWith('request') ? 'request' : 'response'} of the event, as the function changed it`,
  },
  'header-shape-repaired': {
    by: ['repair'],
    about:
      'A header in CloudFront\'s shape written loosely: a plain string or number instead of an array of `{ key, value }` entries, an entry outside its array, a name not in lower case, or a `key` that names another header. CloudFront answers 502 ("Each header entry in the headers object must be an array").',
    instead: 'writes it `[{ key, value }]` under the lower-cased name, one entry per value',
    fix: "Write each header as `headers['x-frame-options'] = [{ key: 'X-Frame-Options', value: 'DENY' }]`.",
    repair: (c) =>
      `${c.at} was not in CloudFront's shape${c.known ? ` (it held ${describeValue(c.value)})` : ''}: proxyResponse() writes it as [{ key, value }] entries`,
  },
  'header-entry-invalid': {
    by: ['problem'],
    about:
      "A CloudFront header that is not a non-empty array of `{ key, value }` entries, `value` a string and `key`, when given, the header's name in any case.",
    instead: 'writes it `[{ key, value }]` under the lower-cased name (`header-shape-repaired`)',
    fix: "Write each header as `headers['x-frame-options'] = [{ key: 'X-Frame-Options', value: 'DENY' }]`.",
    problem: (c) =>
      `${c.at} holds ${describeValue(c.value)}; ${c.name} wants an array of { key, value } entries, key the header's name`,
    fixFor: (c) =>
      typeof c.value === 'string' || typeof c.value === 'number'
        ? `Write it as headers['${c.header.toLowerCase()}'] = [{ key: '${titleCase(c.header)}', value: ${JSON.stringify(String(c.value))} }].`
        : undefined,
  },
  'header-disallowed': {
    by: ['problem', 'repair'],
    about:
      'A header CloudFront does not let a function add (`Connection`, `Expect`, `Keep-Alive`, `Proxy-*`, `Trailer`, `Upgrade`, `X-Accel-*`, `X-Amz-Cf-*`, `X-Cache`, `X-Edge-*`, `X-Forwarded-Proto`, `X-Real-IP`, ten `X-Amzn-*` names; `CloudFront-Viewer-Country` on a viewer request): CloudFront answers 502.',
    instead: 'leaves it out',
    fix: 'Remove the header: CloudFront sets or refuses it itself.',
    problem: (c) => `${c.at} is a header ${c.name} refuses from a function`,
    repair: (c) => `${c.at} is a header CloudFront refuses from a function: proxyResponse() leaves it out`,
  },
  'header-read-only': {
    by: ['problem', 'repair'],
    about:
      "A read-only header of the trigger was added, changed or deleted (a viewer request's `Host`, `Content-Length`, `Via`…; an origin response's `Transfer-Encoding` and `Via`; a viewer response's `Content-Encoding`, `Content-Length`, `Transfer-Encoding`, `Via`, `Warning`), or a generated response carries a framing header CloudFront computes (`Content-Length`, `Transfer-Encoding`, `Via`): CloudFront answers 502.",
    instead: 'keeps the value CloudFront gave (or, in a generated response, leaves the header out)',
    fix: 'Leave the header as CloudFront gave it; do not set framing headers in a generated response.',
    problem: (c) =>
      generated(c)
        ? `${c.at} is a header CloudFront computes itself for a response generated on ${c.name}`
        : c.known && c.value === undefined
          ? `${c.at} is missing: the function deleted a header that is read-only on ${c.name}`
          : `${c.at} holds ${describeValue(c.value)}, not what CloudFront gave; it is read-only on ${c.name}, which a function may not add or change`,
    fixFor: (c) =>
      generated(c)
        ? `Leave ${titleCase(c.header)} out of a generated response.`
        : c.door.endsWith('response')
          ? `Add your headers to the event's own response (event.Records[0].cf.response) and return it, so that ${titleCase(c.header)} stays as CloudFront gave it.`
          : `Leave ${titleCase(c.header)} of the request as CloudFront gave it: change event.Records[0].cf.request in place and return it.`,
    repair: (c) => `${c.at} is read-only on ${c.name}: proxyResponse() keeps the value CloudFront gave`,
  },
  'status-read-only': {
    by: ['problem', 'repair'],
    about: "A viewer-response function changed the status: CloudFront's rules forbid it.",
    instead: 'sends the status CloudFront gave',
    fix: 'Change the status in an origin-response function instead.',
    problem: (c) =>
      `status holds ${describeValue(c.value)}; a viewer response keeps the status CloudFront gave it`,
    repair: () => "A viewer response's status was changed: proxyResponse() sends the status CloudFront gave",
  },
  'body-read-only': {
    by: ['problem', 'repair'],
    about:
      "A viewer-response function set a body: the body of a viewer response is the origin's, and AWS documents no way to replace it there.",
    instead: "leaves the body out, so the origin's is sent",
    fix: 'Replace the body in an origin-response function, or generate the response in a request trigger.',
    problem: () => "A viewer response has a body; CloudFront keeps the origin's body there",
    repair: () => "A viewer response had a body: proxyResponse() leaves it out, and the origin's is sent",
  },
  'body-encoding-invalid': {
    by: ['problem', 'repair'],
    about: '`bodyEncoding` is neither `"text"` nor `"base64"`.',
    instead: 'sends the body as text',
    fix: 'Set `bodyEncoding: "base64"` for a base64 body, or leave it out for text.',
    problem: (c) => `bodyEncoding holds ${describeValue(c.value)}; ${c.name} takes "text" or "base64"`,
  },
  'uri-invalid': {
    by: ['problem', 'repair'],
    about:
      'A request sent on has a `uri` CloudFront refuses: not starting with `/`, or holding a query (`?`), a fragment (`#`), a space or a control character.',
    instead:
      'gives it its leading `/`, moves the query after a `?` into `querystring`, leaves the fragment out and percent-encodes the rest',
    fix: 'Set `uri` to a path starting with `/`, and the query in `querystring` without its `?`.',
    problem: (c) =>
      `uri holds ${describeValue(c.value)}; ${c.name} wants a path that starts with / and holds no ?, # or space`,
  },
  'querystring-invalid': {
    by: ['problem', 'repair'],
    about: 'A request sent on has a `querystring` with a space, a control character or a fragment (`#`).',
    instead: 'leaves the fragment out and percent-encodes the rest',
    fix: 'Percent-encode the query string (`new URLSearchParams(params).toString()`).',
    problem: (c) =>
      `querystring holds ${describeValue(c.value)}; ${c.name} refuses spaces, control characters and #`,
  },
  'request-read-only': {
    by: ['problem', 'repair'],
    about:
      "A request sent on changed what CloudFront does not let a function change: `method`, `clientIp`, the body's `inputTruncated`.",
    instead: 'sends the value CloudFront gave',
    fix: 'Leave `method`, `clientIp` and `body.inputTruncated` as they are.',
    problem: (c) => `${c.at} holds ${describeValue(c.value)}; it is read-only on ${c.name}`,
  },
  'request-body-invalid': {
    by: ['problem', 'repair'],
    about:
      'A request sent on has an include-body `body` CloudFront refuses: not `{ action, encoding, data, inputTruncated }`, an `action` other than `read-only` or `replace`, an `encoding` other than `base64` or `text`, or `data` that is not valid base64.',
    instead: "leaves the body out, so the request's own is sent",
    fix: "Set `body.action = 'replace'`, `body.encoding = 'base64'` and `body.data` to base64 text.",
    problem: (c) => `body holds ${describeValue(c.value)}; ${c.name} refuses it as a request's body`,
  },
  'origin-invalid': {
    by: ['problem', 'repair'],
    about:
      'A request sent on has an `origin` CloudFront refuses: on a viewer request (only an origin request can choose the origin), or not exactly one of `custom` and `s3`.',
    instead: "leaves it out, so the cache behavior's origin is used",
    fix: 'Set the origin in an origin-request function, with one of `custom` or `s3`.',
    problem: (c) =>
      `origin holds ${describeValue(c.value)}; ${c.name} takes one origin, custom or s3, on an origin request only`,
  },

  // What the check command finds in a handler or a log.
  'handler-threw': {
    by: ['command'],
    about:
      'The handler threw, or its promise rejected: Lambda reports a function error, which the front door answers with a 502 (a 500 on an HTTP API, a 503 on CloudFront).',
    instead:
      'answers the error: with its `statusCode` (400–599) and its message when the error is exposed, else 500 `{"message":"Internal Server Error"}`',
    fix: "Catch the error and return a response, or let `proxyResponse()` answer it (throw `createError(404, '…')` of `http-errors` for a status).",
    problem: (c) =>
      `The handler threw ${describeThrown(c.value)}; Lambda reports a function error, which ${c.name} answers with ${failure(c.door)}`,
  },
  'handler-timeout': {
    by: ['command'],
    about:
      'The handler did not answer within the timeout: Lambda ends the invocation and the front door answers 502 (504 when API Gateway times out first, 503 on CloudFront).',
    instead:
      "cannot answer for it: a handler must settle first (`middy(handler, { timeoutEarlyInMillis })` throws before Lambda's timeout, which `proxyResponse()` answers with a 504)",
    fix: 'Find what never settles: an `await` on something that never resolves, a callback-style handler that never calls back, or work longer than the timeout.',
    problem: (c) =>
      `The handler did not answer ${typeof c.value === 'number' ? `within ${c.value / 1000} s` : 'in time'}; Lambda ends such an invocation and ${c.name} answers with ${failure(c.door)}`,
  },
  'handler-exited': {
    by: ['command'],
    about:
      'The process exited or crashed during the invocation (`process.exit`, an uncaught exception): Lambda reports "Runtime exited", and the front door answers 502 (503 on CloudFront).',
    instead: 'cannot answer for it: the process is gone before anything can answer',
    fix: 'Never call `process.exit` in a handler; return or throw, and catch errors in callbacks and event handlers.',
    problem: (c) =>
      `The process ${typeof c.value === 'string' ? c.value : 'exited'} during the invocation; Lambda reports "Runtime exited" and ${c.name} answers with ${failure(c.door)}`,
  },
  'result-unserializable': {
    by: ['command'],
    about:
      'JSON cannot hold the result (a cycle, a BigInt, a `toJSON` that throws): the Lambda runtime fails the invocation, and the front door answers 502 (503 on CloudFront).',
    instead: 'answers a 500 `{"message":"Internal Server Error"}` and logs why',
    fix: 'Return plain data: BigInts as strings, no cycles.',
    problem: (c) =>
      `JSON cannot hold the result${typeof c.value === 'string' ? ` (${c.value})` : ''}; the Lambda runtime fails the invocation and ${c.name} answers with ${failure(c.door)}`,
  },
  'function-error': {
    by: ['command'],
    about:
      "The function's answer is Lambda's error payload (`errorType`, `errorMessage`): the function threw or crashed, and the front door answers 502 (500 on an HTTP API, 503 on CloudFront).",
    instead:
      'answers a thrown error with the error\'s status and exposed message, else 500 `{"message":"Internal Server Error"}`',
    fix: "Read `errorMessage` and the stack in the function's log, then catch the error and return a response, or let `proxyResponse()` answer it.",
    problem: (c) => {
      const error = isObject(c.value) ? c.value : {}
      const said = [error.errorType, error.errorMessage].filter((part) => typeof part === 'string').join(': ')
      return `This is Lambda's error payload${said ? ` (${clip(said, 160)})` : ''}: the function threw or crashed, and ${c.name} answers with ${failure(c.door)}`
    },
  },
  'integration-error': {
    by: ['command'],
    about:
      "An HTTP API access log names an integration error (`$context.integrationErrorMessage`): the HTTP API could not use what the function answered. The access log holds AWS's message, not the response.",
    instead: 'makes whatever the handler returns a result the HTTP API takes, and answers errors itself',
    fix: "Find the response in the function's own log (log the result before returning it) and check it, or check the handler itself.",
    problem: (c) =>
      `The HTTP API logged an integration error${typeof c.value === 'string' ? `: ${clip(c.value, 300)}` : ''}`,
  },
  'cloudfront-validation-error': {
    by: ['command'],
    about:
      'CloudFront names why it refused a Lambda@Edge function\'s result (a Lambda validation error, answered with a 502): in its log `/aws/cloudfront/LambdaEdge/<DistributionId>`, in the Region where the function ran ("Validation error: …"), and on its 502 page ("The Lambda function returned invalid JSON: …", "The Lambda function result failed validation: …"). The log holds CloudFront\'s reason, not the result.',
    instead:
      "gives every result CloudFront's shape: `status` a string, headers as `{ key, value }` entries, disallowed headers left out and read-only ones as CloudFront gave them, a body within the trigger's size",
    fix: "Find the result in the function's own log (`/aws/lambda/us-east-1.<function name>`, in the same Region; log it before returning it) and check it, or check the handler itself with `--front-door` and its trigger.",
    problem: (c) =>
      `CloudFront refused the function's result and answered 502${typeof c.value === 'string' ? `: ${clip(c.value, 300)}` : ''}`,
    fixFor: (c) => (typeof c.value === 'string' ? validationFix(c.value, c.door) : undefined),
  },
}

// Each trigger's read-only headers, as "Restrictions on edge functions" lists them (doors.ts checks them).
const READ_ONLY_HEADERS: Record<string, readonly string[]> = {
  'cloudfront-viewer-request': ['CDN-Loop', 'Content-Length', 'Host', 'Transfer-Encoding', 'Via'],
  'cloudfront-origin-request': [
    'Accept-Encoding',
    'CDN-Loop',
    'Content-Length',
    'Host',
    'If-Modified-Since',
    'If-None-Match',
    'If-Range',
    'If-Unmodified-Since',
    'Transfer-Encoding',
    'Via',
  ],
  'cloudfront-origin-response': ['Transfer-Encoding', 'Via'],
  'cloudfront-viewer-response': ['Content-Encoding', 'Content-Length', 'Transfer-Encoding', 'Via', 'Warning'],
}

/**
 * The fix CloudFront's reason points to, for the reasons seen in the wild (CloudFront publishes no
 * list): a result that is not an object, headers not in its shape, a read-only header changed, a
 * control character in a value, a body that is not a string or is too large. Told for the trigger
 * when it is known.
 */
const validationFix = (reason: string, door: string): string | undefined => {
  const readOnly = READ_ONLY_HEADERS[door]
  const viewer = door.startsWith('cloudfront-viewer')
  if (/must be an object/i.test(reason))
    return door.endsWith('response')
      ? "Return an object: the event's response (event.Records[0].cf.response), changed, or { status: '200', headers, body }. A function that changes the response in place must still return it."
      : "Return an object: the request (event.Records[0].cf.request), changed, to send it on, or a response { status: '200', headers, body }. A function that changes the request in place must still return it."
  if (/read-only header/i.test(reason)) {
    const names = readOnly === undefined ? '' : ` (${list(readOnly)})`
    return door.endsWith('response')
      ? `Add your headers to the event's own response (event.Records[0].cf.response) and return it, so that its read-only headers${names} reach CloudFront as they came, rather than a response built anew.`
      : readOnly === undefined
        ? "Leave the trigger's read-only headers as CloudFront gave them: change the event's own request or response (event.Records[0].cf) and return it, rather than building the headers anew."
        : `Change the event's own request (event.Records[0].cf.request) and return it, its read-only headers${names} as they came; a response generated here carries none of Content-Length, Transfer-Encoding and Via.`
  }
  if (/invalid character|%0[ad]/i.test(reason))
    return 'Strip CR and LF from header values made of request data (encodeURIComponent for a Location built from user input).'
  if (/header/i.test(reason))
    return "Write each header as headers['x-frame-options'] = [{ key: 'X-Frame-Options', value: 'DENY' }]: an array of { key, value } entries under the lower-case name, each value a string."
  if (/body|maximum size|not parsable/i.test(reason)) {
    const limit = door.startsWith('cloudfront-')
      ? viewer
        ? '40 KB'
        : '1 MB'
      : '40 KB on a viewer trigger and 1 MB on an origin trigger'
    return `Set body to a string, bytes as base64 with bodyEncoding: 'base64', and keep the response (headers and body) within ${limit}.`
  }
  if (/status/i.test(reason))
    return 'Set status to a string from "200" to "599"; a viewer-response function keeps the status CloudFront gave.'
  return undefined
}

/** What the front door answers a function that failed (threw, timed out, crashed), in words. */
const failure = (door: string): string => {
  const status = answerStatus('function-error', door)
  return status === undefined ? 'an error' : `a ${status}`
}

const describeThrown = (value: unknown): string => {
  if (isObject(value)) {
    const name = typeof value.name === 'string' ? value.name : 'an error'
    const message = typeof value.message === 'string' ? value.message : ''
    return message ? `${name}: ${clip(message, 160)}` : name
  }
  return typeof value === 'string' ? clip(value, 160) : describeValue(value)
}

/**
 * Every code the package reports, with who reports it and what it means: the validator's problems,
 * the middleware's repairs, and what the `check` command finds in a handler or a log.
 *
 * @example
 * CODES.includes('cookies-dropped') // true
 */
export const CODE_INFO: Readonly<Record<string, CodeInfo>> = Object.fromEntries(
  Object.entries(ENTRIES).map(([code, { by, about, instead, fix }]) => [code, { by, about, instead, fix }]),
)

/**
 * The name of every code the package reports.
 *
 * @example
 * for (const code of CODES) console.log(code, CODE_INFO[code]?.about)
 */
export const CODES: readonly string[] = Object.freeze(Object.keys(ENTRIES))

const splitPath = (path: string, result: unknown): [key: string, header: string] => {
  let own = false
  try {
    own = isObject(result) && Object.hasOwn(result, path)
  } catch {}
  if (own) return [path, '']
  const dot = path.indexOf('.')
  return dot > 0 ? [path.slice(0, dot), path.slice(dot + 1)] : [path, '']
}

/** Backticks are the README's; a message in a terminal or a log reads better without them. */
const plain = (text: string): string => text.replaceAll('`', '')

const sentence = (text: string): string => {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/**
 * A problem or a repair in words: which key, what it holds, what the front door wanted (or what the
 * middleware sent instead), and how to fix the handler. Never throws; an unknown code gets a sentence
 * that names it.
 *
 * @example
 * explain('header-value-invalid', { path: 'headers.x-count', frontDoor: 'alb', value: 3 })
 * // { message: 'headers.x-count holds the number 3; the Application Load Balancer takes only strings.',
 * //   fix: 'Send the string "3" (String(value)). Or wrap the handler in proxyResponse(), which sends … ' }
 */
export const explain = (code: string, facts: Facts): Explanation => {
  const entry = Object.hasOwn(ENTRIES, code) ? ENTRIES[code] : undefined
  const path = String(facts.path ?? '')
  const door = String(facts.frontDoor)
  const at = path === '' ? 'the result' : path
  if (entry === undefined) {
    return { message: sentence(`${at}: ${code}`), fix: 'See "Codes" in the README of middy-proxy-response.' }
  }
  const known = Object.hasOwn(facts, 'value')
  const value = known ? facts.value : valueAt(facts.result, path)
  const [key, header] = splitPath(path, facts.result)
  const c: Case = {
    code,
    path,
    door,
    name: frontDoorWords(door).name,
    at,
    key,
    header,
    value,
    known: known || facts.result !== undefined,
    result: facts.result,
    count: facts.count,
    nth: facts.nth ?? 0,
  }
  try {
    const repaired = facts.repaired ?? entry.by.every((source) => source === 'repair')
    const fix = entry.fixFor?.(c) ?? entry.fix
    if (repaired) {
      const message =
        entry.repair?.(c) ??
        (known
          ? `${at} held ${describeValue(value)}: proxyResponse() ${entry.instead}`
          : `${at}: ${entry.about} proxyResponse() ${entry.instead}`)
      return { message: sentence(plain(message)), fix: sentence(plain(fix)) }
    }
    const message = entry.problem?.(c) ?? `${at}: ${entry.about}`
    const remedy = entry.by.includes('command')
      ? `With proxyResponse(): it ${entry.instead}`
      : `${WRAP} ${entry.instead}`
    return { message: sentence(plain(message)), fix: `${sentence(plain(fix))} ${sentence(plain(remedy))}` }
  } catch {
    // A value whose description throws (a hostile getter) still gets the general sentence.
    return { message: sentence(plain(`${at}: ${entry.about}`)), fix: sentence(plain(entry.fix)) }
  }
}
