// An independent oracle of the front-door contract, written from CONTRACT.md alone (the strict form of
// "The rule we hold ourselves to"). It imports nothing from the package: the package's own validator
// and detector read the same tables as its normalizer, so a wrong row there passes all of them, while
// a wrong row cannot hide from a second model written separately. Node built-ins only.
import { Buffer } from 'node:buffer'

/** The front doors of CONTRACT.md, under the names the package uses for them. */
export type Door =
  | 'rest'
  | 'http-v1'
  | 'http-v2'
  | 'function-url'
  | 'alb'
  | 'alb-multi-value'
  | 'lattice-v1'
  | 'lattice-v2'
  | 'websocket'

/**
 * Every front door, in the order of CONTRACT.md.
 *
 * @example
 * for (const door of DOORS) assertContract(await handler(eventOf(door), context), door)
 */
export const DOORS: readonly Door[] = Object.freeze([
  'rest',
  'http-v1',
  'http-v2',
  'function-url',
  'alb',
  'alb-multi-value',
  'lattice-v1',
  'lattice-v2',
  'websocket',
])

/** "Lambda quotas" / API Gateway: "Response payload size exceeded maximum allowed payload size (6291556 bytes)". */
const SIX_MB = 6_291_556
/** ELB guide, "Lambda functions as targets": the response JSON is at most 1 MB. */
const ONE_MB = 1_048_576

type Model = {
  /** Every top-level key the front door knows (CONTRACT.md, one section per front door). */
  readonly keys: readonly string[]
  /**
   * Load balancers (ALB, VPC Lattice): "must include the Base64 encoding status, status code, status
   * description, and headers" — this names the headers key that must be there.
   */
  readonly required?: 'headers' | 'multiValueHeaders'
  /**
   * Where Set-Cookie goes (CONTRACT.md, "Headers"): `array` the payload 2.0 `cookies` key and never a
   * header; `multi` several values in `multiValueHeaders`; `one` a single cookie in `headers`.
   */
  readonly cookies: 'array' | 'multi' | 'one'
  /** The largest serialized result, in bytes. */
  readonly limit: number
}

const REST_KEYS = ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']
const V2_KEYS = ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded']
const LB_KEYS = ['statusCode', 'statusDescription', 'headers', 'body', 'isBase64Encoded']
const ALB_MULTI_KEYS = ['statusCode', 'statusDescription', 'multiValueHeaders', 'body', 'isBase64Encoded']
// "Route responses use the REST proxy shape (statusCode, headers, body)"; no multiValueHeaders.
const WEBSOCKET_KEYS = ['statusCode', 'headers', 'body', 'isBase64Encoded']

const MODELS: Readonly<Record<Door, Model>> = {
  rest: { keys: REST_KEYS, cookies: 'multi', limit: SIX_MB },
  'http-v1': { keys: REST_KEYS, cookies: 'multi', limit: SIX_MB },
  'http-v2': { keys: V2_KEYS, cookies: 'array', limit: SIX_MB },
  'function-url': { keys: V2_KEYS, cookies: 'array', limit: SIX_MB },
  alb: { keys: LB_KEYS, required: 'headers', cookies: 'one', limit: ONE_MB },
  'alb-multi-value': { keys: ALB_MULTI_KEYS, required: 'multiValueHeaders', cookies: 'multi', limit: ONE_MB },
  'lattice-v1': { keys: LB_KEYS, required: 'headers', cookies: 'one', limit: SIX_MB },
  'lattice-v2': { keys: LB_KEYS, required: 'headers', cookies: 'one', limit: SIX_MB },
  websocket: { keys: WEBSOCKET_KEYS, cookies: 'one', limit: SIX_MB },
}

/**
 * The largest serialized result `door` takes, in bytes: 1 MB on an ALB (both modes), 6,291,556 elsewhere.
 *
 * @example
 * limitOf('alb') // 1048576
 */
export const limitOf = (door: Door): number => MODELS[door].limit

// ---------------------------------------------------------------------------------------------------
// Telling the events apart

type Obj = Record<string, unknown>

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null

/**
 * The front door that sent `event`, or `undefined` when it is not an HTTP event (CONTRACT.md, "Telling
 * the events apart", in its order). A `requestContext` that is not an object counts as none. One rule
 * beyond the CONTRACT, adopted by the package on purpose: a top-level string `httpMethod` without a
 * `requestContext` (a hand-written test event) is payload 1.0 too. It never throws: an event that
 * cannot be read is not HTTP.
 *
 * @example
 * doorOf({ httpMethod: 'GET', path: '/' }) // 'rest'
 * doorOf({ Records: [] }) // undefined
 */
export const doorOf = (event: unknown): Door | undefined => {
  try {
    return detect(event)
  } catch {
    return undefined
  }
}

const detect = (event: unknown): Door | undefined => {
  if (!isObj(event)) return undefined
  const context = isObj(event.requestContext) ? event.requestContext : undefined
  // The order matters: REST events behind custom domains carry fields that look like the others'
  // (a `version`, a `domainName`), so the most specific markers come first.
  if (context !== undefined) {
    // 1. The ALB sends `multiValueHeaders` instead of `headers` in multi-value mode.
    if (isObj(context.elb)) return isObj(event.multiValueHeaders) ? 'alb-multi-value' : 'alb'
    // 2.
    if (typeof context.connectionId === 'string' && typeof context.eventType === 'string') return 'websocket'
    // 3.
    if (event.version === '2.0' && isObj(context.http)) {
      const domain = context.domainName
      return typeof domain === 'string' && domain.includes('.lambda-url.') ? 'function-url' : 'http-v2'
    }
    // 4. (v2)
    if (typeof context.serviceNetworkArn === 'string') return 'lattice-v2'
  } else if (typeof event.raw_path === 'string') {
    // 4. (v1: snake_case keys and no requestContext)
    return 'lattice-v1'
  }
  // 5., and the package's extra rule for hand-written events without a requestContext.
  if (typeof event.httpMethod === 'string') return event.version === '1.0' ? 'http-v1' : 'rest'
  // 6. SQS, S3, EventBridge, a direct invoke.
  return undefined
}

// ---------------------------------------------------------------------------------------------------
// Pieces of the strict form

/** RFC 9110 `token` = 1*tchar. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Node's rule for header values (`checkInvalidHeaderChar`): HTAB, 0x20–0x7E and obs-text 0x80–0xFF. */
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/
/** A reason phrase: RFC 9110 allows HTAB too; the strict form takes no control character at all. */
const FORBIDDEN_IN_REASON = /[^\x20-\x7e\x80-\xff]/
/** RFC 9110 §7.6.1 (and RFC 7230 `Keep-Alive`, `Proxy-*`): dropped by the ALB and Lattice, meaningless elsewhere. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer'])
/**
 * A comma-joined list of cookies: a comma, optional spaces, then `name=`. The comma of an `Expires=`
 * date ("Wed, 21 Oct 2026 07:28:00 GMT") is followed by a day number and a space, never by a token and
 * `=`, and a cookie value cannot hold a comma (RFC 6265 `cookie-octet`), so this is all it takes.
 */
const COOKIE_LIST = /,[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=/

/** Whether a UTF-16 unit is of the standard base64 alphabet (RFC 4648 §4: A–Z, a–z, 0–9, + and /). */
const isBase64Unit = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f

/** Standard, padded base64, checked unit by unit: a 6 MB body is no place for a backtracking pattern. */
const isPaddedBase64 = (text: string): boolean => {
  if (text.length % 4 !== 0) return false
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  for (let i = 0; i < text.length - padding; i++) if (!isBase64Unit(text.charCodeAt(i))) return false
  return true
}

const kindOf = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null
    const name = proto?.constructor?.name
    return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`
  return `a ${typeof value}`
}

const isPlainObject = (value: unknown): value is Obj => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const messageOf = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return 'an unprintable value'
  }
}

const forbiddenChar = (text: string, pattern: RegExp): string | undefined => {
  const match = pattern.exec(text)
  if (match === null) return undefined
  const code = text.charCodeAt(match.index)
  const names: Record<number, string> = { 0: 'NUL', 9: 'HTAB', 10: 'LF', 13: 'CR' }
  return `${names[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`} at ${match.index}`
}

const isNoBodyStatus = (code: unknown): boolean =>
  typeof code === 'number' && ((code >= 100 && code < 200) || code === 204 || code === 304)

// ---------------------------------------------------------------------------------------------------
// The judge

/**
 * Every way `result` breaks the strict contract of `door` (CONTRACT.md), one sentence each, naming the
 * key or header at fault; `[]` when the front door accepts it exactly. It never throws: a result that
 * cannot be read (a throwing getter, a Proxy, a cycle) is itself a violation.
 *
 * @example
 * violations({ statusCode: 200, body: {} }, 'rest') // ['body: must be a string or absent, not an Object']
 */
export const violations = (result: unknown, door: Door): string[] => {
  const out: string[] = []
  try {
    const model = Object.hasOwn(MODELS, door) ? MODELS[door] : undefined
    if (model === undefined) return [`door: unknown front door ${JSON.stringify(String(door))}`]
    judge(result, door, model, out)
  } catch (error) {
    out.push(`result: could not be read (${messageOf(error)})`)
  }
  return out
}

/** Whether JSON.stringify sends a key holding `value` (it leaves out undefined, functions and symbols). */
const sentByJson = (value: unknown): boolean =>
  value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'

const judge = (result: unknown, door: Door, model: Model, out: string[]): void => {
  if (!isPlainObject(result)) {
    out.push(`result: must be a plain object such as { statusCode, body }, not ${kindOf(result)}`)
    return
  }
  // The keys JSON sends (own, enumerable, strings, and not holding undefined, a function or a symbol,
  // which JSON.stringify leaves out): the Lambda runtime hands the front door the result as JSON.
  const keys = Object.keys(result)
  for (const key of keys) {
    if (sentByJson(result[key]) && !model.keys.includes(key)) {
      out.push(`unknown key "${key}": the ${door} front door knows only ${model.keys.join(', ')}`)
    }
  }
  const has = (key: string): boolean => keys.includes(key) && result[key] !== undefined
  const statusCode = result.statusCode
  const isBase64Encoded = result.isBase64Encoded
  const body = result.body

  // "always send statusCode"; "an integer 100–599".
  if (statusCode === undefined) out.push('statusCode: missing (always send it)')
  else if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    out.push(`statusCode: must be an integer from 100 to 599, not ${kindOf(statusCode)}`)
  }

  if (model.required !== undefined) {
    // ALB: "must include the Base64 encoding status, status code, status description, and headers".
    const description = result.statusDescription
    if (description === undefined) out.push(`statusDescription: missing (required on ${door})`)
    else if (typeof description !== 'string') {
      out.push(`statusDescription: must be a string such as "200 OK", not ${kindOf(description)}`)
    } else {
      const prefix = `${String(statusCode)} `
      const reason = description.slice(prefix.length)
      const bad = forbiddenChar(description, FORBIDDEN_IN_REASON)
      // RFC 9110 lets a reason phrase hold spaces, but one made only of them says nothing.
      if (!description.startsWith(prefix) || reason.trim() === '') {
        out.push(
          `statusDescription: must be the code, one space and a reason phrase ("${String(statusCode)} OK"), not ${JSON.stringify(description)}`,
        )
      }
      if (bad !== undefined) out.push(`statusDescription: holds a control character (${bad})`)
    }
    if (isBase64Encoded === undefined) out.push(`isBase64Encoded: missing (required on ${door})`)
    if (!has(model.required)) out.push(`${model.required}: missing (required on ${door})`)
  }
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    out.push(`isBase64Encoded: must be a boolean, not ${kindOf(isBase64Encoded)}`)
  }

  // Headers. Only the maps this front door knows are read: the others are unknown keys already.
  const contentLengths: string[] = []
  for (const key of ['headers', 'multiValueHeaders'] as const) {
    if (!model.keys.includes(key) || !has(key)) continue
    judgeHeaders(result[key], key, door, model, out, contentLengths)
  }

  // Cookies, payload 2.0 and function URLs: "Each cookies entry becomes one set-cookie header".
  if (model.cookies === 'array' && has('cookies')) {
    const cookies = result.cookies
    if (!Array.isArray(cookies)) out.push(`cookies: must be an array of strings, not ${kindOf(cookies)}`)
    else {
      for (let i = 0; i < cookies.length; i++) {
        const cookie: unknown = cookies[i]
        if (typeof cookie !== 'string') out.push(`cookies[${i}]: must be a string, not ${kindOf(cookie)}`)
        else {
          const bad = forbiddenChar(cookie, FORBIDDEN_IN_VALUE)
          if (bad !== undefined) out.push(`cookies[${i}]: holds a character no header may carry (${bad})`)
        }
      }
    }
  }

  // Body: "body a string (or absent)"; RFC 9110: no content in 1xx, 204 and 304 responses.
  let bodyBytes: number | undefined = 0
  if (body !== undefined) {
    if (typeof body !== 'string') {
      out.push(`body: must be a string or absent, not ${kindOf(body)}`)
      bodyBytes = undefined
    } else {
      if (body !== '' && isNoBodyStatus(statusCode)) {
        out.push(`body: must be empty on a ${String(statusCode)} response`)
      }
      if (isBase64Encoded === true) {
        // "Invalid base64 with isBase64Encoded: true → 500".
        if (!isPaddedBase64(body)) {
          out.push('body: isBase64Encoded is true but the body is not standard padded base64')
          bodyBytes = undefined
        } else bodyBytes = Buffer.from(body, 'base64').length
      } else bodyBytes = Buffer.byteLength(body, 'utf8')
    }
  }

  // "A result never carries a Content-Length that differs from the bytes of the body actually sent."
  if (contentLengths.length > 0) {
    if (isNoBodyStatus(statusCode)) {
      out.push(`Content-Length: must be absent on a ${String(statusCode)} response`)
    } else {
      if (contentLengths.length > 1) {
        out.push(`Content-Length: given ${contentLengths.length} times (${contentLengths.join(' / ')})`)
      }
      for (const value of contentLengths) {
        if (bodyBytes !== undefined && value !== String(bodyBytes)) {
          out.push(`Content-Length: says ${JSON.stringify(value)} but the body sent is ${bodyBytes} bytes`)
        }
      }
    }
  }

  // "Response over 6,291,556 bytes of serialized result → 502"; ALB: "a result over 1 MB".
  let serialized: string | undefined
  try {
    serialized = JSON.stringify(result)
  } catch (error) {
    out.push(`result: cannot be serialized as JSON (${messageOf(error)})`)
  }
  if (serialized !== undefined) {
    const bytes = Buffer.byteLength(serialized, 'utf8')
    if (bytes > model.limit) {
      out.push(
        `size: the serialized result is ${bytes} bytes, over the ${door} limit of ${model.limit} bytes`,
      )
    }
  }
}

const judgeHeaders = (
  map: unknown,
  key: 'headers' | 'multiValueHeaders',
  door: Door,
  model: Model,
  out: string[],
  contentLengths: string[],
): void => {
  const multi = key === 'multiValueHeaders'
  if (!isPlainObject(map)) {
    out.push(`${key}: must be a plain object of ${multi ? 'string arrays' : 'strings'}, not ${kindOf(map)}`)
    return
  }
  const spellings = new Map<string, string>()
  for (const name of Object.keys(map)) {
    const where = `${key}[${JSON.stringify(name)}]`
    const lower = name.toLowerCase()
    const value = map[name]
    // A header JSON leaves out never reaches the front door.
    if (!sentByJson(value)) continue
    if (!TOKEN.test(name)) out.push(`${where}: the name is not an RFC 9110 token`)
    const first = spellings.get(lower)
    if (first !== undefined) out.push(`${key}: "${first}" and "${name}" are two spellings of one header`)
    else spellings.set(lower, name)
    if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-')) {
      out.push(`${where}: hop-by-hop header, meaningless in a Lambda result`)
    }
    let values: string[] = []
    if (multi) {
      if (!Array.isArray(value) || value.length === 0) {
        out.push(`${where}: must be a non-empty array of strings, not ${kindOf(value)}`)
      } else {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i]
          if (typeof item !== 'string')
            out.push(`${where}[${i}]: the value must be a string, not ${kindOf(item)}`)
          else values.push(item)
        }
      }
    } else if (typeof value !== 'string')
      out.push(`${where}: the value must be a string, not ${kindOf(value)}`)
    else values = [value]
    for (const text of values) {
      const bad = forbiddenChar(text, FORBIDDEN_IN_VALUE)
      if (bad !== undefined) out.push(`${where}: the value holds a character no header may carry (${bad})`)
    }
    if (lower === 'content-length') contentLengths.push(...values)
    if (lower === 'set-cookie') {
      if (model.cookies === 'array') {
        // Function URLs: "Don't manually add set-cookie headers… include the cookies in your response payload object".
        out.push(`${where}: payload 2.0 sends cookies in the cookies array, never as a header`)
      } else if (!multi) {
        // One value per name reaches the client: a joined list is one broken cookie (CONTRACT.md, ALB).
        for (const text of values) {
          if (COOKIE_LIST.test(text)) {
            out.push(
              `${where}: a comma-joined list of cookies; ${door} sends one Set-Cookie value per name${model.cookies === 'multi' ? ' (several go in multiValueHeaders)' : ''}`,
            )
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Helpers for tests

/** JSON of any value for a message: bigints shown, cycles and throwing getters survived, truncated. */
const printable = (value: unknown, max = 1500): string => {
  let text: string
  try {
    const seen = new WeakSet<object>()
    text =
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[cycle]'
          seen.add(v)
        }
        return v
      }) ?? String(value)
  } catch (error) {
    text = `[unserializable: ${messageOf(error)}]`
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
}

/**
 * Throws an Error listing every violation of `door`'s contract and the result (truncated), unless the
 * front door accepts `result` exactly. Synchronous, so it works in uvu tests and fast-check predicates.
 *
 * @example
 * assertContract(await invoke(() => 'hi', event), doorOf(event) ?? 'rest')
 */
export const assertContract = (result: unknown, door: Door, label?: string): void => {
  const found = violations(result, door)
  if (found.length === 0) return
  const head = label === undefined ? '' : `${label}: `
  throw new Error(
    `${head}the ${door} front door would not accept this result:\n  - ${found.join('\n  - ')}\nresult: ${printable(result)}`,
  )
}

/**
 * The bytes a caller receives as the body of `result`: base64-decoded when `isBase64Encoded` is true,
 * UTF-8 otherwise, empty when there is no body. Throws when the body is neither a string nor absent.
 *
 * @example
 * decodedBody({ statusCode: 200, body: 'aGk=', isBase64Encoded: true }).toString() // 'hi'
 */
export const decodedBody = (result: unknown): Buffer => {
  if (!isObj(result)) throw new TypeError(`not a result: ${kindOf(result)}`)
  const body = result.body
  if (body === undefined || body === null) return Buffer.alloc(0)
  if (typeof body !== 'string') throw new TypeError(`the body is ${kindOf(body)}, not a string`)
  return result.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8')
}

/** Every string of a value, keys included, with where it was found; cycles and throwing getters skipped. */
const stringsOf = (value: unknown, path: string, out: Array<[string, string]>, seen: Set<object>): void => {
  if (typeof value === 'string') {
    out.push([path, value])
    return
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  let keys: string[]
  try {
    keys = Object.keys(value)
  } catch {
    return
  }
  for (const key of keys) {
    out.push([`${path} (a key)`, key])
    let item: unknown
    try {
      item = (value as Obj)[key]
    } catch {
      continue
    }
    stringsOf(item, path === '' ? key : `${path}.${key}`, out, seen)
  }
}

/**
 * Where any of `secrets` appears in `result`: in any key or string value, in the JSON the front door
 * receives, or in the decoded bytes of a base64 body (as UTF-8 and as Latin-1). `[]` when none does.
 * Empty secrets are ignored.
 *
 * @example
 * assert.equal(noLeak(result, [error.message, error.stack ?? '']), [])
 */
export const noLeak = (result: unknown, secrets: readonly string[]): string[] => {
  const texts: Array<[string, string]> = []
  stringsOf(result, '', texts, new Set())
  texts.push(['the serialized result', printable(result, Number.POSITIVE_INFINITY)])
  try {
    if (isObj(result) && result.isBase64Encoded === true) {
      const bytes = decodedBody(result)
      texts.push(
        ['the decoded body (UTF-8)', bytes.toString('utf8')],
        ['the decoded body (Latin-1)', bytes.toString('latin1')],
      )
    }
  } catch {
    // A body that is not a string is a contract violation, not a leak: its strings were walked above.
  }
  const out: string[] = []
  for (const secret of secrets) {
    if (secret === '') continue
    const found = texts.find(([, text]) => text.includes(secret))
    if (found !== undefined)
      out.push(`the secret ${JSON.stringify(secret.slice(0, 60))} appears in ${found[0] || 'the result'}`)
  }
  return out
}
