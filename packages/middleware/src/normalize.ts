import { keyBit, type Profile } from './doors.js'
import { headerEntries, headerKey, headerValues, isHeaderValue, putHeader } from './headers.js'
import { sizeOver } from './size.js'
import { forbidsBody, isStatusCode, reasonPhrase } from './status.js'
import type { ProxyResult } from './types.js'
import { isBase64, type Sink } from './validate.js'

/**
 * Thrown inside the middleware when a result cannot be sent at all (it cannot be serialized, or it is
 * over the front door's size limit). It travels through Middy's `onError` stack like a handler's
 * error, so other middlewares (CORS, loggers) see it, and it becomes a 500 that exposes nothing.
 */
export class ProxyResponseError extends Error {
  override name = 'ProxyResponseError'
  readonly statusCode = 500
  readonly expose = false
  constructor(
    readonly code: 'unserializable' | 'too-large' | 'stream' | 'internal',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** One header: its first spelling, its values, and the map (`headers`, …) that set it last. */
type HeaderEntry = { name: string; values: string[]; from: string }

/** A response on its way out: what the handler meant, before it takes the shape of a front door. */
export type Draft = {
  statusCode: number
  statusDescription: string | undefined
  /** By lower-cased name; `Set-Cookie` lives in `cookies` instead. */
  headers: Map<string, HeaderEntry>
  cookieName: string
  cookies: string[]
  body: string
  isBase64Encoded: boolean
  /** The body is JSON text or base64: no control characters, no lone surrogates. */
  plain: boolean
}

export const newDraft = (statusCode: number): Draft => ({
  statusCode,
  statusDescription: undefined,
  headers: new Map(),
  cookieName: 'Set-Cookie',
  cookies: [],
  body: '',
  isBase64Encoded: false,
  plain: false,
})

export const noSink: Sink = () => {}

/** Reads a property that may be a throwing getter or sit behind a `Proxy`: a failed read is no value. */
export const read = (target: unknown, key: string): unknown => {
  try {
    return (target as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

const isBinary = (value: unknown): value is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer

const toBase64 = (value: ArrayBufferView | ArrayBuffer): string =>
  (ArrayBuffer.isView(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : Buffer.from(value)
  ).toString('base64')

// Duck-typed rather than `instanceof Response`: reading the global `Response` makes Node load its
// fetch implementation, tens of milliseconds on a cold start, and a Response from another fetch
// implementation or realm is welcome too.
/** A web `Response`: an object with `status`, `headers.get()` and `arrayBuffer()`. */
export const isResponseLike = (value: unknown): value is Response =>
  typeof value === 'object' &&
  value !== null &&
  typeof read(value, 'arrayBuffer') === 'function' &&
  typeof read(value, 'status') === 'number' &&
  typeof read(read(value, 'headers'), 'get') === 'function'

/** A Node stream or a web ReadableStream. */
export const isStream = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (typeof read(value, 'getReader') === 'function' ||
    (typeof read(value, 'pipe') === 'function' && typeof read(value, 'on') === 'function'))

// What each result key holds when an object is a proxy result rather than a body that happens to use
// the same words, such as `{ cookies: { theme: 'dark' } }`.
const plausible: Record<string, (value: unknown) => boolean> = {
  statusCode: () => true,
  body: () => true,
  headers: (value) => value === undefined || (typeof value === 'object' && !Array.isArray(value)),
  multiValueHeaders: (value) => value === undefined || (typeof value === 'object' && !Array.isArray(value)),
  cookies: (value) => value === undefined || Array.isArray(value) || typeof value === 'string',
  isBase64Encoded: (value) => value === undefined || typeof value === 'boolean',
  statusDescription: (value) => value === undefined || typeof value === 'string',
}

/**
 * Whether a returned value is a proxy result to repair, rather than a body to wrap in one: an object
 * with `statusCode`, or one made only of result keys, each holding what such a key holds.
 */
export const isResultShape = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isBinary(value)) return false
  if ('statusCode' in value) return true
  const keys = Object.keys(value)
  return (
    keys.length > 0 && keys.every((key) => keyBit(key) !== 0 && plausible[key]?.(read(value, key)) === true)
  )
}

/** `JSON.stringify`, with every way it can fail turned into a `ProxyResponseError`. */
export const toJson = (value: unknown, what: string): string => {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (cause) {
    throw new ProxyResponseError(
      'unserializable',
      `${what} cannot be serialized as JSON: ${describe(cause)}`,
      {
        cause,
      },
    )
  }
  if (typeof json !== 'string') {
    throw new ProxyResponseError('unserializable', `${what} is a ${typeof value} that JSON cannot represent.`)
  }
  return json
}

const describe = (error: unknown): string => {
  const message = read(error, 'message')
  return typeof message === 'string' ? message : String(typeof error)
}

const setDefault = (draft: Draft, name: string, value: string): void => {
  if (!draft.headers.has(name.toLowerCase()))
    draft.headers.set(name.toLowerCase(), { name, values: [value], from: '' })
}

/** Sets one header, keeping the spelling the draft already has for it. */
export const setHeader = (draft: Draft, name: string, value: string): void => {
  const lower = name.toLowerCase()
  draft.headers.set(lower, { name: draft.headers.get(lower)?.name ?? name, values: [value], from: '' })
}

const describeValue = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (isBinary(value)) return 'binary data'
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`
}

/**
 * Adds a header collection to the draft. Two spellings of a name within one map are one header (the
 * later wins, as with object spread); a name given in both `headers` and `multiValueHeaders` keeps
 * the values of both, as API Gateway merges them. Set-Cookie values are kept apart, all of them.
 */
export const addHeaders = (draft: Draft, raw: unknown, path: string, sink: Sink): void => {
  if (raw === undefined || raw === null) return
  const entries = headerEntries(raw)
  if (entries === undefined) {
    sink('headers-invalid', path, `${path} was ${describeValue(raw)}, not an object: it was left out.`)
    return
  }
  for (const [name, value] of entries) {
    const lower = headerKey(name)
    if (lower === undefined) {
      sink(
        'header-name-invalid',
        `${path}.${name}`,
        `"${name}" is not a valid header name: the header was left out.`,
      )
      continue
    }
    // Strings are the common case: checked inline, without the coercions below.
    let values: string[]
    if (typeof value === 'string' && path === 'headers') {
      if (isHeaderValue(value)) values = [value]
      else {
        rejectValue(sink, `${path}.${name}`, value, 'characters')
        values = []
      }
    } else values = coerceValues(value, `${path}.${name}`, path, sink)
    if (lower === 'set-cookie') {
      if (draft.cookies.length === 0) draft.cookieName = name
      for (const cookie of values) if (!draft.cookies.includes(cookie)) draft.cookies.push(cookie)
      continue
    }
    const existing = draft.headers.get(lower)
    if (existing === undefined) {
      if (values.length > 0) draft.headers.set(lower, { name, values, from: path })
    } else if (existing.from === path) {
      sink(
        'header-duplicate',
        `${path}.${name}`,
        `"${name}" repeats "${existing.name}" in another spelling: the later value won.`,
      )
      if (values.length > 0) existing.values = values
      else draft.headers.delete(lower)
    } else {
      for (const item of values) if (!existing.values.includes(item)) existing.values.push(item)
      existing.from = path
    }
  }
}

const rejectValue = (sink: Sink, where: string, value: unknown, why: 'type' | 'characters'): void =>
  sink(
    'header-value-invalid',
    where,
    why === 'characters'
      ? `The header value ${JSON.stringify(value)} holds characters a header cannot carry (CR, LF, NUL or others): it was left out.`
      : `The header value was ${describeValue(value)}, which has no text form: it was left out.`,
  )

/** Any other raw header value: coerced, and each change reported. */
const coerceValues = (value: unknown, where: string, path: string, sink: Sink): string[] => {
  let rejected = false
  const values = headerValues(value, ({ value: bad, why }) => {
    rejected = true
    rejectValue(sink, where, bad, why)
  })
  if (value === null) sink('header-value-null', where, 'The header was null: it was left out.')
  else if (path === 'multiValueHeaders' && !Array.isArray(value) && value !== undefined) {
    sink(
      'multi-value-not-array',
      where,
      'A multiValueHeaders entry was not an array: it was sent as one value.',
    )
  } else if (!rejected && values.length > 0 && typeof value !== 'string' && !isStringArray(value)) {
    sink('header-value-coerced', where, `The header value was ${describeValue(value)}: it was sent as text.`)
  }
  return values
}

const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

const coerceStatus = (raw: unknown, sink: Sink): number => {
  if (isStatusCode(raw)) return raw
  if (raw === undefined) {
    sink('status-missing', 'statusCode', 'The result had no statusCode: 200 was sent.')
    return 200
  }
  if (typeof raw === 'string' && /^\d{3}$/.test(raw) && isStatusCode(Number(raw))) {
    sink(
      'status-coerced',
      'statusCode',
      `statusCode was the string ${JSON.stringify(raw)}: it was sent as a number.`,
    )
    return Number(raw)
  }
  sink(
    'status-invalid',
    'statusCode',
    `statusCode was ${describeValue(raw)}, not an integer 100–599: 500 was sent.`,
  )
  return 500
}

const coerceBase64Flag = (raw: unknown, sink: Sink): boolean => {
  if (raw === undefined || typeof raw === 'boolean') return raw === true
  const flag = raw === 'true' || raw === 1
  sink(
    'base64-flag-invalid',
    'isBase64Encoded',
    `isBase64Encoded was ${describeValue(raw)}: it was sent as ${flag}.`,
  )
  return flag
}

/** Sets a non-string body: binary data as base64, anything else as JSON. */
const setBody = (draft: Draft, body: unknown, what: string): void => {
  if (isBinary(body)) {
    draft.body = toBase64(body)
    draft.plain = true
    draft.isBase64Encoded = true
    setDefault(draft, 'Content-Type', 'application/octet-stream')
    return
  }
  if (isStream(body)) {
    throw new ProxyResponseError(
      'stream',
      `${what} is a stream, which a buffered response cannot carry: return a string or a Buffer, or stream from a function URL or a REST API.`,
    )
  }
  draft.body = toJson(body, what)
  draft.plain = true
  draft.isBase64Encoded = false
  setDefault(draft, 'Content-Type', 'application/json')
}

/** Repairs a returned proxy result: what each key is, and what the front door wants it to be. */
export const fromResult = (result: Record<string, unknown>, profile: Profile, sink: Sink): Draft => {
  const draft = newDraft(coerceStatus(read(result, 'statusCode'), sink))
  // Keys that another front door knows (cookies, multiValueHeaders, statusDescription…) are the shape
  // of a result written for several front doors: adapting them is the job, not a repair.
  for (const key of Object.keys(result)) {
    if (keyBit(key) === 0) {
      sink('unknown-key', key, `The ${profile.frontDoor} front door takes no "${key}" key: it was left out.`)
    }
  }
  addHeaders(draft, read(result, 'headers'), 'headers', sink)
  addHeaders(draft, read(result, 'multiValueHeaders'), 'multiValueHeaders', sink)
  const cookies = read(result, 'cookies')
  if (cookies !== undefined && cookies !== null) {
    const values = headerValues(cookies, ({ value }) =>
      sink(
        'cookie-invalid',
        'cookies',
        `The cookie ${describeValue(value)} cannot be sent: it was left out.`,
      ),
    )
    for (const cookie of values) if (!draft.cookies.includes(cookie)) draft.cookies.push(cookie)
  }
  draft.isBase64Encoded = coerceBase64Flag(read(result, 'isBase64Encoded'), sink)
  const body = read(result, 'body')
  if (typeof body === 'string') {
    draft.body = body
    if (draft.isBase64Encoded && !isBase64(body)) {
      sink(
        'base64-invalid',
        'body',
        'isBase64Encoded was true but the body is not base64: it was sent as text.',
      )
      draft.isBase64Encoded = false
    }
  } else if (body === null) {
    sink('body-null', 'body', 'body was null: an empty body was sent.')
  } else if (body !== undefined) {
    // An object or binary body is Middy's convention (http-response-serializer, http-content-encoding).
    setBody(draft, body, 'The body')
  }
  if (profile.loadBalancer) {
    const description = read(result, 'statusDescription')
    if (
      typeof description === 'string' &&
      description.startsWith(`${draft.statusCode} `) &&
      isHeaderValue(description)
    ) {
      draft.statusDescription = description
    } else if (description !== undefined) {
      sink(
        'status-description-invalid',
        'statusDescription',
        `statusDescription ${describeValue(description)} does not match the status code: it was rewritten.`,
      )
    }
  }
  if (draft.body !== '' && forbidsBody(draft.statusCode)) {
    sink('body-forbidden', 'body', `A ${draft.statusCode} response has no body: the body was left out.`)
  }
  return draft
}

/** Wraps any other returned value as the body of a 200 (or a 204 for `undefined`). */
export const fromValue = (value: unknown): Draft => {
  if (value === undefined) return newDraft(204)
  const draft = newDraft(200)
  if (typeof value === 'string') {
    draft.body = value
    setDefault(draft, 'Content-Type', 'text/plain; charset=utf-8')
  } else setBody(draft, value, 'The returned value')
  return draft
}

// Bodies that are text in UTF-8 travel as text; anything else (images, archives, compressed or
// unknown content) as base64, so that no byte is altered on the way.
const TEXT_TYPE =
  /^(?:text\/|application\/(?:[\w.+-]*[+/])?(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson|csv)\b)/i
const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)/i

const isUtf8Text = (contentType: string | null, contentEncoding: string | null): boolean => {
  if (contentType === null || (contentEncoding !== null && contentEncoding !== 'identity')) return false
  const charset = CHARSET.exec(contentType)?.[1]?.toLowerCase()
  return TEXT_TYPE.test(contentType) && (charset === undefined || charset === 'utf-8' || charset === 'utf8')
}

/** Reads a web `Response`: its status, every header and cookie, and its body as text or base64. */
export const fromResponse = async (response: Response, profile: Profile, sink: Sink): Promise<Draft> => {
  const status = response.status
  const draft = newDraft(isStatusCode(status) ? status : 500)
  if (!isStatusCode(status))
    sink('status-invalid', 'status', `The Response had status ${status}: 500 was sent.`)
  addHeaders(draft, response.headers, 'headers', sink)
  if (profile.loadBalancer && typeof response.statusText === 'string' && response.statusText !== '') {
    const description = `${draft.statusCode} ${response.statusText}`
    if (isHeaderValue(description)) draft.statusDescription = description
  }
  if (response.body !== null) {
    let bytes: Buffer
    try {
      bytes = Buffer.from(await response.arrayBuffer())
    } catch (cause) {
      throw new ProxyResponseError(
        'unserializable',
        `The Response body could not be read: ${describe(cause)}`,
        {
          cause,
        },
      )
    }
    const headers = response.headers
    if (isUtf8Text(headers.get('content-type'), headers.get('content-encoding')))
      draft.body = bytes.toString('utf8')
    else if (bytes.length > 0) {
      draft.body = bytes.toString('base64')
      draft.plain = true
      draft.isBase64Encoded = true
    }
  }
  return draft
}

/**
 * Gives a draft the exact shape of one front door (see CONTRACT, "Headers"), and checks its size.
 * Keys come in one order, every key the front door knows is present, and nothing else is.
 */
export const emit = (draft: Draft, profile: Profile, sink: Sink): ProxyResult => {
  const { statusCode, cookies, cookieName } = draft
  const result: ProxyResult = { statusCode }
  let chars = 0
  if (profile.loadBalancer) {
    result.statusDescription = draft.statusDescription ?? `${statusCode} ${reasonPhrase(statusCode)}`
    chars += result.statusDescription.length
  }
  const shape = profile.headerShape
  const headers: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  for (const { name, values } of draft.headers.values()) {
    if (shape === 'multi' || (shape === 'both' && values.length > 1)) putHeader(multi, name, values)
    else putHeader(headers, name, values.length === 1 ? (values[0] as string) : values.join(', '))
    chars += name.length + values.length * 3 + 6
    for (const value of values) chars += value.length
  }
  if (cookies.length > 0) {
    for (const cookie of cookies) chars += cookie.length + 3
    if (profile.cookies === 'multi') putHeader(multi, cookieName, cookies)
    else if (profile.cookies === 'one') {
      // Without multi-value headers only one value per name reaches the client, and a comma-joined
      // list of cookies is not a cookie (an Expires date holds a comma), so the first one is sent.
      putHeader(headers, cookieName, cookies[0] as string)
      if (cookies.length > 1) {
        sink(
          'cookies-dropped',
          'cookies',
          `The ${profile.frontDoor} front door carries one Set-Cookie only: ${cookies.length - 1} cookie(s) were left out.`,
        )
      }
    }
  }
  if (shape !== 'multi') result.headers = headers
  if (shape !== 'single') result.multiValueHeaders = multi
  if (profile.cookies === 'cookies') result.cookies = cookies
  const body = forbidsBody(statusCode) ? '' : draft.body
  result.body = body
  result.isBase64Encoded = body === '' ? false : draft.isBase64Encoded
  const bytes = sizeOver(result, body, profile.limit, chars, draft.plain)
  if (bytes > 0) {
    throw new ProxyResponseError(
      'too-large',
      `The ${profile.frontDoor} result is ${bytes} bytes serialized, over the front door's limit of ${profile.limit} bytes.`,
    )
  }
  return result
}

// Loaded when first needed: importing node:stream costs milliseconds of cold start, and only binary
// bodies in streaming mode need it. (Buffer, a global, needs no import either.)
const streamOfBytes = (bytes: Buffer): unknown =>
  process.getBuiltinModule('node:stream').Readable.from([bytes])

/**
 * The result Middy's `executionModeStreamifyResponse` writes: `statusCode`, `headers` and the cookies
 * go to the prelude (`HttpResponseStream.from`), the body — a string or a stream, never base64, and
 * under no size limit — to the response stream.
 */
export const emitStreamed = (draft: Draft, profile: Profile, stream?: unknown): Record<string, unknown> => {
  const headers: Record<string, string> = {}
  for (const { name, values } of draft.headers.values()) putHeader(headers, name, values.join(', '))
  const result: Record<string, unknown> = { statusCode: draft.statusCode, headers }
  if (profile.cookies === 'cookies') result.cookies = draft.cookies
  else if (draft.cookies.length > 0) {
    const multi: Record<string, string[]> = {}
    putHeader(multi, draft.cookieName, draft.cookies)
    result.multiValueHeaders = multi
  }
  result.body =
    stream ??
    (forbidsBody(draft.statusCode)
      ? ''
      : draft.isBase64Encoded
        ? streamOfBytes(Buffer.from(draft.body, 'base64'))
        : draft.body)
  return result
}
