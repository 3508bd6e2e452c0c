// The arbitraries and properties of the bad-input hardening, defined once: `test/properties.test.ts`
// runs each with a few hundred runs as part of the normal suite, `test/fuzz/run.ts` with 100 000+.
// Every property runs the middleware as users do (`middy(handler).use(proxyResponse())`, Middy 7) on a
// real fixture event of every front door, and asserts on what the front door would receive.
import { Buffer } from 'node:buffer'
import { STATUS_CODES } from 'node:http'
import { Readable } from 'node:stream'
import { isDeepStrictEqual } from 'node:util'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import middy from '@middy/core'
import fc from 'fast-check'
import createHttpError from 'http-errors'
import {
  ALB_LIMIT,
  LAMBDA_LIMIT,
  type LogEntry,
  type ProxyResponseOptions,
  type ProxyResult,
  proxyResponse,
  type Repair,
} from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
import {
  cookiesOf,
  DOORS,
  eventFor,
  headerValuesOf,
  lambdaContext,
  MULTI_COOKIE_DOORS,
  safeJson,
  Thenable,
} from '../hardening/helpers.js'
import { assertContract, decodedBody, limitOf, noLeak, type ProxyDoor } from '../oracle/contract.js'

// ---------------------------------------------------------------------------------------------------
// Invoking the middleware

/** A value built afresh for each invocation (a web Response's body can be read only once). */
export class Fresh<T> {
  constructor(
    readonly label: string,
    readonly make: () => T,
  ) {}
  toString(): string {
    return this.label
  }
}

/**
 * A promise (or thenable) made afresh for each invocation, that reaches the middleware unawaited. Middy
 * awaits what a handler returns, so a bare promise gets there only when a middleware after it sets one
 * (a render step that forgot its `await`), or as a thenable a plain function returns.
 */
export class Unawaited extends Fresh<unknown> {}

const materialize = (value: unknown): unknown => (value instanceof Fresh ? value.make() : value)

const quiet: ProxyResponseOptions = { logger: false }

/** What a handler returning `value` answers on `frontDoor`; it must resolve, never reject. */
export const answer = async (
  frontDoor: ProxyDoor,
  value: unknown,
  options: ProxyResponseOptions = quiet,
): Promise<ProxyResult> => {
  const unawaited = value instanceof Unawaited
  const handler = middy(async () => (unawaited ? null : materialize(value))).use(proxyResponse(options))
  if (unawaited) {
    handler.use({
      after: (request) => {
        request.response = value.make()
      },
    })
  }
  return (await handler(eventFor(frontDoor), lambdaContext())) as ProxyResult
}

/** Options that keep what the middleware logs and reports, for properties that look at them. */
const listening = (extra: ProxyResponseOptions = {}) => {
  const logged: LogEntry[] = []
  const repairs: Repair[] = []
  const options: ProxyResponseOptions = {
    logger: (entry) => logged.push(entry),
    onRepair: (repair) => repairs.push(repair),
    ...extra,
  }
  return { options, logged, repairs }
}

/** What a handler throwing `thrown` answers on `frontDoor`; it must resolve, never reject. */
export const answerThrown = async (
  frontDoor: ProxyDoor,
  thrown: unknown,
  options: ProxyResponseOptions = quiet,
): Promise<ProxyResult> => {
  const handler = middy(async () => {
    throw materialize(thrown)
  }).use(proxyResponse(options))
  return (await handler(eventFor(frontDoor), lambdaContext())) as ProxyResult
}

const fail = (message: string): never => {
  throw new Error(message)
}

export const expectValid = (result: unknown, frontDoor: ProxyDoor): void => {
  const problems = validateProxyResult(result, frontDoor)
  if (problems.length > 0) {
    fail(`invalid ${frontDoor} result: ${safeJson(problems)}\nresult: ${safeJson(result).slice(0, 2000)}`)
  }
  assertContract(result, frontDoor)
}

const FORBIDDEN = /[\r\n\0]/

/** Every header name and value, cookie and status description of a result, as the front door sends them. */
export const sentStrings = (result: ProxyResult): string[] => {
  const out: string[] = []
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    // What JSON leaves out (undefined, a function, a symbol) never reaches the front door.
    const sent = value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'
    if (sent) out.push(name, value)
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) out.push(name, ...values)
  out.push(...(result.cookies ?? []))
  if (result.statusDescription !== undefined) out.push(result.statusDescription)
  return out
}

export const expectNoInjection = (result: ProxyResult, frontDoor: ProxyDoor): void => {
  for (const text of sentStrings(result)) {
    if (typeof text !== 'string' || FORBIDDEN.test(text)) {
      fail(`${frontDoor}: ${JSON.stringify(text)} reaches a header, a cookie or the status line`)
    }
  }
}

/** A deep copy that keeps prototypes (structuredClone turns null-prototype objects into plain ones). */
export const snapshot = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(snapshot) as T
  if (typeof value !== 'object' || value === null) return value
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: snapshot(item),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy as T
}

const deepEqualOrFail = (actual: unknown, expected: unknown, what: string): void => {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(
      `${what}\nexpected: ${safeJson(expected).slice(0, 2000)}\nactual:   ${safeJson(actual).slice(0, 2000)}`,
    )
  }
}

// ---------------------------------------------------------------------------------------------------
// Arbitraries

/** Characters that break headers (CR, LF, NUL), other controls, and unicode of every width. */
const SPECIALS = [
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\x01',
  '\x7f',
  '\t',
  '\u0085',
  '\u2028',
  'é',
  '€',
  '😀',
  '\ud800',
  '\r\nSet-Cookie: injected=1',
  '\nX-Injected: 1',
  ' ',
  '"',
  ',',
  ';',
  '=',
]

export const hostileText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''))

/** Header names a front door computes (Content-Length) or drops (hop-by-hop): CONTRACT, "Headers every front door computes". */
const COMPUTED = /^(?:content-length|connection|keep-alive|transfer-encoding|upgrade|te|trailer|proxy-.*)$/i

/** Hop-by-hop header names as handlers spell them (RFC 9110 §7.6.1, and the `Proxy-*` family). */
const HOP_BY_HOP_NAMES = [
  'Connection',
  'connection',
  'Keep-Alive',
  'Transfer-Encoding',
  'Upgrade',
  'TE',
  'Trailer',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Connection',
] as const

/** A comma then `name=`: several cookies joined in one Set-Cookie value (CONTRACT.md: never comma-joined). */
const COOKIE_JOIN = /,\s*(?=[!#$%&'*+\-.^_`|~0-9A-Za-z]+=)/

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
const token: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))

/** Text a header value may hold: visible ASCII, space and tab. */
export const safeText: fc.Arbitrary<string> = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
})

/** Such text that is not a comma-joined list of cookies, so that it is one Set-Cookie value as it is. */
const oneCookieText: fc.Arbitrary<string> = safeText.filter((text) => !COOKIE_JOIN.test(text))

/**
 * Several cookies joined with commas in one Set-Cookie value, as some frameworks write them: each is
 * to be sent on its own. An `Expires` date holds a comma that joins nothing.
 */
const joinedCookies: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc
        .tuple(
          token,
          token,
          fc.constantFrom('', '; Path=/', '; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly'),
        )
        .map(([name, value, attributes]) => `${name}=${value}${attributes}`),
      { minLength: 2, maxLength: 3 },
    ),
    fc.constantFrom(', ', ',', ',  '),
  )
  .map(([cookies, comma]) => cookies.join(comma))

export const headerName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: token },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Set-Cookie',
      'set-cookie',
      'SET-COOKIE',
      'Content-Type',
      'content-type',
      'Location',
      'X-Custom',
      'x-custom',
      'Content-Length',
      'WWW-Authenticate',
    ),
  },
  // Headers the front door computes or drops (CONTRACT.md, "Headers every front door computes").
  { weight: 1, arbitrary: fc.constantFrom(...HOP_BY_HOP_NAMES, 'content-length', 'CONTENT-LENGTH') },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '') },
)

/** Names that are special to JavaScript objects (a dedicated property sends each as a header). */
export const prototypeName: fc.Arbitrary<string> = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
)

/** What handlers put in Content-Length: numbers, counts as text, and text that is no count at all. */
const contentLengthValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.nat({ max: 100_000 }),
  fc.nat({ max: 100 }).map(String),
  fc.constantFrom(-1, 2.5, '-1', '1e3', ' 5', '05', '0x10', 'chunked', '', '5, 5', '3, 7'),
)

const scalarHeaderValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: contentLengthValue },
  { weight: 1, arbitrary: joinedCookies },
  { weight: 2, arbitrary: safeText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.date() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, Symbol('header'), () => 'fn') },
  { weight: 1, arbitrary: fc.object({ maxDepth: 1, maxKeys: 2 }) },
)

export const headerValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalarHeaderValue },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(scalarHeaderValue, fc.array(scalarHeaderValue, { maxLength: 2 })), {
      maxLength: 4,
    }),
  },
)

const plainHeaderMap: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(headerName, headerValue, {
  maxKeys: 6,
})

/** A header collection as handlers write them: mostly objects, sometimes a Map or not an object at all. */
export const headerMap: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: plainHeaderMap },
  { weight: 1, arbitrary: plainHeaderMap.map((m) => new Map(Object.entries(m))) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(null, undefined, 'a: b', 42, true),
      fc.array(fc.string(), { maxLength: 2 }),
    ),
  },
)

export const cookieList: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(headerValue, { maxLength: 5 }) },
  { weight: 1, arbitrary: headerValue },
)

export const statusCodeArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 100, max: 599 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '200',
      ' 200',
      '2e2',
      '0x1F4',
      99,
      600,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      200.5,
      null,
      undefined,
      true,
      200n,
      [200],
      { valueOf: () => 200 },
    ),
  },
)

const bytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 64 })

const anything: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  maxKeys: 5,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
})

export const bodyArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b).toString('base64')) },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: bytes },
  { weight: 2, arbitrary: anything },
)

/** Anything shaped like a proxy result, with every key of every kind, and extra keys. */
export const resultShaped: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        statusCode: statusCodeArb,
        statusDescription: fc.oneof(
          hostileText,
          fc.integer({ min: 100, max: 599 }).map((c) => `${c} OK`),
          anything,
        ),
        headers: headerMap,
        multiValueHeaders: headerMap,
        cookies: cookieList,
        body: bodyArb,
        isBase64Encoded: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 1, 0, null)),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 6 }), anything, { maxKeys: 2 }),
    // A Content-Length in one result of three, so that the rule "never a lie" is tried often: any value
    // handlers write, or the byte count of a string or byte body (right, unless the body changes).
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.record({
          name: fc.constantFrom('Content-Length', 'content-length'),
          value: fc.oneof(contentLengthValue, fc.constant('the byte count')),
        }),
      },
    ),
  )
  .map(([result, extra, length]) => {
    const out: Record<string, unknown> = { ...extra, ...result }
    if (length === undefined) return out
    const { body } = out
    const value =
      length.value !== 'the byte count'
        ? length.value
        : typeof body === 'string'
          ? Buffer.byteLength(body)
          : ArrayBuffer.isView(body)
            ? body.byteLength
            : 0
    const headers = out.headers
    out.headers =
      headers instanceof Map
        ? new Map([...headers, [length.name, value]])
        : typeof headers === 'object' && headers !== null && !Array.isArray(headers)
          ? { ...headers, [length.name]: value }
          : { [length.name]: value }
    return out
  })

/** A web Response with any status, headers (cookies included) and body. */
export const webResponse: fc.Arbitrary<Fresh<Response>> = fc
  .record({
    status: fc.integer({ min: 200, max: 599 }),
    statusText: fc.oneof(fc.constant(''), safeText),
    headers: fc.array(fc.tuple(fc.oneof(token, fc.constantFrom('set-cookie', 'content-type')), safeText), {
      maxLength: 5,
    }),
    body: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }), bytes),
    contentType: fc.constantFrom(
      undefined,
      'text/plain',
      'application/json; charset=utf-8',
      'image/png',
      'text/html; charset=latin1',
    ),
  })
  .map(
    ({ status, statusText, headers, body, contentType }) =>
      new Fresh(`Response(${status}, ${safeJson(headers)}, ${safeJson(body)})`, () => {
        const init = { status, statusText, headers: new Headers() }
        for (const [name, value] of headers) init.headers.append(name, value)
        if (contentType !== undefined) init.headers.set('content-type', contentType)
        const nullBody = status === 204 || status === 205 || status === 304
        return new Response(nullBody ? null : body, init)
      }),
  )

// ---------------------------------------------------------------------------------------------------
// Streams outside streaming mode: read to their end, within the front door's limit

/** Content types whose bytes travel as text (UTF-8 text), and some whose bytes travel as base64. */
export const TEXT_TYPES = [
  'text/plain',
  'text/csv; charset=utf-8',
  'text/html; charset=UTF-8',
  'application/json',
  'application/problem+json',
  'application/xml',
  'application/x-ndjson',
  'application/yaml',
] as const
export const BINARY_TYPES = [
  'image/png',
  'application/octet-stream',
  'application/pdf',
  'text/plain; charset=iso-8859-1',
  'text/html; charset=utf-16',
] as const

/** A chunk as large streams are made of: 64 KiB, made once and shared. */
const BIG_CHUNK = Buffer.alloc(64 * 1024, 0x78)

export type StreamCase = {
  kind: 'node' | 'web'
  chunks: Array<Uint8Array | string>
  /** How many 64 KiB chunks follow: 15–17 are around the ALB limit, Infinity is a stream that never ends. */
  big: number
  /** How the stream ends: normally, with an error, or with a chunk that is not bytes. */
  end: 'close' | 'error' | 'object'
  /** The content type of the result it is the body of; `undefined` is a bare stream (or no content type). */
  contentType: string | undefined
  asBody: boolean
  /** Planted in the error a failing stream ends with. */
  secret: string
}

/** What a stream was made of and what became of it, for the last invocation that made one. */
type StreamProbe = { pulled: number; closed: boolean }

/** A stream built afresh for each invocation, remembering how far the last one was read. */
export class FreshStream extends Fresh<unknown> {
  readonly probe: StreamProbe
  constructor(readonly spec: StreamCase) {
    const probe: StreamProbe = { pulled: 0, closed: false }
    super(describeStream(spec), () => buildStream(spec, probe))
    this.probe = probe
  }
  /** Its bytes, when it ends and is not endless. */
  get bytes(): Buffer {
    const parts = this.spec.chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    return Buffer.concat([
      ...parts,
      ...Array<Buffer>(Number.isFinite(this.spec.big) ? this.spec.big : 0).fill(BIG_CHUNK),
    ])
  }
  /** Its size in bytes, without building it. */
  get size(): number {
    let size = this.spec.big * BIG_CHUNK.length
    for (const chunk of this.spec.chunks)
      size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
    return size
  }
}

const describeStream = (spec: StreamCase): string => {
  const big = spec.big === 0 ? '' : ` + ${spec.big} × 64 KiB`
  const stream = `${spec.kind} stream(${safeJson(spec.chunks.map((c) => (typeof c === 'string' ? c : [...c])))}${big}, ${spec.end})`
  return spec.asBody ? `{ body: ${stream}, content-type: ${String(spec.contentType)} }` : stream
}

const buildStream = (spec: StreamCase, probe: StreamProbe): unknown => {
  probe.pulled = 0
  probe.closed = false
  const items = function* (): Generator<unknown> {
    yield* spec.chunks
    for (let i = 0; i < spec.big; i++) yield BIG_CHUNK
    if (spec.end === 'object') yield { chunk: spec.secret }
    if (spec.end === 'error') throw new Error(`the upstream ${spec.secret} reset the connection`)
  }
  let stream: unknown
  if (spec.kind === 'node') {
    stream = Readable.from(
      (function* () {
        try {
          for (const item of items()) {
            probe.pulled++
            yield item
          }
        } finally {
          probe.closed = true
        }
      })(),
    )
  } else {
    const it = items()
    stream = new ReadableStream({
      pull(controller) {
        let next: IteratorResult<unknown>
        try {
          next = it.next()
        } catch (error) {
          probe.closed = true
          controller.error(error)
          return
        }
        if (next.done) {
          probe.closed = true
          controller.close()
        } else {
          probe.pulled++
          controller.enqueue(next.value)
        }
      },
      cancel() {
        probe.closed = true
      },
    })
  }
  if (!spec.asBody) return stream
  const headers = spec.contentType === undefined ? {} : { 'Content-Type': spec.contentType }
  return { statusCode: 200, headers, body: stream }
}

/** Chunks of a stream: strings (UTF-8) and bytes; for a text type, bytes of UTF-8 cut anywhere. */
const streamChunks = (text: boolean): fc.Arbitrary<Array<Uint8Array | string>> =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 10 }).map((s) => [s]),
        text
          ? fc.tuple(fc.string({ unit: 'binary', maxLength: 10 }), fc.nat()).map(([s, cut]) => {
              const bytes = Buffer.from(s)
              const at = cut % (bytes.length + 1)
              return [bytes.subarray(0, at), new Uint8Array(bytes.subarray(at))]
            })
          : fc.uint8Array({ maxLength: 24 }).map((b) => [b, Buffer.from(b).subarray(Math.min(1, b.length))]),
      ),
      { maxLength: 4 },
    )
    .map((groups) => groups.flat())

export const streamCase: fc.Arbitrary<StreamCase> = fc
  .record({
    kind: fc.constantFrom('node', 'web') as fc.Arbitrary<'node' | 'web'>,
    contentType: fc.constantFrom(undefined, ...TEXT_TYPES, ...BINARY_TYPES),
    asBody: fc.boolean(),
    big: fc.oneof(
      // Large streams cost tens of milliseconds through nine front doors: one in a hundred.
      { weight: 100, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(15, 16, 17) },
      { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) },
    ),
    end: fc.oneof(
      { weight: 10, arbitrary: fc.constant('close') },
      { weight: 1, arbitrary: fc.constantFrom('error', 'object') },
    ) as fc.Arbitrary<StreamCase['end']>,
    secret: fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `SECRET${hex}`),
  })
  .chain((spec) =>
    streamChunks(spec.asBody && (TEXT_TYPES as readonly unknown[]).includes(spec.contentType)).map(
      (chunks) => ({
        ...spec,
        chunks,
      }),
    ),
  )

// ---------------------------------------------------------------------------------------------------
// Values whose JSON loses everything

class NoFields {
  readonly #id = 42
  get id(): number {
    return this.#id
  }
}

export type LossyCase = {
  kind: 'Map' | 'Set' | 'NoFields' | 'WeakMap' | 'RegExp' | 'Error'
  entries: Array<[string, number]>
  /** Returned as the body of a result; an Error always is (a returned Error is an error response). */
  inBody: boolean
}

/** A Map, a Set, a class instance without enumerable fields: JSON makes `{}` of each. */
export const lossyCase: fc.Arbitrary<LossyCase> = fc
  .record({
    kind: fc.constantFrom('Map', 'Set', 'NoFields', 'WeakMap', 'RegExp', 'Error') as fc.Arbitrary<
      LossyCase['kind']
    >,
    entries: fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
    inBody: fc.boolean(),
  })
  .map((c) => ({ ...c, inBody: c.inBody || c.kind === 'Error' }))

export const lossyValue = ({ kind, entries, inBody }: LossyCase): Fresh<unknown> => {
  const make = (): unknown => {
    switch (kind) {
      case 'Map':
        return new Map(entries)
      case 'Set':
        return new Set(entries.map(([key]) => key))
      case 'WeakMap':
        return new WeakMap()
      case 'RegExp':
        return /orders/g
      case 'Error':
        return new Error(`put in the body: ${safeJson(entries)}`)
      default:
        return new NoFields()
    }
  }
  return new Fresh(inBody ? `{ body: ${kind} }` : kind, () =>
    inBody ? { statusCode: 200, body: make() } : make(),
  )
}

// ---------------------------------------------------------------------------------------------------
// Errors of other libraries: HTTP clients and SDKs describe the call the handler made, not this API's
// answer. Look-alikes of their shapes (no SDK installed), with a secret planted in every place the
// real ones carry credentials, hosts or account ids.

export const THIRD_PARTY = ['axios', 'openai', 'octokit', 'ky', 'got', 'stripe', 'aws-sdk'] as const

/** An error of another library, by its shape, answering `status` upstream, with `secret` planted. */
export const thirdPartyError = (
  kind: (typeof THIRD_PARTY)[number],
  secret: string,
  status: number,
): Error => {
  const host = `internal.${secret}.example`
  const url = `https://${host}/orders/42`
  const bearer = { Authorization: `Bearer sk-${secret}` }
  const named = (name: string, message: string, fields: Record<string, unknown>): Error =>
    Object.assign(new Error(message), { name, ...fields })
  switch (kind) {
    case 'axios':
      return named('AxiosError', `Request failed with status code ${status}`, {
        code: 'ERR_BAD_REQUEST',
        isAxiosError: true,
        status,
        config: { url, method: 'get', headers: bearer },
        response: { status, data: { detail: secret }, headers: { 'x-request-id': `req-${secret}` } },
      })
    case 'openai':
      return named('APIError', `${status} Incorrect API key provided: sk-${secret}`, {
        status,
        headers: { 'openai-organization': `org-${secret}`, 'x-request-id': `req_${secret}` },
        code: 'invalid_api_key',
        type: 'invalid_request_error',
        error: { message: `Incorrect API key provided: sk-${secret}` },
      })
    case 'octokit':
      return named('HttpError', `Not Found - https://api.github.com/repos/acme/${secret}`, {
        status,
        request: { method: 'GET', url, headers: { authorization: `token ghp_${secret}` } },
        response: { status, url, headers: { 'x-github-request-id': secret } },
      })
    case 'ky':
      return named('HTTPError', `Request failed with status code ${status}: GET ${url}`, {
        response: { status, statusText: 'Upstream', url },
        request: { method: 'GET', url },
        options: { headers: bearer },
      })
    case 'got':
      return named('HTTPError', `Response code ${status} (${secret})`, {
        code: 'ERR_NON_2XX_3XX_RESPONSE',
        response: { statusCode: status, body: secret, url },
        options: { headers: bearer },
      })
    case 'stripe':
      // A statusCode, but no expose: the status is taken, neither the message nor the headers.
      return named('StripeCardError', `Your card was declined (acct_${secret}).`, {
        type: 'StripeCardError',
        statusCode: status,
        code: 'card_declined',
        requestId: `req_${secret}`,
        headers: { 'request-id': `req_${secret}`, 'stripe-account': `acct_${secret}` },
        raw: { message: secret },
      })
    default:
      return named(
        'AccessDeniedException',
        `User: arn:aws:iam::123456789012:role/${secret} is not authorized`,
        {
          $fault: 'client',
          $metadata: { httpStatusCode: status, requestId: secret },
        },
      )
  }
}

const marker = fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `SECRET${hex}`)

const thirdParty: fc.Arbitrary<Error> = fc
  .tuple(fc.constantFrom(...THIRD_PARTY), marker, fc.integer({ min: 400, max: 599 }))
  .map(([kind, secret, status]) => thirdPartyError(kind, secret, status))

/** Anything a handler may return, but a promise. */
export const settledValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anything },
  { weight: 3, arbitrary: resultShaped },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: bytes },
  { weight: 1, arbitrary: fc.date() },
  { weight: 1, arbitrary: webResponse },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: hostileText.map((m) => new Error(m)) },
  { weight: 2, arbitrary: streamCase.map((spec) => new FreshStream(spec)) },
  { weight: 1, arbitrary: lossyCase.map(lossyValue) },
  { weight: 1, arbitrary: thirdParty },
)

/** An Error carrying every field an error handler reads, each of any type. */
const decoratedError: fc.Arbitrary<Error> = fc
  .record(
    {
      message: hostileText,
      statusCode: statusCodeArb,
      status: statusCodeArb,
      expose: fc.oneof(fc.boolean(), fc.constantFrom(undefined, 'true', 1, null)),
      headers: headerMap,
      name: hostileText,
      cause: anything,
    },
    { requiredKeys: ['message'] },
  )
  .map(({ message, ...fields }) => Object.assign(new Error(message), fields))

const httpError: fc.Arbitrary<Error> = fc
  .tuple(
    fc.integer({ min: 400, max: 599 }),
    hostileText,
    fc.option(plainHeaderMap, { nil: undefined }),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([status, message, headers, expose]) => {
    const props: Record<string, unknown> = {}
    if (headers !== undefined) props.headers = headers
    if (expose !== undefined) props.expose = expose
    return createHttpError(status, message, props)
  })

/** Anything a handler may throw. */
export const thrownValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: decoratedError },
  { weight: 2, arbitrary: httpError },
  { weight: 2, arbitrary: thirdParty },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.bigInt(),
      fc.boolean(),
      fc.constantFrom(null, undefined, Symbol('thrown')),
    ),
  },
  { weight: 1, arbitrary: anything },
  {
    weight: 1,
    arbitrary: fc.record(
      { statusCode: statusCodeArb, message: hostileText, headers: headerMap, expose: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
)

// ---------------------------------------------------------------------------------------------------
// Promises: awaited, and what they settle to handled as if returned or thrown

export type PromiseCase = {
  /** What it settles to: a value it resolves to, or a reason it rejects with. */
  settles: { value: unknown } | { reason: unknown }
  /** A native promise settled already or on a later turn, a Bluebird-like one, or the least thenable `await` takes. */
  how: 'native' | 'later' | 'thenable' | 'bare-thenable'
  /** Returned bare (and left unawaited), or as the body of a result. */
  where: 'bare' | 'body'
}

const describeValue = (value: unknown): string => (value instanceof Fresh ? value.label : safeJson(value))

/** The promise of a case, made afresh: what it settles to is made afresh too. */
export const promiseOf = (c: PromiseCase): unknown => {
  const settles =
    'value' in c.settles ? { value: materialize(c.settles.value) } : { reason: materialize(c.settles.reason) }
  const settle = (resolve: (value: unknown) => void, reject: (reason: unknown) => void): void =>
    'value' in settles ? resolve(settles.value) : reject(settles.reason)
  const later = (): Promise<unknown> => {
    const promise = new Promise((resolve, reject) => setImmediate(() => settle(resolve, reject)))
    // Rejections are the middleware's to handle: marking this one does not hide one it leaves unhandled.
    promise.catch(() => {})
    return promise
  }
  switch (c.how) {
    case 'native': {
      const promise = new Promise(settle)
      promise.catch(() => {})
      return promise
    }
    case 'later':
      return later()
    case 'thenable':
      return new Thenable(later())
    default:
      return {
        // biome-ignore lint/suspicious/noThenProperty: a thenable is what is generated.
        then(onFulfilled?: (value: unknown) => void, onRejected?: (reason: unknown) => void): void {
          setImmediate(() =>
            settle(
              (v) => onFulfilled?.(v),
              (r) => onRejected?.(r),
            ),
          )
        },
      }
  }
}

/** The value a handler returns for a case: the promise unawaited, or a result whose body it is. */
export const promised = (c: PromiseCase): Fresh<unknown> => {
  const settles =
    'value' in c.settles
      ? `resolving to ${describeValue(c.settles.value)}`
      : `rejecting with ${describeValue(c.settles.reason)}`
  const label = `${c.how} promise ${settles}`
  return c.where === 'bare'
    ? new Unawaited(label, () => promiseOf(c))
    : new Fresh(`{ statusCode: 200, body: ${label} }`, () => ({ statusCode: 200, body: promiseOf(c) }))
}

export const promiseCase: fc.Arbitrary<PromiseCase> = fc.record({
  settles: fc.oneof(
    { weight: 3, arbitrary: settledValue.map((value) => ({ value })) },
    { weight: 1, arbitrary: thrownValue.map((reason) => ({ reason })) },
  ),
  how: fc.constantFrom('native', 'later', 'thenable', 'bare-thenable'),
  where: fc.constantFrom('bare', 'body'),
})

/** Anything a handler may return. */
export const returnedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: settledValue },
  { weight: 1, arbitrary: promiseCase.map(promised) },
)

/** A result that `frontDoor` accepts as it is, built from the description in CONTRACT.md of that front door. */
export const validResult = (frontDoor: ProxyDoor): fc.Arbitrary<Record<string, unknown>> => {
  const loadBalancer = ['alb', 'alb-multi-value', 'lattice-v1', 'lattice-v2'].includes(frontDoor)
  const v2 = frontDoor === 'http-v2' || frontDoor === 'function-url'
  const hasMulti = frontDoor === 'rest' || frontDoor === 'http-v1' || frontDoor === 'alb-multi-value'
  const hasSingle = frontDoor !== 'alb-multi-value'
  // Distinct lower-cased names across both maps, so that no header is given twice.
  // Not the headers a front door computes or drops (Content-Length, hop-by-hop ones): a result that
  // carries them is not valid as it is.
  const names = fc.uniqueArray(
    token.map((t) => t.toLowerCase()).filter((t) => !(v2 && t === 'set-cookie') && !COMPUTED.test(t)),
    {
      maxLength: 6,
    },
  )
  return fc
    .record({
      statusCode: fc.integer({ min: 100, max: 599 }),
      // A reason phrase is visible text, not only spaces.
      reason: safeText.filter((text) => /[!-~]/.test(text)),
      names,
      split: fc.nat(6),
      values: fc.array(fc.array(oneCookieText, { minLength: 1, maxLength: 3 }), {
        minLength: 6,
        maxLength: 6,
      }),
      cookies: fc.array(oneCookieText, { maxLength: 3 }),
      body: fc.oneof(
        fc.string({ maxLength: 60 }),
        bytes.map((b) => Buffer.from(b).toString('base64')),
      ),
      base64: fc.boolean(),
      optional: fc.record({
        headers: fc.boolean(),
        multi: fc.boolean(),
        cookies: fc.boolean(),
        body: fc.boolean(),
        flag: fc.boolean(),
        length: fc.boolean(),
      }),
    })
    .map(({ statusCode, reason, names, split, values, cookies, body, base64, optional }) => {
      const result: Record<string, unknown> = { statusCode }
      const noBody = statusCode < 200 || statusCode === 204 || statusCode === 304
      if (loadBalancer) result.statusDescription = `${statusCode} ${reason}`
      const single: Record<string, string> = {}
      const multi: Record<string, string[]> = {}
      names.forEach((name, i) => {
        const vs = values[i] ?? ['v']
        if (hasMulti && (!hasSingle || i >= split)) multi[name] = vs
        else single[name] = vs[0] ?? ''
      })
      if (hasSingle && (loadBalancer || optional.headers || Object.keys(single).length > 0))
        result.headers = single
      if (hasMulti && (frontDoor === 'alb-multi-value' || optional.multi || Object.keys(multi).length > 0)) {
        result.multiValueHeaders = multi
      }
      if (v2 && optional.cookies) result.cookies = cookies
      const isB64 = base64 && /^[A-Za-z0-9+/]*={0,2}$/.test(body) && body.length % 4 === 0
      if (optional.body || loadBalancer) result.body = noBody ? '' : body
      if (loadBalancer || optional.flag) result.isBase64Encoded = noBody ? false : isB64
      // A Content-Length that says the truth is valid: the byte count of the body sent.
      if (optional.length && !noBody) {
        const sent = typeof result.body === 'string' ? result.body : ''
        const count = String(
          result.isBase64Encoded === true ? Buffer.from(sent, 'base64').length : Buffer.byteLength(sent),
        )
        if (hasSingle) {
          single['content-length'] = count
          result.headers = single
        } else multi['content-length'] = [count]
      }
      return result
    })
}

// ---------------------------------------------------------------------------------------------------
// Properties

export type RunOptions = { numRuns: number; seed?: number; path?: string }

export type PropertyDef = {
  name: string
  /** Runs the property; rejects with fast-check's report (seed, path, counterexample) on failure. */
  check: (options: RunOptions) => Promise<void>
}

const define = <T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
): PropertyDef => ({
  name,
  check: async (options) => {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), { ...options, includeErrorInReport: true })
  },
})

/** Body units and the bytes each UTF-16 unit of them takes in the serialized result. */
const SIZE_UNITS: Record<string, number> = {
  x: 1,
  é: 2,
  '"': 2,
  '\\': 2,
  '\n': 2,
  '\u0001': 6,
  '😀': 2,
  '\ud800': 6,
  '€': 3,
}
const bodyBases = new Map<string, string>()
/** A body of `length` UTF-16 units made of `unit`, cheap to build many times (a slice of a cached string). */
const sizedBody = (unit: string, length: number): string => {
  let base = bodyBases.get(unit)
  if (base === undefined) {
    base = unit.repeat(Math.ceil((LAMBDA_LIMIT + 1024) / unit.length))
    bodyBases.set(unit, base)
  }
  return base.slice(0, length)
}

/**
 * The reason phrase of a status, as RFC 9110 names it (Node's table predates two of its names), or the
 * name of its class for codes no registry names.
 */
const reasonOf = (status: number): string =>
  ({ 413: 'Content Too Large', 422: 'Unprocessable Content' })[status] ??
  STATUS_CODES[status] ??
  ['Informational', 'Success', 'Redirection', 'Client Error', 'Server Error'][Math.floor(status / 100) - 1] ??
  ''

/** The bytes the caller receives: the body, base64-decoded and decompressed as the result says. */
const receivedBytes = (result: ProxyResult): Buffer => {
  const bytes = decodedBody(result)
  const [encoding] = headerValuesOf(result, 'content-encoding')
  if (encoding === 'br') return brotliDecompressSync(bytes)
  if (encoding === 'gzip') return gunzipSync(bytes)
  if (encoding === 'deflate') return inflateSync(bytes)
  return bytes
}

/**
 * What the caller of a front door receives from a result, whatever its shape: the status (and ALB
 * status line), each header by lower-cased name with its values, the cookies, and the body's bytes. Two
 * results that say the same thing in two shapes (one passed through as the handler wrote it, one in
 * the strict form) receive the same.
 */
const received = (result: ProxyResult) => {
  const headers = new Map<string, string[]>()
  const add = (name: string, values: string[]): void => {
    const lower = name.toLowerCase()
    if (lower === 'set-cookie') return
    const known = headers.get(lower) ?? []
    for (const value of values) if (!known.includes(value)) known.push(value)
    headers.set(lower, known)
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) add(name, [value])
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) add(name, values)
  return {
    statusCode: result.statusCode,
    statusDescription: result.statusDescription,
    headers: [...headers].sort(([a], [b]) => (a < b ? -1 : 1)),
    cookies: cookiesOf(result),
    body: receivedBytes(result).toString('base64'),
  }
}

const SERVER_ERROR = JSON.stringify({ message: 'Internal Server Error' })

/** Fails unless `result` is the generic 500 and the log says why with `code`. */
const expectServerError = (result: ProxyResult, logged: LogEntry[], code: string, how: string): void => {
  if (result.statusCode !== 500 || result.body !== SERVER_ERROR)
    fail(`${how}: answered ${result.statusCode} ${safeJson(result.body).slice(0, 200)}, not the generic 500`)
  const codes = logged.map((entry) => entry.error?.code)
  if (!codes.includes(code)) fail(`${how}: logged ${safeJson(codes)}, not ${code}`)
}

const forbidsBody = (status: number): boolean => status < 200 || status === 204 || status === 304

/** The texts a raw header value stands for, as the middleware reads one: numbers as text, arrays flattened. */
const texts = (raw: unknown): string[] => [raw].flat().map(String)

/** Bodies whose byte count a handler may get right or wrong. */
type LengthBody = 'text' | 'bytes' | 'object' | 'base64' | 'stream' | 'none'

const lengthCase = fc.record({
  statusCode: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 200, max: 599 }) },
    { weight: 1, arbitrary: fc.constantFrom(100, 103, 204, 304) },
  ),
  body: fc.constantFrom<LengthBody>('text', 'bytes', 'object', 'base64', 'stream', 'none'),
  text: fc.string({ unit: 'binary', maxLength: 30 }),
  bytes: fc.uint8Array({ maxLength: 30 }),
  given: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('the byte count', 'the byte count, as a number') },
    { weight: 2, arbitrary: contentLengthValue },
    { weight: 1, arbitrary: fc.array(contentLengthValue, { minLength: 1, maxLength: 2 }) },
  ),
  name: fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH'),
  where: fc.constantFrom('headers', 'multiValueHeaders'),
  hop: fc.uniqueArray(fc.constantFrom(...HOP_BY_HOP_NAMES), {
    maxLength: 3,
    selector: (name) => name.toLowerCase(),
  }),
})

export const properties: PropertyDef[] = [
  define('every returned value becomes a valid result on every front door', returnedValue, async (value) => {
    for (const door of DOORS) {
      const result = await answer(door, value)
      expectValid(result, door)
    }
  }),

  define(
    'every thrown value becomes a valid error response on every front door',
    thrownValue,
    async (thrown) => {
      for (const door of DOORS) {
        const result = await answerThrown(door, thrown)
        expectValid(result, door)
        if (result.statusCode < 400) fail(`${door}: a thrown value was answered ${result.statusCode}`)
      }
    },
  ),

  define(
    'any header map and cookie list gives valid headers, and every sendable cookie is kept',
    fc.record({
      statusCode: fc.integer({ min: 200, max: 599 }),
      headers: headerMap,
      multiValueHeaders: headerMap,
      cookies: fc.array(fc.oneof(safeText, hostileText, joinedCookies), { maxLength: 4 }),
    }),
    async (input) => {
      const result0 = { ...input, body: 'ok' }
      // A cookie is sendable when it is a header value (no control character but HTAB, no non-Latin-1);
      // a comma-joined list is the cookies it holds.
      const sendable = input.cookies
        .filter((c) => /^[\t\x20-\x7e\x80-\xff]*$/.test(c))
        .flatMap((c) => c.split(COOKIE_JOIN))
      for (const door of DOORS) {
        const result = await answer(door, result0)
        expectValid(result, door)
        expectNoInjection(result, door)
        const sent = cookiesOf(result)
        if (MULTI_COOKIE_DOORS.includes(door)) {
          for (const cookie of sendable) {
            if (!sent.includes(cookie)) fail(`${door}: the cookie ${JSON.stringify(cookie)} was lost`)
          }
        } else if (sent.length > 1)
          fail(`${door}: ${sent.length} Set-Cookie values on a single-value front door`)
        if (result.statusCode !== input.statusCode)
          fail(`${door}: status ${input.statusCode} became ${result.statusCode}`)
      }
    },
  ),

  define(
    'any statusCode becomes an integer 100–599, and a valid one is kept',
    statusCodeArb,
    async (statusCode) => {
      // CONTRACT.md: a missing statusCode means 200 ({} → 200 on REST); "201" is accepted by REST and is the
      // number 201; anything else cannot be sent and is a server error.
      const valid = (n: unknown): n is number =>
        Number.isInteger(n) && (n as number) >= 100 && (n as number) <= 599
      const expected =
        statusCode === undefined
          ? 200
          : valid(statusCode)
            ? statusCode
            : typeof statusCode === 'string' && /^\d{3}$/.test(statusCode) && valid(Number(statusCode))
              ? Number(statusCode)
              : 500
      for (const door of DOORS) {
        const result = await answer(door, { statusCode, body: 'status' })
        expectValid(result, door)
        if (result.statusCode !== expected)
          fail(`${door}: statusCode ${safeJson(statusCode)} became ${result.statusCode}, not ${expected}`)
      }
    },
  ),

  define(
    'a body of any size and content is sent whole when it fits the front door, else a 500 (without compression)',
    fc.record({
      door: fc.constantFrom(...DOORS),
      unit: fc.constantFrom(...Object.keys(SIZE_UNITS)),
      near: fc.oneof(
        { weight: 8, arbitrary: fc.constant('small') },
        { weight: 1, arbitrary: fc.constantFrom('alb', 'lambda') },
      ),
      offset: fc.integer({ min: -600, max: 600 }),
    }),
    async ({ door, unit, near, offset }) => {
      // Lengths around the point where the body alone, serialized, reaches a limit.
      const perUnit = SIZE_UNITS[unit] ?? 1
      const length =
        near === 'small'
          ? offset + 600
          : Math.max(0, Math.floor((near === 'alb' ? ALB_LIMIT : LAMBDA_LIMIT) / perUnit) + offset)
      const body = sizedBody(unit, length)
      // Compression to fit has its own property: here, the size guard alone.
      const result = await answer(
        door,
        { statusCode: 200, headers: { 'content-type': 'text/plain' }, body },
        { logger: false, compress: false },
      )
      expectValid(result, door)
      const limit = door === 'alb' || door === 'alb-multi-value' ? ALB_LIMIT : LAMBDA_LIMIT
      // The body's size in the serialized result, by arithmetic (JSON escapes, UTF-8 widths; an odd
      // slice of emoji ends in a lone surrogate, escaped as six bytes), independent of the middleware.
      const bodyBytes =
        unit === '😀' ? Math.floor(length / 2) * 4 + (length % 2) * 6 + 2 : perUnit * length + 2
      if (result.statusCode === 200) {
        if (result.body !== body) fail(`${door}: the body was altered`)
        const serialized = Buffer.byteLength(JSON.stringify({ ...result, body: '' })) - 2 + bodyBytes
        if (serialized > limit) fail(`${door}: ${serialized} bytes sent, over ${limit}`)
      } else if (result.statusCode !== 500 || bodyBytes <= limit - 400) {
        // Only a body that cannot fit may be refused: the rest of a 200 result is far below 400 bytes.
        fail(`${door}: a ${bodyBytes}-byte body that fits in ${limit} was answered ${result.statusCode}`)
      }
    },
  ),

  define(
    'an already-valid result passes through deep-equal to itself and is not mutated',
    fc.constantFrom(...DOORS).chain((door) => fc.tuple(fc.constant(door), validResult(door))),
    async ([door, valid]) => {
      const before = validateProxyResult(valid, door)
      if (before.length > 0)
        fail(`the generator built an invalid ${door} result: ${safeJson(before)} ${safeJson(valid)}`)
      const original = snapshot(valid)
      const result = await answer(door, valid)
      deepEqualOrFail(result, original, `${door}: a valid result was changed`)
      deepEqualOrFail(valid, original, `${door}: the returned object was mutated`)
    },
  ),

  define(
    'the validator and the normalizer agree: what one accepts, the other sends as it is',
    // Valid results, loose ones, and valid ones with a key or two of a loose one: near the border.
    fc.constantFrom(...DOORS).chain((door) =>
      fc.tuple(
        fc.constant(door),
        fc.oneof(
          validResult(door),
          resultShaped,
          fc.tuple(validResult(door), resultShaped, fc.nat(2)).map(([valid, loose, keys]) => ({
            ...valid,
            ...Object.fromEntries(Object.entries(loose).slice(0, keys + 1)),
          })),
        ),
      ),
    ),
    async ([door, result]) => {
      // Both read the one description of the front doors (src/doors.ts): a result the validator finds
      // nothing in must be sent unchanged, and one the middleware sends unchanged must pass the
      // validator. Compared as JSON, as the front door reads them (prototypes and key order aside).
      const json = (value: unknown): unknown => {
        try {
          return JSON.parse(JSON.stringify(value) ?? 'null')
        } catch {
          return Symbol('not JSON')
        }
      }
      const problems = validateProxyResult(result, door)
      const sent = await answer(door, snapshot(result))
      const unchanged = isDeepStrictEqual(json(sent), json(result))
      if (problems.length === 0 && !unchanged) {
        fail(`${door}: the validator accepts ${safeJson(result)}, but the middleware sent ${safeJson(sent)}`)
      }
      if (unchanged && problems.length > 0) {
        fail(
          `${door}: the middleware sent ${safeJson(result)} unchanged, but the validator finds ${safeJson(problems)}`,
        )
      }
    },
  ),

  define(
    'normalizing a normalized result changes nothing',
    fc.oneof(
      returnedValue.map((v) => ({ returned: v })),
      thrownValue.map((t) => ({ thrown: t })),
    ),
    async (input) => {
      for (const door of DOORS) {
        const first =
          'thrown' in input ? await answerThrown(door, input.thrown) : await answer(door, input.returned)
        const firstCopy = snapshot(first)
        const second = await answer(door, first)
        deepEqualOrFail(second, firstCopy, `${door}: a second pass changed the result`)
      }
    },
  ),

  define(
    "an unexposed message, stack, cause or detail, or a third-party error's URL or headers, never reaches the response",
    fc.record({
      secret: marker,
      statusCode: fc.oneof(fc.integer({ min: 400, max: 599 }), statusCodeArb),
      exposeFalse: fc.boolean(),
      kind: fc.constantFrom('error', 'http-errors', 'plain-object', 'error-with-fields', ...THIRD_PARTY),
      errorFormat: fc.constantFrom('json', 'problem') as fc.Arbitrary<'json' | 'problem'>,
      // A returned Error is answered as a thrown one (a returned plain object is a body: thrown only).
      returned: fc.boolean(),
    }),
    async ({ secret, statusCode, exposeFalse, kind, errorFormat, returned }) => {
      const status =
        Number.isInteger(statusCode) && (statusCode as number) >= 400 && (statusCode as number) <= 599
          ? (statusCode as number)
          : 500
      // Unexposed: expose false, or a server error without expose.
      const expose = exposeFalse || status < 500 ? { expose: false } : {}
      const make = (): unknown => {
        switch (kind) {
          case 'http-errors':
            return createHttpError(status, `failed: ${secret}`, { ...expose, detail: secret })
          case 'plain-object':
            return { statusCode, message: secret, stack: secret, detail: secret, ...expose }
          case 'error-with-fields':
            return Object.assign(new Error(`db password ${secret}`, { cause: new Error(secret) }), {
              statusCode,
              ...expose,
              sql: `select '${secret}'`,
              data: { secret },
              body: secret,
              name: `Error${secret}`,
            })
          case 'error': {
            const error = Object.assign(new Error(secret), { statusCode, ...expose })
            error.stack = `Error: ${secret}\n    at handler (/var/task/${secret}.js:1:1)`
            return error
          }
          default:
            return thirdPartyError(kind, secret, status)
        }
      }
      const options = { logger: false, errorFormat } as const
      for (const door of DOORS) {
        const value = new Fresh(kind, make)
        const result =
          returned && kind !== 'plain-object'
            ? await answer(door, value, options)
            : await answerThrown(door, value, options)
        expectValid(result, door)
        const leaks = noLeak(result, [secret])
        if (leaks.length > 0) fail(`${door}: ${leaks.join('; ')}: ${safeJson(result)}`)
      }
    },
  ),

  define(
    "an error's status comes from its statusCode only, its message only when it says expose: true, its headers only with a boolean expose",
    fc.oneof(
      fc
        .record(
          {
            statusCode: fc.oneof(fc.integer({ min: 400, max: 599 }), statusCodeArb),
            status: fc.integer({ min: 100, max: 599 }),
            expose: fc.constantFrom(true, false, undefined, 'true', 1),
            message: safeText,
            header: safeText.filter((text) => /[!-~]/.test(text)),
          },
          { requiredKeys: ['message', 'header'] },
        )
        .map(({ message, header, ...fields }) => ({
          error: Object.assign(new Error(message), fields, { headers: { 'X-Error-Detail': header } }),
          secret: undefined as string | undefined,
        })),
      fc
        .tuple(fc.constantFrom(...THIRD_PARTY), marker, fc.integer({ min: 400, max: 599 }))
        .map(([kind, secret, status]) => ({ error: thirdPartyError(kind, secret, status), secret })),
    ),
    async ({ error, secret }) => {
      // Middy's convention, written out: an integer statusCode 400–599 is the status, else 500.
      const fields = error as Error & { statusCode?: unknown; expose?: unknown; headers?: unknown }
      const own = fields.statusCode
      const status =
        Number.isInteger(own) && (own as number) >= 400 && (own as number) <= 599 ? (own as number) : 500
      const exposed = status === own && fields.expose === true
      const keepsHeaders = status === own && typeof fields.expose === 'boolean'
      const message = exposed && error.message !== '' ? error.message : reasonOf(status)
      const detail = (fields.headers as Record<string, string> | undefined)?.['X-Error-Detail']
      for (const door of DOORS) {
        for (const returned of [false, true]) {
          const result = returned ? await answer(door, error) : await answerThrown(door, error)
          const how = `${door}, ${returned ? 'returned' : 'thrown'}`
          expectValid(result, door)
          if (result.statusCode !== status) fail(`${how}: answered ${result.statusCode}, not ${status}`)
          const body = JSON.parse(result.body ?? '') as { message?: unknown }
          if (body.message !== message)
            fail(`${how}: the message ${safeJson(body.message)}, not ${safeJson(message)}`)
          const kept = headerValuesOf(result, 'x-error-detail')
          if (!isDeepStrictEqual(kept, keepsHeaders && detail !== undefined ? [detail] : []))
            fail(`${how}: the error's header ${keepsHeaders ? 'was lost' : 'was kept'}: ${safeJson(result)}`)
          const leaks = noLeak(result, secret === undefined ? [] : [secret])
          if (leaks.length > 0) fail(`${how}: ${leaks.join('; ')}`)
        }
      }
    },
  ),

  define(
    'a header named like an Object.prototype member (__proto__, constructor …) is sent like any other',
    fc.record({
      name: prototypeName,
      value: safeText,
      where: fc.constantFrom('headers', 'multiValueHeaders'),
    }),
    async ({ name, value, where }) => {
      // JSON.parse makes `__proto__` an own key, as a header map parsed from a request or config would.
      const map = JSON.parse(
        JSON.stringify({ x: where === 'headers' ? value : [value] }).replace('"x"', JSON.stringify(name)),
      )
      for (const door of DOORS) {
        const result = await answer(door, { statusCode: 200, [where]: map, body: 'ok' })
        expectValid(result, door)
        const sent = headerValuesOf(result, name)
        if (!sent.includes(value))
          fail(`${door}: the header ${JSON.stringify(name)} was lost: ${safeJson(result)}`)
      }
    },
  ),

  define(
    'no CR, LF or NUL reaches a header name or value, a cookie or a status description',
    fc.oneof(
      resultShaped.map((r) => ({ returned: r as unknown })),
      thrownValue.map((t) => ({ thrown: t })),
      fc
        .record({ statusCode: fc.integer({ min: 400, max: 599 }), message: hostileText, headers: headerMap })
        .map((t) => ({ thrown: Object.assign(new Error(t.message), t) as unknown })),
    ),
    async (input) => {
      for (const door of DOORS) {
        const result =
          'thrown' in input ? await answerThrown(door, input.thrown) : await answer(door, input.returned)
        expectNoInjection(result, door)
        expectValid(result, door)
      }
    },
  ),

  define(
    "a stream's bytes reach the caller exactly, or a 500 when over the limit, and no front door ever receives a stream object",
    streamCase,
    async (spec) => {
      const stream = new FreshStream(spec)
      const text = spec.asBody && (TEXT_TYPES as readonly unknown[]).includes(spec.contentType)
      for (const door of DOORS) {
        const { options, logged, repairs } = listening()
        const result = await answer(door, stream, options)
        expectValid(result, door)
        // The oracle refuses a body that is not a string; nor may the body be the stream's JSON.
        if (typeof result.body !== 'string' || /_readableState|"locked"/.test(result.body.slice(0, 100)))
          fail(`${door}: a stream object reached the front door: ${safeJson(result).slice(0, 500)}`)
        // Reading a stream is the middleware's job, not the repair of a malformed result.
        if (repairs.length > 0) fail(`${door}: reported ${safeJson(repairs.map((r) => r.code))}`)
        const limit = limitOf(door)
        if (stream.size > limit) {
          // Never a partial body; and the stream is destroyed or cancelled, not read on.
          expectServerError(result, logged, 'too-large', door)
          if (!stream.probe.closed) fail(`${door}: the stream was left open`)
          const most = Math.ceil(limit / BIG_CHUNK.length) + spec.chunks.length + 20
          if (stream.probe.pulled > most)
            fail(`${door}: ${stream.probe.pulled} chunks read for a ${limit}-byte limit`)
        } else if (spec.end !== 'close') {
          expectServerError(result, logged, 'unserializable', door)
          const leaks = noLeak(result, [spec.secret])
          if (leaks.length > 0) fail(`${door}: ${leaks.join('; ')}`)
        } else if (result.statusCode === 200) {
          if (!receivedBytes(result).equals(stream.bytes)) fail(`${door}: the bytes were altered`)
          const type = spec.asBody
            ? (spec.contentType ?? 'application/octet-stream')
            : 'application/octet-stream'
          if (!isDeepStrictEqual(headerValuesOf(result, 'content-type'), [type]))
            fail(`${door}: sent as ${safeJson(headerValuesOf(result, 'content-type'))}, not ${type}`)
          const compressed = headerValuesOf(result, 'content-encoding').length > 0
          if (!compressed && stream.size > 0 && result.isBase64Encoded === text)
            fail(`${door}: ${text ? 'UTF-8 text sent as base64' : 'bytes sent as text'}`)
        } else {
          // Only a stream whose body cannot fit once serialized (as text, or as base64) may be refused.
          expectServerError(result, logged, 'too-large', door)
          const serialized = text
            ? Buffer.byteLength(JSON.stringify(stream.bytes.toString('utf8')))
            : Math.ceil(stream.size / 3) * 4
          if (serialized + 1024 <= limit) fail(`${door}: a ${stream.size}-byte stream that fits was refused`)
        }
      }
    },
  ),

  define(
    "a pending promise's value is sent as if returned, never {}, and its rejection answered as if thrown",
    promiseCase,
    async (c) => {
      for (const door of DOORS) {
        const { options, logged, repairs } = listening()
        const result = await answer(door, promised(c), options)
        expectValid(result, door)
        // Repairs are reported with the result sent: not when what the promise holds cannot be sent.
        const failed = logged.some((entry) => entry.error?.name === 'ProxyResponseError')
        let expected: ProxyResult
        if ('value' in c.settles) {
          const { value } = c.settles
          expected = await answer(
            door,
            c.where === 'bare' ? value : new Fresh('', () => ({ statusCode: 200, body: materialize(value) })),
          )
          if (!failed && !repairs.some((repair) => repair.code === 'promise-awaited'))
            fail(`${door}: the promise was not reported: ${safeJson(repairs.map((r) => r.code))}`)
        } else expected = await answerThrown(door, c.settles.reason)
        deepEqualOrFail(
          received(result),
          received(expected),
          `${door}: the promise was not answered as what it settles to`,
        )
      }
    },
  ),

  define(
    'a Map, a Set or a class instance is sent as the {} it serializes to and reported; a plain {} is not reported',
    fc.oneof(
      lossyCase,
      fc.record({ kind: fc.constantFrom('{}', 'null-prototype {}'), inBody: fc.boolean() }),
    ),
    async (c) => {
      const lossy = 'entries' in c
      const plain = () => (c.kind === '{}' ? {} : Object.create(null))
      const value = lossy
        ? lossyValue(c)
        : new Fresh(c.kind, () => (c.inBody ? { statusCode: 200, body: plain() } : plain()))
      const path = c.inBody ? 'body' : ''
      for (const door of DOORS) {
        const { options, repairs } = listening({ logger: false })
        const result = await answer(door, value, options)
        expectValid(result, door)
        if (result.statusCode !== 200 || result.body !== '{}') fail(`${door}: sent ${safeJson(result)}`)
        const heard = repairs.map((repair) => [repair.code, repair.path])
        if (!isDeepStrictEqual(heard, lossy ? [['body-json-empty', path]] : []))
          fail(`${door}: reported ${safeJson(heard)}`)
      }
    },
  ),

  define(
    'a Content-Length is never a lie and no hop-by-hop header is sent; each is reported',
    lengthCase,
    async (c) => {
      const json = { name: c.text }
      const sentBytes = {
        text: Buffer.byteLength(c.text),
        bytes: c.bytes.length,
        object: Buffer.byteLength(JSON.stringify(json)),
        base64: c.bytes.length,
        stream: Buffer.byteLength(c.text),
        none: 0,
      }[c.body]
      const given =
        c.given === 'the byte count'
          ? String(sentBytes)
          : c.given === 'the byte count, as a number'
            ? sentBytes
            : c.given
      const multi = c.where === 'multiValueHeaders'
      const make = () => {
        const map: Record<string, unknown> = { [c.name]: multi && !Array.isArray(given) ? [given] : given }
        for (const name of c.hop) map[name] = multi ? ['x'] : 'x'
        const result: Record<string, unknown> = { statusCode: c.statusCode, [c.where]: map }
        if (c.body === 'text') result.body = c.text
        else if (c.body === 'bytes') result.body = Buffer.from(c.bytes)
        else if (c.body === 'object') result.body = json
        else if (c.body === 'base64')
          Object.assign(result, { body: Buffer.from(c.bytes).toString('base64'), isBase64Encoded: true })
        else if (c.body === 'stream') {
          map['content-type'] = multi ? ['text/plain'] : 'text/plain'
          result.body = Readable.from([c.text])
        }
        return result
      }
      const value = new Fresh(
        `${c.body} body, ${c.where}: ${safeJson({ [c.name]: given, hop: c.hop })}`,
        make,
      )
      const said = [...new Set(texts(given))]
      for (const door of DOORS) {
        const { options, repairs } = listening({ logger: false })
        const result = await answer(door, value, options)
        // The oracle holds a Content-Length to the bytes of the body sent, and refuses hop-by-hop headers.
        expectValid(result, door)
        const codes = repairs.map((repair) => repair.code)
        const length = headerValuesOf(result, 'content-length')
        if (forbidsBody(c.statusCode)) {
          if (length.length > 0) fail(`${door}: a Content-Length on a ${c.statusCode}`)
          if (!codes.includes('content-length-corrected'))
            fail(`${door}: the Content-Length left out was not reported`)
        } else {
          const bytes = decodedBody(result).length
          if (bytes !== sentBytes) fail(`${door}: ${bytes} bytes sent, not ${sentBytes}`)
          if (!isDeepStrictEqual(length, [String(bytes)]))
            fail(`${door}: Content-Length ${safeJson(length)} for ${bytes} bytes`)
          const right = isDeepStrictEqual(said, [String(bytes)])
          if (codes.includes('content-length-corrected') === right)
            fail(`${door}: Content-Length ${safeJson(said)} for ${bytes} bytes, reported ${safeJson(codes)}`)
        }
        for (const name of c.hop) {
          if (!repairs.some((r) => r.code === 'header-hop-by-hop' && r.path === `${c.where}.${name}`))
            fail(`${door}: ${name} was not reported: ${safeJson(codes)}`)
        }
      }
    },
  ),
]
