// From whatever a handler returns to the result one front door accepts: a value is told once
// (kinds.ts), taken into a draft by one path per kind, and the draft is given the front door's shape.
import { isBase64, isSent, type Sink } from './check.js'
import { type Door, keyBit } from './doors.js'
import { ProxyResponseError } from './errors.js'
import {
  cookiesIn,
  HOP,
  headerEntries,
  headerTexts,
  isHeaderValue,
  nameOf,
  putHeader,
  SET_COOKIE,
} from './headers.js'
import { isBytes, isPlainObject, kindOf, read } from './kinds.js'
import { bodyBytes } from './size.js'
import { forbidsBody, isStatusCode, isStatusLine, reasonPhrase } from './status.js'
import type { ProxyResult } from './types.js'

/** A response on its way out: what the handler meant, before it takes the shape of a front door. */
export type Draft = {
  statusCode: number
  statusDescription?: string | undefined
  /** By lower-cased name: the first spelling and the values; `Set-Cookie` lives in `cookies` instead. */
  headers: Map<string, [name: string, values: string[]]>
  cookies: string[]
  /** The first spelling of Set-Cookie the handler used. */
  cookieName?: string
  body: string
  base64?: boolean
  /** The body is JSON text or base64: no control character, no lone surrogate (see size.ts). */
  jsonSafe?: boolean
  /** In streaming mode, the stream to pipe as the body. */
  stream?: unknown
}

export const newDraft = (statusCode: number): Draft => ({
  statusCode,
  headers: new Map(),
  cookies: [],
  body: '',
})

/** Sets one header, keeping the spelling the draft already has for it; `soft` leaves one already set. */
export const setHeader = (draft: Draft, name: string, value: string, soft?: boolean): void => {
  const lower = name.toLowerCase()
  const known = draft.headers.get(lower)
  if (!soft || !known) draft.headers.set(lower, [known?.[0] ?? name, [value]])
}

/** The values of a draft's header, joined. */
export const headerOf = (draft: Draft, lower: string): string =>
  draft.headers.get(lower)?.[1].join(', ') ?? ''

/** What the normalizer needs besides the value: the front door, where repairs go, and the mode. */
export type Context = {
  door: Door
  sink: Sink
  streaming: boolean
  /** The response to a returned `Error`, built as for a thrown one. */
  errorDraft: (error: unknown) => Draft
}

type Pending = void | Promise<void>

const settle = (draft: Draft, pending: Pending): Draft | Promise<Draft> =>
  pending ? pending.then(() => draft) : draft

/** Takes any value a handler returns into a draft: a promise only when something must be awaited or read. */
export const toDraft = (value: unknown, context: Context): Draft | Promise<Draft> => {
  const { sink } = context
  const kind = kindOf(value)
  switch (kind) {
    case 'result':
      return fromResult(value as Record<string, unknown>, context)
    case 'response':
      return fromResponse(value as Response, context)
    case 'error':
      sink('error-returned', '')
      return context.errorDraft(value)
    case 'promise':
      sink('promise-awaited', '')
      return Promise.resolve(value).then((settled) => toDraft(settled, context))
  }
  if (value === undefined) return newDraft(204)
  const draft = newDraft(200)
  if (typeof value !== 'string') return settle(draft, setBody(draft, value, '', context, kind))
  draft.body = value
  setHeader(draft, 'Content-Type', 'text/plain; charset=utf-8')
  return draft
}

/** Sets a body that is not a string: bytes as base64, a stream read (or kept, to stream), anything else as JSON. */
const setBody = (
  draft: Draft,
  body: unknown,
  path: string,
  context: Context,
  kind = kindOf(body),
): Pending => {
  switch (kind) {
    case 'promise':
      context.sink('promise-awaited', path)
      return Promise.resolve(body).then((settled) => placeBody(draft, settled, context))
    case 'bytes':
      // Bytes a handler holds are sent as they are, base64, whatever the content type says.
      setHeader(draft, 'Content-Type', 'application/octet-stream', true)
      return setBytes(draft, toBuffer(body as ArrayBufferView), false)
    case 'stream':
      if (context.streaming) {
        draft.stream = body
        return
      }
      setHeader(draft, 'Content-Type', 'application/octet-stream', true)
      return readStream(body as AsyncIterable<unknown>, context.door.limit).then((bytes) =>
        setBytes(draft, bytes),
      )
  }
  draft.body = toJson(body, path)
  draft.jsonSafe = true
  draft.base64 = false
  setHeader(draft, 'Content-Type', 'application/json', true)
  // Map, Set and class instances without enumerable fields serialize as {}: their content is lost.
  if (draft.body === '{}' && !isPlainObject(body)) context.sink('body-json-empty', path)
}

/** Sets the `body` of a result, whatever it holds. */
const placeBody = (draft: Draft, body: unknown, context: Context): Pending => {
  if (typeof body !== 'string') {
    draft.base64 = false
    if (body === null) context.sink('body-null', 'body')
    // An object or binary body is Middy's convention (http-response-serializer, http-content-encoding).
    return body === null || body === undefined ? undefined : setBody(draft, body, 'body', context)
  }
  draft.body = body
  if (draft.base64 && !isBase64(body)) {
    context.sink('base64-invalid', 'body')
    draft.base64 = false
  }
}

const toBuffer = (bytes: ArrayBufferView | ArrayBuffer): Buffer =>
  ArrayBuffer.isView(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : Buffer.from(bytes)

/** `JSON.stringify`, with every way it can fail turned into a `ProxyResponseError`. */
export const toJson = (value: unknown, path: string): string => {
  let json: string | undefined
  let cause: unknown
  try {
    json = JSON.stringify(value)
  } catch (error) {
    cause = error
  }
  if (json === undefined) {
    throw new ProxyResponseError(
      'unserializable',
      `${path || 'the result'} (${typeof value}) has no JSON form`,
      {
        cause,
      },
    )
  }
  return json
}

// Bodies that are UTF-8 text travel as text; anything else (images, archives, compressed or unknown
// content) as base64, so that no byte is altered on the way.
const TEXT =
  /^(?:text\/|application\/(?:[\w.+-]*[+/])?(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson|csv)\b)/i
const CHARSET = /;\s*charset\s*=\s*"?([\w-]*)/i

/**
 * Sets a body of bytes: as text when `asText` allows it, the draft's content type says UTF-8 text
 * and the bytes are UTF-8 (so that no byte changes on the way), else as base64.
 */
const setBytes = (draft: Draft, bytes: Buffer, asText = true): void => {
  const type = headerOf(draft, 'content-type')
  const text =
    asText &&
    TEXT.test(type) &&
    /^utf-?8$/i.test(CHARSET.exec(type)?.[1] ?? 'utf8') &&
    !headerOf(draft, 'content-encoding') &&
    process.getBuiltinModule('node:buffer').isUtf8(bytes)
  draft.body = bytes.toString(text ? 'utf8' : 'base64')
  draft.base64 = draft.jsonSafe = !text
}

/** Reads a stream to its end, stopping as soon as it holds more than `limit` bytes: no partial body is ever sent. */
const readStream = async (stream: AsyncIterable<unknown>, limit: number): Promise<Buffer> => {
  const chunks: Buffer[] = []
  let size = 0
  try {
    // Leaving the loop early destroys a Node stream and cancels a web one.
    for await (const chunk of stream) {
      if (typeof chunk !== 'string' && !isBytes(chunk)) throw new Error('a chunk is not bytes')
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : toBuffer(chunk)
      size += bytes.length
      if (size > limit) throw new ProxyResponseError('too-large', `the stream passed ${limit} bytes`)
      chunks.push(bytes)
    }
  } catch (cause) {
    throw cause instanceof ProxyResponseError
      ? cause
      : new ProxyResponseError('unserializable', 'the stream failed', { cause })
  }
  return Buffer.concat(chunks)
}

/** Reads a web `Response`: its status, every header and cookie, and its body as text or base64. */
const fromResponse = async (response: Response, { door, sink }: Context): Promise<Draft> => {
  const { status, statusText } = response
  const draft = newDraft(isStatusCode(status) ? status : 500)
  if (draft.statusCode !== status) sink('status-invalid', 'status')
  addHeaders(draft, response.headers, 'headers', sink)
  if (door.keys.includes('statusDescription') && statusText) {
    setDescription(draft, `${draft.statusCode} ${statusText}`)
  }
  if (response.body !== null) {
    let bytes: ArrayBuffer
    try {
      bytes = await response.arrayBuffer()
    } catch (cause) {
      throw new ProxyResponseError('unserializable', 'the Response body could not be read', { cause })
    }
    setBytes(draft, Buffer.from(bytes))
  }
  return draft
}

/** Keeps a status description that matches the status and can be sent; answers whether it did. */
const setDescription = (draft: Draft, description: unknown): boolean => {
  const fits = isStatusLine(description, draft.statusCode)
  if (fits) draft.statusDescription = description
  return fits
}

/** Repairs a returned proxy result: what each key holds, and what the front door wants it to hold. */
const fromResult = (result: Record<string, unknown>, context: Context): Draft | Promise<Draft> => {
  const { door, sink } = context
  const status = read(result, 'statusCode')
  const number = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status
  const draft = newDraft(isStatusCode(number) ? number : status === undefined ? 200 : 500)
  if (status !== draft.statusCode) {
    sink(
      status === undefined
        ? 'status-missing'
        : number === draft.statusCode
          ? 'status-coerced'
          : 'status-invalid',
      'statusCode',
    )
  }
  // Keys that another front door takes (cookies, multiValueHeaders, statusDescription…) are the shape
  // of a result written for several front doors: adapting them is the job, not a repair.
  for (const key of Object.keys(result))
    if (keyBit(key) === 0 && isSent(read(result, key))) sink('unknown-key', key)
  addHeaders(draft, read(result, 'headers'), 'headers', sink)
  addHeaders(draft, read(result, 'multiValueHeaders'), 'multiValueHeaders', sink)
  addCookies(
    draft,
    headerTexts(read(result, 'cookies'), () => sink('cookie-invalid', 'cookies')),
    'cookies',
    sink,
  )
  const flag = read(result, 'isBase64Encoded')
  draft.base64 = flag === true || flag === 'true' || flag === 1
  if (flag !== undefined && typeof flag !== 'boolean') sink('base64-flag-invalid', 'isBase64Encoded')
  const description = read(result, 'statusDescription')
  if (
    door.keys.includes('statusDescription') &&
    description !== undefined &&
    !setDescription(draft, description)
  ) {
    sink('status-description-invalid', 'statusDescription')
  }
  const body = read(result, 'body')
  if (forbidsBody(draft.statusCode) && body !== undefined && body !== null && body !== '') {
    sink('body-forbidden', 'body')
  }
  return settle(draft, placeBody(draft, body, context))
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
    sink('headers-invalid', path)
    return
  }
  const seen = new Set<string>()
  for (const [name, value] of entries) {
    const at = `${path}.${name}`
    const info = nameOf(name)
    if (info === undefined || info.kind === HOP) {
      sink(info ? 'header-hop-by-hop' : 'header-name-invalid', at)
      continue
    }
    let values: string[]
    if (typeof value === 'string' && path === 'headers' && isHeaderValue(value)) values = [value]
    else {
      let rejected = false
      values = headerTexts(value, () => {
        rejected = true
        sink('header-value-invalid', at)
      })
      if (path === 'multiValueHeaders' && !Array.isArray(value) && value !== undefined && value !== null) {
        sink('multi-value-not-array', at)
      } else if (
        !rejected &&
        values.length > 0 &&
        ![value].flat().every((text) => typeof text === 'string')
      ) {
        sink('header-value-coerced', at)
      }
    }
    const { lower } = info
    if (info.kind === SET_COOKIE) {
      draft.cookieName ??= name
      addCookies(draft, values, at, sink)
      continue
    }
    const known = draft.headers.get(lower)
    if (seen.has(lower)) {
      sink('header-duplicate', at)
      draft.headers.delete(lower)
    }
    seen.add(lower)
    const merged = draft.headers.get(lower)?.[1] ?? []
    for (const item of values) if (!merged.includes(item)) merged.push(item)
    if (merged.length > 0) draft.headers.set(lower, [known?.[0] ?? name, merged])
  }
}

/** Adds cookies, each once; a comma-joined list becomes the cookies it holds. */
const addCookies = (draft: Draft, values: string[], path: string, sink: Sink): void => {
  for (const value of values) {
    const cookies = cookiesIn(value)
    if (cookies.length > 1) sink('cookie-list-split', path)
    for (const cookie of cookies) if (!draft.cookies.includes(cookie)) draft.cookies.push(cookie)
  }
}

/**
 * Gives a draft the exact shape of one front door (CONTRACT.md, "Headers"): every key the front door
 * takes, in the order of doors.ts, and nothing else. A Content-Length the handler gave is set to the
 * bytes of the body sent, and left out of a status without a body: it is the front door's to compute.
 */
export const emit = (draft: Draft, door: Door, sink: Sink): ProxyResult => {
  const { statusCode, cookies, headers } = draft
  const body = forbidsBody(statusCode) ? '' : draft.body
  const length = headers.get('content-length')
  const bytes =
    length && !forbidsBody(statusCode) ? String(bodyBytes(body, draft.base64 === true)) : undefined
  if (length && (length[1].length !== 1 || length[1][0] !== bytes)) {
    sink('content-length-corrected', `headers.${length[0]}`)
    if (bytes === undefined) headers.delete('content-length')
    else length[1] = [bytes]
  }
  const result: ProxyResult = { statusCode }
  if (door.keys.includes('statusDescription')) {
    result.statusDescription = draft.statusDescription ?? `${statusCode} ${reasonPhrase(statusCode)}`
  }
  const single: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  for (const [name, values] of headers.values()) {
    if (door.headers === 'multiValueHeaders' || (door.headers === 'both' && values.length > 1)) {
      putHeader(multi, name, values)
    } else putHeader(single, name, values.join(', '))
  }
  if (cookies.length > 0) {
    const name = draft.cookieName ?? 'Set-Cookie'
    if (door.cookies === 'multiValueHeaders') putHeader(multi, name, cookies)
    else if (door.cookies === 'headers') {
      // Without multi-value headers only one value per name reaches the client, and a comma-joined
      // list of cookies is not a cookie (an Expires date holds a comma): the first one is sent.
      putHeader(single, name, cookies[0] as string)
      if (cookies.length > 1) sink('cookies-dropped', 'cookies')
    }
  }
  if (door.keys.includes('headers')) result.headers = single
  if (door.keys.includes('multiValueHeaders')) result.multiValueHeaders = multi
  if (door.keys.includes('cookies')) result.cookies = cookies
  result.body = body
  result.isBase64Encoded = body !== '' && draft.base64 === true
  return result
}

/**
 * The result Middy's `executionModeStreamifyResponse` writes: `statusCode`, `headers` and the cookies
 * go to the prelude (`HttpResponseStream.from`), the body — a string or a stream, never base64, and
 * under no size limit — to the response stream.
 */
export const emitStreamed = (draft: Draft, door: Door): Record<string, unknown> => {
  const { statusCode, cookies } = draft
  const headers: Record<string, string> = {}
  for (const [name, values] of draft.headers.values()) putHeader(headers, name, values.join(', '))
  const result: Record<string, unknown> = { statusCode, headers }
  if (door.cookies === 'cookies') result.cookies = cookies
  else if (cookies.length > 0) result.multiValueHeaders = { [draft.cookieName ?? 'Set-Cookie']: cookies }
  // node:stream is loaded only here: importing it costs milliseconds of cold start.
  result.body = forbidsBody(statusCode)
    ? ''
    : (draft.stream ??
      (draft.base64
        ? process.getBuiltinModule('node:stream').Readable.from([Buffer.from(draft.body, 'base64')])
        : draft.body))
  return result
}
