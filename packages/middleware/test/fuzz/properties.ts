// The arbitraries and properties of the bad-input hardening, defined once: `test/properties.test.ts`
// runs each with a few hundred runs as part of the normal suite, `test/fuzz/run.ts` with 100 000+.
// Every property runs the middleware as users do (`middy(handler).use(proxyResponse())`, Middy 7) on a
// real fixture event of every front door, and asserts on what the front door would receive. On
// CloudFront's four triggers, the events are drawn from the published ones and varied (./cloudfront.ts),
// and each result is judged by the oracle against the event it answers; properties that read a proxy
// result's fields read CloudFront's (`status` a string, `{ key, value }` entries, `bodyEncoding`) there.
import { Buffer, isUtf8 } from 'node:buffer'
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
  type Json,
  lambdaContext,
  MULTI_COOKIE_DOORS,
  safeJson,
  Thenable,
} from '../hardening/helpers.js'
import {
  assertContract,
  CLOUDFRONT_DOORS,
  type CloudFrontDoor,
  decodedBody,
  eventViolations,
  isCloudFrontDoor,
  limitOf,
  noLeak,
  type ProxyDoor,
  violations,
} from '../oracle/contract.js'
import {
  cfOf,
  disallowedName,
  type EdgeEventSpec,
  type Entry,
  edgeBytes,
  edgeEvent,
  edgeEventSpec,
  edgeEventSpecs,
  edgeReceived,
  edgeStrings,
  edgeValues,
  givenOf,
  givenValues,
  isContinuing,
  isDisallowed,
  isRequestDoor,
  methodOf,
  READ_ONLY,
} from './cloudfront.js'

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

/**
 * A handler that works on the event it is given: `make` changes CloudFront's request or response in
 * place, as Lambda@Edge functions do, and gives what the handler returns (or throws).
 */
export class OnEvent {
  constructor(
    readonly label: string,
    readonly make: (event: Json) => unknown,
  ) {}
  toString(): string {
    return this.label
  }
}

/**
 * A CloudFront invocation: the result, the event as CloudFront sent it (what the result is judged
 * against), and the event the handler got, maybe changed in place.
 */
export type Edged = { result: Json; event: Json; handled: Json }

/** What a handler returning (or throwing) `value` answers on `door`, on the event of `spec`; it must resolve. */
export const answerEdge = async (
  door: CloudFrontDoor,
  spec: EdgeEventSpec,
  value: unknown,
  options: ProxyResponseOptions = quiet,
  thrown = false,
): Promise<Edged> => {
  const event = edgeEvent(door, spec)
  const handled = edgeEvent(door, spec)
  const pending = value instanceof Unawaited ? value : undefined
  const handler = middy(async (given: Json) => {
    const made = value instanceof OnEvent ? value.make(given) : pending ? null : materialize(value)
    if (thrown) throw made
    return made
  }).use(proxyResponse(options))
  if (pending) {
    handler.use({
      after: (request) => {
        request.response = pending.make()
      },
    })
  }
  const result = (await handler(handled, lambdaContext())) as Json
  return { result, event, handled }
}

/** What a handler throwing `thrown` answers on `door`, on the event of `spec`. */
export const answerEdgeThrown = (
  door: CloudFrontDoor,
  spec: EdgeEventSpec,
  thrown: unknown,
  options: ProxyResponseOptions = quiet,
): Promise<Edged> => answerEdge(door, spec, thrown, options, true)

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

/** Fails unless CloudFront takes `result` from `door` exactly, judged with the event it answers. */
export const expectValidEdge = (result: unknown, door: CloudFrontDoor, event: Json): void => {
  const problems = validateProxyResult(result, door)
  if (problems.length > 0) {
    fail(`invalid ${door} result: ${safeJson(problems)}\nresult: ${safeJson(result).slice(0, 2000)}`)
  }
  assertContract(result, door, undefined, event)
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

/** Every header name, entry and status string of a CloudFront result, as CloudFront reads them. */
export const expectNoEdgeInjection = (result: unknown, door: CloudFrontDoor): void => {
  for (const text of edgeStrings(result)) {
    if (typeof text !== 'string' || FORBIDDEN.test(text)) {
      fail(`${door}: ${safeJson(text)} reaches a header, a cookie or the status line`)
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

// ---------------------------------------------------------------------------------------------------
// Bodies the web platform knows (what `new Response(value)` takes) and iterators, read like streams

/** 7 MiB of `x`, made once: sliced, the filler of bodies near a front door's limit. */
const FILLER = Buffer.alloc(7 * 1024 * 1024, 0x78)
/** An iterator yields its filler in chunks of 64 KiB, as streams do. */
const WEB_CHUNK = 64 * 1024

export const WEB_KINDS = [
  'Blob',
  'File',
  'URLSearchParams',
  'FormData',
  'async generator',
  'async iterable',
  'async iterable literal',
  'generator',
  'array iterator',
] as const

export type WebBodyCase = {
  kind: (typeof WEB_KINDS)[number]
  /** What it is made of: a Blob's parts, the values of URLSearchParams or FormData (bytes as files), an iterator's chunks. */
  parts: Array<string | Uint8Array>
  /** What an iterator yields instead of bytes (records), sent as a JSON array. */
  records: unknown[]
  /** A Blob's or File's type, and a FormData file's. */
  type: string
  /** Bytes of `x` added at the end: how near it comes to a front door's limit. */
  filler: number
  /** An iterator that yields a string after its records: a body that cannot be sent (a 500). */
  mixed: boolean
  asBody: boolean
  /** The content type the result gives, which wins over the value's own. */
  contentType: string | undefined
}

const isIteratorKind = (kind: WebBodyCase['kind']): boolean =>
  kind !== 'Blob' && kind !== 'File' && kind !== 'URLSearchParams' && kind !== 'FormData'

/** An async iterable of a class of its own (not a generator): each iteration starts anew. */
class Chunks {
  constructor(readonly chunks: unknown[]) {}
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    yield* this.chunks
  }
}

/** The chunks an iterator of the case yields. */
const chunksOf = (c: WebBodyCase): unknown[] => {
  if (c.records.length > 0) return c.mixed ? [...c.records, 'a string among records'] : c.records
  const out: unknown[] = [...c.parts]
  for (let at = 0; at < c.filler; at += WEB_CHUNK)
    out.push(FILLER.subarray(at, Math.min(c.filler, at + WEB_CHUNK)))
  return out
}

/** The value of a case, made afresh: a Blob, a File, URLSearchParams, FormData or an iterator. */
export const makeWebBody = (c: WebBodyCase): unknown => {
  const filler = FILLER.subarray(0, c.filler)
  switch (c.kind) {
    case 'Blob':
      return new Blob([...c.parts, filler], { type: c.type })
    case 'File':
      return new File([...c.parts, filler], 'report.bin', { type: c.type, lastModified: 0 })
    case 'URLSearchParams': {
      const params = new URLSearchParams()
      c.parts.forEach((part, i) => {
        params.append(`k${i}`, typeof part === 'string' ? part : Buffer.from(part).toString('latin1'))
      })
      if (c.filler > 0) params.append('filler', filler.toString('latin1'))
      return params
    }
    case 'FormData': {
      const form = new FormData()
      c.parts.forEach((part, i) => {
        if (typeof part === 'string') form.append(`field${i}`, part)
        else form.append(`file${i}`, new Blob([part], { type: c.type }), `file${i}.bin`)
      })
      if (c.filler > 0) form.append('filler', new Blob([filler]), 'filler.bin')
      return form
    }
    case 'async generator':
      return (async function* () {
        yield* chunksOf(c)
      })()
    case 'async iterable':
      return new Chunks(chunksOf(c))
    case 'async iterable literal':
      // An object literal whose only key is `Symbol.asyncIterator`, as custom iterables are written.
      return {
        async *[Symbol.asyncIterator]() {
          yield* chunksOf(c)
        },
      }
    case 'generator':
      return (function* () {
        yield* chunksOf(c)
      })()
    default:
      return chunksOf(c).values()
  }
}

const describeWebBody = (c: WebBodyCase): string => {
  const what = `${c.kind}(${safeJson(c.records.length > 0 ? c.records : c.parts.map((p) => (typeof p === 'string' ? p : [...p])))}${c.filler > 0 ? ` + ${c.filler} bytes` : ''}${c.mixed ? ', then a string' : ''}, type ${JSON.stringify(c.type)})`
  return c.asBody ? `{ body: ${what}, content-type: ${String(c.contentType)} }` : what
}

/** A case as a handler returns it: the value, or a result whose body it is. */
export const webBody = (c: WebBodyCase): Fresh<unknown> =>
  new Fresh(describeWebBody(c), () => {
    const value = makeWebBody(c)
    if (!c.asBody) return value
    return {
      statusCode: 200,
      headers: c.contentType === undefined ? {} : { 'Content-Type': c.contentType },
      body: value,
    }
  })

/**
 * What the caller must receive for a case: the bytes and content type `new Response(value)` gives a
 * Blob, File, URLSearchParams or FormData; for an iterator (which `new Response` does not take), its
 * chunks' bytes (`application/octet-stream`), or its records as a JSON array (`application/json`), as
 * the README says. `'unsendable'` for records followed by a string.
 */
export const expectedWebBody = async (
  c: WebBodyCase,
): Promise<{ bytes: Buffer; type: string } | 'unsendable'> => {
  let out: { bytes: Buffer; type: string }
  if (!isIteratorKind(c.kind)) {
    const response = new Response(makeWebBody(c) as Blob)
    out = {
      bytes: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get('content-type') ?? 'application/octet-stream',
    }
  } else if (c.records.length > 0) {
    if (c.mixed) return 'unsendable'
    out = { bytes: Buffer.from(JSON.stringify(c.records)), type: 'application/json' }
  } else {
    const parts = chunksOf(c).map((chunk) =>
      typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array),
    )
    out = { bytes: Buffer.concat(parts), type: 'application/octet-stream' }
  }
  if (c.asBody && c.contentType !== undefined) out.type = c.contentType
  return out
}

/**
 * Multipart bytes and their content type with the boundary replaced by a constant: each `new
 * Response(formData)` draws a boundary of its own. The boundary is read from the body's first line.
 */
const withoutBoundary = (bytes: Buffer, type: string): [string, string] => {
  const text = bytes.toString('latin1')
  const boundary = /^--([!-~]+?)(?:--)?\r\n/.exec(text)?.[1]
  if (boundary === undefined) return [text, type]
  return [text.replaceAll(boundary, 'BOUNDARY'), type.replaceAll(boundary, 'BOUNDARY')]
}

/** The few sizes a body can take in a serialized result: base64, and JSON text when its bytes are UTF-8. */
const serializedSizes = (bytes: Buffer): number[] => {
  const sizes = [Math.ceil(bytes.length / 3) * 4]
  if (isUtf8(bytes)) sizes.push(Buffer.byteLength(JSON.stringify(bytes.toString('utf8'))) - 2)
  return sizes
}

/** Filler sizes around each limit: where the bytes, as text or as base64, reach it. */
const fillerNear = (limit: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.constantFrom(1, 3 / 4), fc.integer({ min: -1500, max: 1500 }))
    .map(([ratio, offset]) => Math.max(0, Math.floor(limit * ratio) + offset))

const recordArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
)

export const webBodyCase: fc.Arbitrary<WebBodyCase> = fc
  .record({
    kind: fc.constantFrom(...WEB_KINDS),
    parts: fc.array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.uint8Array({ maxLength: 24 }),
      ),
      { maxLength: 4 },
    ),
    records: fc.oneof(
      { weight: 3, arbitrary: fc.constant<unknown[]>([]) },
      { weight: 1, arbitrary: fc.array(recordArb, { minLength: 1, maxLength: 4 }) },
    ),
    type: fc.constantFrom(
      '',
      'text/plain',
      'Text/Plain;charset=UTF-8',
      'application/json',
      'image/png',
      'application/octet-stream',
      'text/csv; charset=iso-8859-1',
      'image/svg+xml',
      'text/é',
    ),
    filler: fc.oneof(
      // Bodies near a limit cost tens of milliseconds on thirteen front doors: one in thirty.
      { weight: 90, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fillerNear(40_000) },
      { weight: 1, arbitrary: fillerNear(1_000_000) },
      { weight: 1, arbitrary: fillerNear(ALB_LIMIT) },
      { weight: 1, arbitrary: fillerNear(LAMBDA_LIMIT) },
    ),
    mixed: fc.boolean(),
    asBody: fc.boolean(),
    contentType: fc.constantFrom(undefined, 'text/plain', 'application/octet-stream', 'application/x-custom'),
  })
  .map((c) => ({ ...c, records: isIteratorKind(c.kind) ? c.records : [] }))

/**
 * The web bodies that can be read again and again (a Blob is immutable, URLSearchParams and FormData
 * are read anew by each `new Response()`, an async iterable object iterates anew), for the generators
 * whose values are not made afresh for each invocation.
 */
const reusableWebBody: fc.Arbitrary<unknown> = webBodyCase
  .filter(
    (c) =>
      c.kind !== 'async generator' && c.kind !== 'generator' && c.kind !== 'array iterator' && c.filler === 0,
  )
  .map(makeWebBody)

export const bodyArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b).toString('base64')) },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: bytes },
  { weight: 2, arbitrary: anything },
  { weight: 1, arbitrary: reusableWebBody },
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

// ---------------------------------------------------------------------------------------------------
// CloudFront's shape as handlers write it: `status`, `{ key, value }` entries, `bodyEncoding`, loosely

/** Header names a CloudFront result may hold: any name, and disallowed and read-only ones. */
const edgeHeaderName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: headerName },
  { weight: 1, arbitrary: disallowedName },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...new Set(Object.values(READ_ONLY).flat()),
      'Via',
      'Content-Length',
      'cloudfront-viewer-country',
    ),
  },
)

/** One entry of a CloudFront header, `{ key, value }`, or what handlers put in its place. */
const edgeEntry: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      { key: fc.oneof(headerName, fc.constant(undefined)), value: scalarHeaderValue },
      { requiredKeys: ['value'] },
    ),
  },
  { weight: 1, arbitrary: scalarHeaderValue },
  { weight: 1, arbitrary: fc.record({ value: scalarHeaderValue, extra: anything }) },
)

/** A CloudFront header map as handlers write it: entries in arrays, or an entry or a value without one. */
export const edgeHeaderMap: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.dictionary(
      edgeHeaderName,
      fc.oneof(
        { weight: 3, arbitrary: fc.array(edgeEntry, { maxLength: 3 }) },
        { weight: 2, arbitrary: edgeEntry },
      ),
      { maxKeys: 5 },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 'a: b', 42, [], [['a', 'b']]) },
)

/** Anything shaped like a CloudFront response, every key of any kind, and extra keys. */
export const edgeShaped: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        status: fc.oneof(
          statusCodeArb,
          statusCodeArb.map((code) => (typeof code === 'number' ? String(code) : code)),
          fc.constantFrom('200', '302', '404', 'abc', ''),
        ),
        statusDescription: fc.oneof(hostileText, safeText, anything),
        headers: edgeHeaderMap,
        body: bodyArb,
        bodyEncoding: fc.constantFrom('text', 'base64', 'BASE64', 1, null, undefined),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 6 }), anything, { maxKeys: 2 }),
    fc.option(bytes, { nil: undefined }),
  )
  .map(([result, extra, base64]) => {
    const out: Record<string, unknown> = { ...extra, ...result }
    if (base64 !== undefined)
      Object.assign(out, { body: Buffer.from(base64).toString('base64'), bodyEncoding: 'base64' })
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
  // Small ones: bodies near a limit have a property of their own.
  { weight: 2, arbitrary: webBodyCase.filter((c) => c.filler === 0).map(webBody) },
  { weight: 2, arbitrary: edgeShaped },
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
// CloudFront: results that keep to a trigger's contract, and changes a function makes to what
// CloudFront gave it

/** Sets an own key, even one named like `__proto__`. */
const own = (target: Json, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

const titleCase = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())

type KeyHow = 'lower' | 'title' | 'upper' | 'none'
const keyHow: fc.Arbitrary<KeyHow> = fc.constantFrom('lower', 'title', 'upper', 'none')

/** An entry of header `name` with its `key` spelled one way, or without one. */
const entryOf = (name: string, how: KeyHow, value: string): Entry =>
  how === 'none'
    ? { value }
    : { key: how === 'title' ? titleCase(name) : how === 'upper' ? name.toUpperCase() : name, value }

/** Framing headers a generated response never carries (CloudFront computes them). */
const FRAMING = /^(?:content-length|transfer-encoding|via)$/

/** Header names a function may set freely on `door`: neither disallowed, read-only nor framing ones. */
const freeName = (door: CloudFrontDoor): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 2, arbitrary: token.map((t) => t.toLowerCase()) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('cache-control', 'content-type', 'x-frame-options', 'location', 'etag'),
      },
    )
    .filter(
      (name) =>
        !isDisallowed(name) &&
        !READ_ONLY[door].includes(name) &&
        !FRAMING.test(name) &&
        !COMPUTED.test(name) &&
        name !== 'set-cookie' &&
        name !== 'cloudfront-viewer-country',
    )

/** Changes a function may make to a response (or make one of): each keeps to the trigger's contract. */
export type EdgeEdits = {
  status: number | undefined
  statusDescription: string | undefined
  add: Array<[string, string[], KeyHow]>
  /** Which headers CloudFront gave are removed (a bit each, in key order; read-only ones never). */
  remove: number
  cookies: string[]
  body: { text: string; encoding: boolean } | { base64: string } | undefined
  /** A request's changes: its uri, query string, include-body data and origin. */
  uri: string | undefined
  querystring: string | undefined
  replaceBody: { encoding: 'text' | 'base64'; data: string } | undefined
  originDomain: string | undefined
}

const uriArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...'abcxyz019-._~%'), { maxLength: 12 })
  .map((chars) => `/${chars.join('')}`)

export const edgeEdits = (door: CloudFrontDoor): fc.Arbitrary<EdgeEdits> =>
  fc.record({
    status: fc.option(fc.integer({ min: 200, max: 599 }), { nil: undefined, freq: 2 }),
    statusDescription: fc.option(safeText, { nil: undefined, freq: 2 }),
    add: fc
      .uniqueArray(freeName(door), { maxLength: 4 })
      .chain((names) =>
        fc.tuple(
          ...names.map((name) =>
            fc.tuple(fc.constant(name), fc.array(oneCookieText, { minLength: 1, maxLength: 2 }), keyHow),
          ),
        ),
      ),
    remove: fc.nat({ max: 255 }),
    cookies: fc.array(oneCookieText, { maxLength: 3 }),
    body: fc.option(
      fc.oneof(
        fc.record({ text: fc.string({ maxLength: 60 }), encoding: fc.boolean() }),
        bytes.map((b) => ({ base64: Buffer.from(b).toString('base64') })),
      ),
      { nil: undefined, freq: 2 },
    ),
    uri: fc.option(uriArb, { nil: undefined, freq: 2 }),
    querystring: fc.option(fc.constantFrom('', 'a=1', 'q=%20x&y=2', 'sort=desc'), {
      nil: undefined,
      freq: 2,
    }),
    replaceBody: fc.option(
      fc.oneof(
        fc.record({ encoding: fc.constant('text' as const), data: safeText }),
        bytes.map((b) => ({ encoding: 'base64' as const, data: Buffer.from(b).toString('base64') })),
      ),
      { nil: undefined, freq: 3 },
    ),
    originDomain: fc.option(fc.constantFrom('example.com', 'origin.example.org'), {
      nil: undefined,
      freq: 3,
    }),
  })

/** Adds, removes and sets headers as `edits` say, in place, leaving read-only headers alone. */
const editHeaders = (headers: Json, door: CloudFrontDoor, edits: EdgeEdits): void => {
  Object.keys(headers).forEach((name, i) => {
    if ((edits.remove >> i) & 1 && !READ_ONLY[door].includes(name)) delete headers[name]
  })
  for (const [name, values, how] of edits.add)
    own(
      headers,
      name,
      values.map((value) => entryOf(name, how, value)),
    )
  if (edits.cookies.length > 0)
    own(
      headers,
      'set-cookie',
      edits.cookies.map((value) => ({ key: 'Set-Cookie', value })),
    )
}

/** Changes a request CloudFront gave a request trigger, in place, as `edits` say (all within its contract). */
export const editRequest = (request: Json, door: CloudFrontDoor, edits: EdgeEdits): void => {
  editHeaders(request.headers as Json, door, edits)
  if (edits.uri !== undefined) request.uri = edits.uri
  if (edits.querystring !== undefined) request.querystring = edits.querystring
  // With the include-body option, a function may replace the body.
  if (edits.replaceBody !== undefined && request.body !== undefined)
    request.body = { ...(request.body as Json), action: 'replace', ...edits.replaceBody }
  const origin = request.origin as Record<string, Json> | undefined
  const kind = origin?.custom ?? origin?.s3
  if (edits.originDomain !== undefined && kind !== undefined) kind.domainName = edits.originDomain
}

/** The body of a response, set as `edits` say unless the response can carry none. */
const setEdgeBody = (response: Json, event: Json, edits: EdgeEdits): void => {
  const status = response.status
  if (edits.body === undefined || status === '204' || status === '304' || methodOf(event) === 'HEAD') return
  if ('text' in edits.body) {
    response.body = edits.body.text
    if (edits.body.encoding) response.bodyEncoding = 'text'
  } else Object.assign(response, { body: edits.body.base64, bodyEncoding: 'base64' })
}

/**
 * Changes a response CloudFront gave a response trigger, in place, as `edits` say: a viewer
 * response's status and body are CloudFront's; a Content-Length the origin sent is set to the bytes of
 * a body that replaces the origin's.
 */
export const editResponse = (response: Json, door: CloudFrontDoor, event: Json, edits: EdgeEdits): void => {
  const viewer = door === 'cloudfront-viewer-response'
  if (!viewer && edits.status !== undefined) response.status = String(edits.status)
  if (edits.statusDescription !== undefined) response.statusDescription = edits.statusDescription
  const headers = response.headers as Json
  editHeaders(headers, door, edits)
  if (viewer) return
  setEdgeBody(response, event, edits)
  if (typeof response.body === 'string' && Object.hasOwn(headers, 'content-length')) {
    const count = String(decodedBody(response).length)
    headers['content-length'] = [{ key: 'Content-Length', value: count }]
  }
}

/** A response a request trigger generates, as `edits` say: valid, but for the event it answers. */
export const generatedResponse = (door: CloudFrontDoor, event: Json, edits: EdgeEdits): Json => {
  const response: Json = { status: String(edits.status ?? 200) }
  if (edits.statusDescription !== undefined) response.statusDescription = edits.statusDescription
  const headers: Json = {}
  editHeaders(headers, door, edits)
  if (Object.keys(headers).length > 0 || edits.remove % 2 === 1) response.headers = headers
  setEdgeBody(response, event, edits)
  return response
}

/**
 * A result `door` accepts as it is, for the event of `spec`: a generated response on a request trigger,
 * CloudFront's response changed within the contract on a response trigger.
 */
export const validEdgeResult = (door: CloudFrontDoor): fc.Arbitrary<{ spec: EdgeEventSpec; result: Json }> =>
  fc.tuple(edgeEventSpec(door), edgeEdits(door)).map(([spec, edits]) => {
    const event = edgeEvent(door, spec)
    if (isRequestDoor(door)) return { spec, result: generatedResponse(door, event, edits) }
    const response = structuredClone(givenOf(event, door))
    editResponse(response, door, event, edits)
    return { spec, result: response }
  })

/** A request a request trigger sends on, CloudFront's changed within the contract (else a valid response). */
export const validEdgeRequest = (
  door: CloudFrontDoor,
): fc.Arbitrary<{ spec: EdgeEventSpec; result: Json }> =>
  isRequestDoor(door)
    ? fc.tuple(edgeEventSpec(door), edgeEdits(door)).map(([spec, edits]) => {
        const request = structuredClone(givenOf(edgeEvent(door, spec), door))
        editRequest(request, door, edits)
        return { spec, result: request }
      })
    : validEdgeResult(door)

// ---------------------------------------------------------------------------------------------------
// Properties

export type RunOptions = { numRuns: number; seed?: number; path?: string }

export type PropertyDef = {
  name: string
  /** Runs the property; rejects with fast-check's report (seed, path, counterexample) on failure. */
  check: (options: RunOptions) => Promise<void>
  /** Draws a proxy front door for every run: nothing of it runs on CloudFront's triggers. */
  proxyOnly?: boolean
}

/**
 * The front doors the properties run on: every one, or (`pnpm fuzz -- --cloudfront`) CloudFront's four
 * triggers alone, so that many runs of CloudFront's events take a fraction of the time.
 */
export const fuzzing = { proxyDoors: true }
const proxyDoors = (): readonly ProxyDoor[] => (fuzzing.proxyDoors ? DOORS : [])

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

/** A property that draws a proxy front door for every run. */
const proxyOnly = <T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
): PropertyDef => ({ ...define(name, arbitrary, predicate), proxyOnly: true })

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

/**
 * What a caller receives (`received`, `edgeReceived`), with a multipart boundary replaced by a
 * constant: each `new Response(formData)` draws a boundary of its own. The boundary is the content
 * type's, or the body's first line's when a content type the result gave replaced it.
 */
const unbound = <T extends { headers: unknown[][]; body: string }>(view: T): T => {
  const type = view.headers.find(([name]) => name === 'content-type')?.[1]
  // No body (a HEAD request): the content type still names the boundary.
  const text = view.body === 'none' ? '' : Buffer.from(view.body, 'base64').toString('latin1')
  const boundary =
    /boundary=([^;,\s]+)/.exec(String((type as unknown[] | undefined)?.[0]))?.[1] ??
    /^--([!-~]+?)(?:--)?\r\n/.exec(text)?.[1]
  if (boundary === undefined) return view
  const body =
    view.body === 'none'
      ? view.body
      : Buffer.from(text.replaceAll(boundary, 'BOUNDARY'), 'latin1').toString('base64')
  return {
    ...view,
    headers: view.headers.map(([name, values]) =>
      name === 'content-type'
        ? [name, (values as string[]).map((v) => v.replaceAll(boundary, 'BOUNDARY'))]
        : [name, values],
    ),
    body,
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

/** Fails unless a CloudFront result is the generic 500 and the log says why with `code`. */
const expectEdgeServerError = (result: Json, logged: LogEntry[], code: string, how: string): void => {
  const body = typeof result.body === 'string' ? decodedBody(result).toString() : result.body
  if (result.status !== '500' || body !== SERVER_ERROR)
    fail(`${how}: answered ${safeJson(result.status)} ${safeJson(body).slice(0, 200)}, not the generic 500`)
  const codes = logged.map((entry) => entry.error?.code)
  if (!codes.includes(code)) fail(`${how}: logged ${safeJson(codes)}, not ${code}`)
}

/** Fails unless a viewer response's status is CloudFront's and it carries no body of its own. */
const expectViewerKept = (result: Json, event: Json, how: string): void => {
  const given = givenOf(event, 'cloudfront-viewer-response')
  if (result.status !== given.status || result.body !== undefined)
    fail(`${how}: the viewer response ${safeJson(given.status)} became ${safeJson(result).slice(0, 500)}`)
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
  define(
    'every returned value becomes a valid result on every front door',
    fc.tuple(returnedValue, edgeEventSpecs()),
    async ([value, edge]) => {
      for (const door of proxyDoors()) {
        const result = await answer(door, value)
        expectValid(result, door)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const { result, event } = await answerEdge(door, edge[door], value)
        expectValidEdge(result, door, event)
      }
    },
  ),

  define(
    'every thrown value becomes a valid error response on every front door',
    fc.tuple(thrownValue, edgeEventSpecs()),
    async ([thrown, edge]) => {
      for (const door of proxyDoors()) {
        const result = await answerThrown(door, thrown)
        expectValid(result, door)
        if (result.statusCode < 400) fail(`${door}: a thrown value was answered ${result.statusCode}`)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const { result, event } = await answerEdgeThrown(door, edge[door], thrown)
        expectValidEdge(result, door, event)
        // A viewer response's status is CloudFront's: it stays as CloudFront gave it, without a body.
        if (door === 'cloudfront-viewer-response') {
          const given = givenOf(event, door)
          if (result.status !== given.status || result.body !== undefined)
            fail(`${door}: a throw changed the viewer response: ${safeJson(result)}`)
        } else if (!(Number(result.status) >= 400))
          fail(`${door}: a thrown value was answered ${safeJson(result.status)}`)
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
      edge: edgeEventSpecs(),
    }),
    async ({ edge, ...input }) => {
      const result0 = { ...input, body: 'ok' }
      // A cookie is sendable when it is a header value (no control character but HTAB, no non-Latin-1);
      // a comma-joined list is the cookies it holds.
      const sendable = input.cookies
        .filter((c) => /^[\t\x20-\x7e\x80-\xff]*$/.test(c))
        .flatMap((c) => c.split(COOKIE_JOIN))
      for (const door of proxyDoors()) {
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
      // CloudFront carries every cookie, one `set-cookie` entry each.
      for (const door of CLOUDFRONT_DOORS) {
        const { result, event } = await answerEdge(door, edge[door], result0)
        expectValidEdge(result, door, event)
        expectNoEdgeInjection(result, door)
        const sent = edgeValues(result, 'set-cookie')
        for (const cookie of sendable) {
          if (!sent.includes(cookie)) fail(`${door}: the cookie ${JSON.stringify(cookie)} was lost`)
        }
        const status =
          door === 'cloudfront-viewer-response' ? givenOf(event, door).status : String(input.statusCode)
        if (result.status !== status)
          fail(`${door}: status ${input.statusCode} became ${safeJson(result.status)}`)
      }
    },
  ),

  define(
    'any statusCode becomes an integer 100–599, and a valid one is kept',
    fc.tuple(statusCodeArb, edgeEventSpecs()),
    async ([statusCode, edge]) => {
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
      for (const door of proxyDoors()) {
        const result = await answer(door, { statusCode, body: 'status' })
        expectValid(result, door)
        if (result.statusCode !== expected)
          fail(`${door}: statusCode ${safeJson(statusCode)} became ${result.statusCode}, not ${expected}`)
      }
      // CloudFront takes a status as a string from "200" to "599" (CONTRACT.md): 1xx cannot be sent, so
      // it is a server error; a viewer response keeps CloudFront's.
      for (const door of CLOUDFRONT_DOORS) {
        const { result, event } = await answerEdge(door, edge[door], { statusCode, body: 'status' })
        expectValidEdge(result, door, event)
        const status =
          door === 'cloudfront-viewer-response'
            ? givenOf(event, door).status
            : String(expected >= 200 ? expected : 500)
        if (result.status !== status)
          fail(
            `${door}: statusCode ${safeJson(statusCode)} became ${safeJson(result.status)}, not ${safeJson(status)}`,
          )
      }
    },
  ),

  proxyOnly(
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

  proxyOnly(
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

  proxyOnly(
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
    fc.tuple(
      fc.oneof(
        returnedValue.map((v) => ({ returned: v })),
        thrownValue.map((t) => ({ thrown: t })),
      ),
      edgeEventSpecs(),
    ),
    async ([input, edge]) => {
      for (const door of proxyDoors()) {
        const first =
          'thrown' in input ? await answerThrown(door, input.thrown) : await answer(door, input.returned)
        const firstCopy = snapshot(first)
        const second = await answer(door, first)
        deepEqualOrFail(second, firstCopy, `${door}: a second pass changed the result`)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const spec = edge[door]
        const first =
          'thrown' in input
            ? await answerEdgeThrown(door, spec, input.thrown)
            : await answerEdge(door, spec, input.returned)
        const firstCopy = snapshot(first.result)
        const second = await answerEdge(door, spec, first.result)
        deepEqualOrFail(second.result, firstCopy, `${door}: a second pass changed the result`)
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
      edge: edgeEventSpecs(),
    }),
    async ({ secret, statusCode, exposeFalse, kind, errorFormat, returned, edge }) => {
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
      for (const door of proxyDoors()) {
        const value = new Fresh(kind, make)
        const result =
          returned && kind !== 'plain-object'
            ? await answer(door, value, options)
            : await answerThrown(door, value, options)
        expectValid(result, door)
        const leaks = noLeak(result, [secret])
        if (leaks.length > 0) fail(`${door}: ${leaks.join('; ')}: ${safeJson(result)}`)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const value = new Fresh(kind, make)
        const { result, event } =
          returned && kind !== 'plain-object'
            ? await answerEdge(door, edge[door], value, options)
            : await answerEdgeThrown(door, edge[door], value, options)
        expectValidEdge(result, door, event)
        const leaks = noLeak(result, [secret])
        if (leaks.length > 0) fail(`${door}: ${leaks.join('; ')}: ${safeJson(result)}`)
      }
    },
  ),

  define(
    "an error's status comes from its statusCode only, its message only when it says expose: true, its headers only with a boolean expose",
    fc.tuple(
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
      edgeEventSpecs(),
    ),
    async ([{ error, secret }, edge]) => {
      // Middy's convention, written out: an integer statusCode 400–599 is the status, else 500.
      const fields = error as Error & { statusCode?: unknown; expose?: unknown; headers?: unknown }
      const own = fields.statusCode
      const status =
        Number.isInteger(own) && (own as number) >= 400 && (own as number) <= 599 ? (own as number) : 500
      const exposed = status === own && fields.expose === true
      const keepsHeaders = status === own && typeof fields.expose === 'boolean'
      const message = exposed && error.message !== '' ? error.message : reasonOf(status)
      const detail = (fields.headers as Record<string, string> | undefined)?.['X-Error-Detail']
      for (const door of proxyDoors()) {
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
      for (const door of CLOUDFRONT_DOORS) {
        for (const returned of [false, true]) {
          const { result, event } = returned
            ? await answerEdge(door, edge[door], error)
            : await answerEdgeThrown(door, edge[door], error)
          const how = `${door}, ${returned ? 'returned' : 'thrown'}`
          expectValidEdge(result, door, event)
          const kept = edgeValues(result, 'x-error-detail')
          const leaks = noLeak(result, secret === undefined ? [] : [secret])
          if (leaks.length > 0) fail(`${how}: ${leaks.join('; ')}`)
          if (door === 'cloudfront-viewer-response' && !returned) {
            // A throw leaves the viewer response as CloudFront gave it (a value repeated in one header is
            // sent once, as in every repaired header).
            deepEqualOrFail(
              edgeReceived(result, true),
              edgeReceived(givenOf(event, door), true),
              `${how}: the viewer response was changed`,
            )
            continue
          }
          if (!isDeepStrictEqual(kept, keepsHeaders && detail !== undefined ? [detail] : []))
            fail(`${how}: the error's header ${keepsHeaders ? 'was lost' : 'was kept'}: ${safeJson(result)}`)
          if (door === 'cloudfront-viewer-response') {
            expectViewerKept(result, event, how)
            continue
          }
          if (result.status !== String(status))
            fail(`${how}: answered ${safeJson(result.status)}, not ${status}`)
          if (methodOf(event) === 'HEAD') {
            if (result.body !== undefined) fail(`${how}: a body answers a HEAD request`)
            continue
          }
          const body = JSON.parse(decodedBody(result).toString()) as { message?: unknown }
          if (body.message !== message)
            fail(`${how}: the message ${safeJson(body.message)}, not ${safeJson(message)}`)
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
      edge: edgeEventSpecs(),
    }),
    async ({ name, value, where, edge }) => {
      // JSON.parse makes `__proto__` an own key, as a header map parsed from a request or config would.
      const map = JSON.parse(
        JSON.stringify({ x: where === 'headers' ? value : [value] }).replace('"x"', JSON.stringify(name)),
      )
      for (const door of proxyDoors()) {
        const result = await answer(door, { statusCode: 200, [where]: map, body: 'ok' })
        expectValid(result, door)
        const sent = headerValuesOf(result, name)
        if (!sent.includes(value))
          fail(`${door}: the header ${JSON.stringify(name)} was lost: ${safeJson(result)}`)
      }
      // On CloudFront, in a proxy result and in CloudFront's own shape, keyed by the lower-cased name.
      const edgeMap = JSON.parse(
        JSON.stringify({ x: [{ key: name, value }] }).replace('"x"', JSON.stringify(name.toLowerCase())),
      )
      for (const door of CLOUDFRONT_DOORS) {
        for (const returned of [
          { statusCode: 200, [where]: map, body: 'ok' },
          { status: '200', headers: edgeMap, body: 'ok' },
        ]) {
          const { result, event } = await answerEdge(door, edge[door], returned)
          expectValidEdge(result, door, event)
          if (!edgeValues(result, name).includes(value))
            fail(`${door}: the header ${JSON.stringify(name)} was lost: ${safeJson(result)}`)
        }
      }
    },
  ),

  define(
    'no CR, LF or NUL reaches a header name or value, a cookie or a status description',
    fc.tuple(
      fc.oneof(
        resultShaped.map((r) => ({ returned: r as unknown })),
        edgeShaped.map((r) => ({ returned: r as unknown })),
        thrownValue.map((t) => ({ thrown: t })),
        fc
          .record({
            statusCode: fc.integer({ min: 400, max: 599 }),
            message: hostileText,
            headers: headerMap,
          })
          .map((t) => ({ thrown: Object.assign(new Error(t.message), t) as unknown })),
      ),
      edgeEventSpecs(),
    ),
    async ([input, edge]) => {
      for (const door of proxyDoors()) {
        const result =
          'thrown' in input ? await answerThrown(door, input.thrown) : await answer(door, input.returned)
        expectNoInjection(result, door)
        expectValid(result, door)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const { result, event } =
          'thrown' in input
            ? await answerEdgeThrown(door, edge[door], input.thrown)
            : await answerEdge(door, edge[door], input.returned)
        expectNoEdgeInjection(result, door)
        expectValidEdge(result, door, event)
      }
    },
  ),

  define(
    "a stream's bytes reach the caller exactly, or a 500 when over the limit, and no front door ever receives a stream object",
    fc.tuple(streamCase, edgeEventSpecs({ head: false })),
    async ([spec, edge]) => {
      const stream = new FreshStream(spec)
      const text = spec.asBody && (TEXT_TYPES as readonly unknown[]).includes(spec.contentType)
      for (const door of proxyDoors()) {
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
      for (const door of CLOUDFRONT_DOORS) {
        const { options, logged, repairs } = listening()
        const { result, event } = await answerEdge(door, edge[door], stream, options)
        expectValidEdge(result, door, event)
        if (
          result.body !== undefined &&
          (typeof result.body !== 'string' || /_readableState|"locked"/.test(result.body.slice(0, 100)))
        )
          fail(`${door}: a stream object reached CloudFront: ${safeJson(result).slice(0, 500)}`)
        const limit = limitOf(door)
        if (stream.size > limit) {
          if (!stream.probe.closed) fail(`${door}: the stream was left open`)
          const most = Math.ceil(limit / BIG_CHUNK.length) + spec.chunks.length + 20
          if (stream.probe.pulled > most)
            fail(`${door}: ${stream.probe.pulled} chunks read for a ${limit}-byte limit`)
        }
        if (door === 'cloudfront-viewer-response') {
          // The body of a viewer response is the origin's: the one read is left out, and said so, as is the
          // 200 of a stream where CloudFront's status differs. A stream that fails is a throw: no repair.
          expectViewerKept(result, event, door)
          const read = spec.end === 'close' && stream.size <= limit
          const heard = [
            ...(read && givenOf(event, door).status !== '200' ? ['status-read-only'] : []),
            ...(read && stream.size > 0 ? ['body-read-only'] : []),
          ]
          if (
            !isDeepStrictEqual(
              repairs.map((r) => r.code),
              heard,
            )
          )
            fail(`${door}: reported ${safeJson(repairs.map((r) => r.code))}, not ${safeJson(heard)}`)
          continue
        }
        if (repairs.length > 0) fail(`${door}: reported ${safeJson(repairs.map((r) => r.code))}`)
        if (stream.size > limit) expectEdgeServerError(result, logged, 'too-large', door)
        else if (spec.end !== 'close') {
          expectEdgeServerError(result, logged, 'unserializable', door)
          const leaks = noLeak(result, [spec.secret])
          if (leaks.length > 0) fail(`${door}: ${leaks.join('; ')}`)
        } else if (result.status === '200') {
          if (!edgeBytes(result).equals(stream.bytes)) fail(`${door}: the bytes were altered`)
          const type = spec.asBody
            ? (spec.contentType ?? 'application/octet-stream')
            : 'application/octet-stream'
          if (!isDeepStrictEqual(edgeValues(result, 'content-type'), [type]))
            fail(`${door}: sent as ${safeJson(edgeValues(result, 'content-type'))}, not ${type}`)
          const compressed = edgeValues(result, 'content-encoding').length > 0
          if (!compressed && stream.size > 0 && (result.bodyEncoding === 'base64') === text)
            fail(`${door}: ${text ? 'UTF-8 text sent as base64' : 'bytes sent as text'}`)
        } else {
          expectEdgeServerError(result, logged, 'too-large', door)
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
    fc.tuple(promiseCase, edgeEventSpecs()),
    async ([c, edge]) => {
      for (const door of proxyDoors()) {
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
          unbound(received(result)),
          unbound(received(expected)),
          `${door}: the promise was not answered as what it settles to`,
        )
      }
      for (const door of CLOUDFRONT_DOORS) {
        const spec = edge[door]
        const { options, logged, repairs } = listening()
        const { result, event } = await answerEdge(door, spec, promised(c), options)
        expectValidEdge(result, door, event)
        const failed = logged.some((entry) => entry.error?.name === 'ProxyResponseError')
        let expected: Json
        if ('value' in c.settles) {
          const { value } = c.settles
          ;({ result: expected } = await answerEdge(
            door,
            spec,
            c.where === 'bare' ? value : new Fresh('', () => ({ statusCode: 200, body: materialize(value) })),
          ))
          if (!failed && !repairs.some((repair) => repair.code === 'promise-awaited'))
            fail(`${door}: the promise was not reported: ${safeJson(repairs.map((r) => r.code))}`)
        } else ({ result: expected } = await answerEdgeThrown(door, spec, c.settles.reason))
        deepEqualOrFail(
          unbound(edgeReceived(result)),
          unbound(edgeReceived(expected)),
          `${door}: the promise was not answered as what it settles to`,
        )
      }
    },
  ),

  define(
    'a Map, a Set or a class instance is sent as the {} it serializes to and reported; a plain {} is not reported',
    fc.tuple(
      fc.oneof(
        lossyCase,
        fc.record({ kind: fc.constantFrom('{}', 'null-prototype {}'), inBody: fc.boolean() }),
      ),
      edgeEventSpecs({ head: false }),
    ),
    async ([c, edge]) => {
      const lossy = 'entries' in c
      const plain = () => (c.kind === '{}' ? {} : Object.create(null))
      const value = lossy
        ? lossyValue(c)
        : new Fresh(c.kind, () => (c.inBody ? { statusCode: 200, body: plain() } : plain()))
      const path = c.inBody ? 'body' : ''
      for (const door of proxyDoors()) {
        const { options, repairs } = listening({ logger: false })
        const result = await answer(door, value, options)
        expectValid(result, door)
        if (result.statusCode !== 200 || result.body !== '{}') fail(`${door}: sent ${safeJson(result)}`)
        const heard = repairs.map((repair) => [repair.code, repair.path])
        if (!isDeepStrictEqual(heard, lossy ? [['body-json-empty', path]] : []))
          fail(`${door}: reported ${safeJson(heard)}`)
      }
      for (const door of CLOUDFRONT_DOORS) {
        const { options, repairs } = listening({ logger: false })
        const { result, event } = await answerEdge(door, edge[door], value, options)
        expectValidEdge(result, door, event)
        const heard = repairs.map((repair) => [repair.code, repair.path])
        const lost = lossy ? [['body-json-empty', path]] : []
        if (door === 'cloudfront-viewer-response') {
          // The `{}` is a body, and a viewer response's body is the origin's: left out, and said so; so is
          // its 200 where CloudFront's status differs.
          expectViewerKept(result, event, door)
          const status = givenOf(event, door).status === '200' ? [] : [['status-read-only', 'status']]
          if (!isDeepStrictEqual(heard, [...lost, ...status, ['body-read-only', 'body']]))
            fail(`${door}: reported ${safeJson(heard)}`)
          continue
        }
        if (result.status !== '200' || result.body !== '{}' || result.bodyEncoding === 'base64')
          fail(`${door}: sent ${safeJson(result)}`)
        if (!isDeepStrictEqual(heard, lost)) fail(`${door}: reported ${safeJson(heard)}`)
      }
    },
  ),

  define(
    'a Content-Length is never a lie and no hop-by-hop header is sent; each is reported',
    fc.tuple(lengthCase, edgeEventSpecs({ head: false })),
    async ([c, edge]) => {
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
      for (const door of proxyDoors()) {
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
      // CloudFront frames a generated response itself: no Content-Length there at all. A response
      // trigger's read-only headers (Transfer-Encoding, and on a viewer response Content-Length) are
      // CloudFront's, whatever the handler says.
      for (const door of CLOUDFRONT_DOORS) {
        const { options, repairs } = listening({ logger: false })
        const { result, event } = await answerEdge(door, edge[door], value, options)
        expectValidEdge(result, door, event)
        const given = givenOf(event, door)
        const codes = repairs.map((repair) => repair.code)
        const length = edgeValues(result, 'content-length')
        const kept = (name: string): string[] =>
          isRequestDoor(door) || !READ_ONLY[door].includes(name.toLowerCase())
            ? []
            : (givenValues(given, name) ?? [])
        if (forbidsBody(c.statusCode)) {
          if (!codes.includes('content-length-corrected'))
            fail(`${door}: the Content-Length left out was not reported`)
        } else {
          const right = isDeepStrictEqual(said, [String(sentBytes)])
          if (codes.includes('content-length-corrected') === right)
            fail(
              `${door}: Content-Length ${safeJson(said)} for ${sentBytes} bytes, reported ${safeJson(codes)}`,
            )
        }
        if (door === 'cloudfront-viewer-response') {
          expectViewerKept(result, event, door)
          if (!isDeepStrictEqual(length, kept('content-length')))
            fail(
              `${door}: Content-Length ${safeJson(length)}, not CloudFront's ${safeJson(kept('content-length'))}`,
            )
        } else if (isRequestDoor(door)) {
          if (length.length > 0)
            fail(`${door}: a generated response carries Content-Length ${safeJson(length)}`)
        } else if (!forbidsBody(c.statusCode)) {
          const bytes = decodedBody(result).length
          if (bytes !== sentBytes) fail(`${door}: ${bytes} bytes sent, not ${sentBytes}`)
          if (length.length > 0 && !isDeepStrictEqual(length, [String(bytes)]))
            fail(`${door}: Content-Length ${safeJson(length)} for ${bytes} bytes`)
        }
        if (isRequestDoor(door) && !forbidsBody(c.statusCode)) {
          const bytes = decodedBody(result).length
          if (bytes !== sentBytes) fail(`${door}: ${bytes} bytes sent, not ${sentBytes}`)
        }
        for (const name of c.hop) {
          const sent = edgeValues(result, name)
          if (!isDeepStrictEqual(sent, kept(name)))
            fail(`${door}: ${name} sent as ${safeJson(sent)}, not ${safeJson(kept(name))}`)
          if (
            !repairs.some(
              (r) =>
                (r.code === 'header-hop-by-hop' || r.code === 'header-disallowed') &&
                r.path === `${c.where}.${name}`,
            )
          )
            fail(`${door}: ${name} was not reported: ${safeJson(codes)}`)
        }
      }
    },
  ),

  define(
    'on CloudFront, a body of any size and content is sent whole when it fits the trigger, else a 500 (without compression)',
    fc
      .record({
        // A viewer response's body is the origin's: the middleware sends none there.
        door: fc.constantFrom<CloudFrontDoor>(
          'cloudfront-viewer-request',
          'cloudfront-origin-request',
          'cloudfront-origin-response',
        ),
        unit: fc.constantFrom(...Object.keys(SIZE_UNITS)),
        near: fc.oneof(
          { weight: 8, arbitrary: fc.constant('small') },
          { weight: 1, arbitrary: fc.constantFrom('viewer', 'origin') },
        ),
        offset: fc.integer({ min: -600, max: 600 }),
      })
      .chain((c) => fc.tuple(fc.constant(c), edgeEventSpec(c.door, { head: false }))),
    async ([{ door, unit, near, offset }, spec]) => {
      const perUnit = SIZE_UNITS[unit] ?? 1
      const length =
        near === 'small'
          ? offset + 600
          : Math.max(0, Math.floor((near === 'viewer' ? 40_000 : 1_000_000) / perUnit) + offset)
      const body = sizedBody(unit, length)
      const { result, event } = await answerEdge(
        door,
        spec,
        { statusCode: 200, headers: { 'content-type': 'text/plain' }, body },
        { logger: false, compress: false },
      )
      expectValidEdge(result, door, event)
      const limit = limitOf(door)
      const bodyBytes =
        unit === '😀' ? Math.floor(length / 2) * 4 + (length % 2) * 6 + 2 : perUnit * length + 2
      if (result.status === '200') {
        if (result.body !== body) fail(`${door}: the body was altered`)
        const serialized = Buffer.byteLength(JSON.stringify({ ...result, body: '' })) - 2 + bodyBytes
        if (serialized > limit) fail(`${door}: ${serialized} bytes sent, over ${limit}`)
      } else {
        // Only a body that cannot fit may be refused: the rest of a 200 result is a status and a content
        // type, and on a response trigger the read-only headers CloudFront gave.
        const rest = 400 + (isRequestDoor(door) ? 0 : Buffer.byteLength(JSON.stringify(givenOf(event, door))))
        if (result.status !== '500' || bodyBytes <= limit - rest)
          fail(
            `${door}: a ${bodyBytes}-byte body that fits in ${limit} was answered ${safeJson(result.status)}`,
          )
      }
    },
  ),

  define(
    'on CloudFront, an already-valid response passes through as the same object and is not mutated',
    fc.constantFrom(...CLOUDFRONT_DOORS).chain((door) => fc.tuple(fc.constant(door), validEdgeResult(door))),
    async ([door, { spec, result: valid }]) => {
      const event = edgeEvent(door, spec)
      const before = [...validateProxyResult(valid, door), ...eventViolations(valid, door, event)]
      if (before.length > 0)
        fail(`the generator built an invalid ${door} result: ${safeJson(before)} ${safeJson(valid)}`)
      const original = snapshot(valid)
      const { result } = await answerEdge(door, spec, valid)
      if (result !== valid)
        fail(`${door}: a valid result was not sent as the same object: ${safeJson(result)}`)
      deepEqualOrFail(valid, original, `${door}: the returned object was mutated`)
    },
  ),

  define(
    'on CloudFront, the validator and the normalizer agree: what one accepts and keeps what CloudFront gave, the other sends as it is',
    fc.constantFrom(...CLOUDFRONT_DOORS).chain((door) =>
      fc
        .tuple(
          fc.oneof(validEdgeResult(door), validEdgeRequest(door)),
          edgeShaped,
          fc.constantFrom('valid', 'loose', 'mixed'),
          fc.nat(2),
        )
        .map(([{ spec, result: valid }, loose, how, keys]) => ({
          door,
          spec,
          result:
            how === 'valid'
              ? valid
              : how === 'loose'
                ? loose
                : { ...valid, ...Object.fromEntries(Object.entries(loose).slice(0, keys + 1)) },
        })),
    ),
    async ({ door, spec, result }) => {
      const json = (value: unknown): unknown => {
        try {
          return JSON.parse(JSON.stringify(value) ?? 'null')
        } catch {
          return Symbol('not JSON')
        }
      }
      // The package's validator judges a result alone; what CloudFront gave (read-only headers, a viewer
      // response's status, a HEAD request) is the oracle's to judge with the event.
      const event = edgeEvent(door, spec)
      const problems = validateProxyResult(result, door)
      const againstEvent = eventViolations(result, door, event).length > violations(result, door).length
      const { result: sent } = await answerEdge(door, spec, snapshot(result))
      const unchanged = isDeepStrictEqual(json(sent), json(result))
      if (problems.length === 0 && !againstEvent && !unchanged) {
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
    'a request a request trigger returns, changed within the contract, is sent on as the same object and unchanged',
    fc.constantFrom<CloudFrontDoor>('cloudfront-viewer-request', 'cloudfront-origin-request').chain((door) =>
      fc.record({
        door: fc.constant(door),
        spec: edgeEventSpec(door),
        edits: edgeEdits(door),
        copy: fc.boolean(),
      }),
    ),
    async ({ door, spec, edits, copy }) => {
      let returned: Json | undefined
      let expected: Json | undefined
      const value = new OnEvent(`${copy ? 'a copy of ' : ''}the request, changed`, (event) => {
        const request = givenOf(event, door)
        editRequest(request, door, edits)
        returned = copy ? { ...request, headers: { ...(request.headers as Json) } } : request
        expected = snapshot(returned)
        return returned
      })
      const { options, repairs } = listening({ logger: false })
      const { result, event } = await answerEdge(door, spec, value, options)
      expectValidEdge(result, door, event)
      if (!isContinuing(result)) fail(`${door}: the request was not sent on: ${safeJson(result)}`)
      if (result !== returned)
        fail(`${door}: the request sent on is not the one returned: ${safeJson(result)}`)
      deepEqualOrFail(result, expected, `${door}: the request was changed`)
      if (repairs.length > 0) fail(`${door}: reported ${safeJson(repairs.map((r) => [r.code, r.path]))}`)
    },
  ),

  define(
    "read-only headers and a viewer response's status end as CloudFront gave them, even when the handler changes them in place",
    fc.constantFrom(...CLOUDFRONT_DOORS).chain((door) =>
      fc.record({
        door: fc.constant(door),
        spec: edgeEventSpec(door),
        changes: fc.array(
          fc.record({
            name: fc.constantFrom(...READ_ONLY[door]),
            how: fc.constantFrom('change', 'delete', 'add an entry', 'a plain string', 'upper-case name'),
            value: safeText,
          }),
          { minLength: 1, maxLength: 3 },
        ),
        status:
          door === 'cloudfront-viewer-response'
            ? fc.option(
                fc.oneof(fc.integer({ min: 200, max: 599 }), fc.integer({ min: 200, max: 599 }).map(String)),
                { nil: undefined },
              )
            : fc.constant(undefined),
        returns: fc.constantFrom('nothing', 'what CloudFront gave', 'a copy', 'the request'),
      }),
    ),
    async ({ door, spec, changes, status, returns }) => {
      // The headers the handler leaves on what it returns, by lower-cased name: to tell a change.
      let left: Json = {}
      const value = new OnEvent(`read-only headers changed, ${returns} returned`, (event) => {
        const given = givenOf(event, door)
        const headers = given.headers as Json
        for (const { name, how, value } of changes) {
          const entries = (headers[name] as Entry[] | undefined) ?? []
          if (how === 'change') headers[name] = [{ key: name, value }]
          else if (how === 'delete') delete headers[name]
          else if (how === 'add an entry') headers[name] = [...entries, { key: name, value }]
          else if (how === 'a plain string') headers[name] = value
          else if (entries.length > 0) {
            delete headers[name]
            headers[name.toUpperCase()] = entries
          }
        }
        if (status !== undefined) given.status = status
        left = snapshot(headers)
        if (returns === 'nothing') return undefined
        if (returns === 'a copy') return { ...given, headers: { ...headers } }
        // A response trigger given its request back answers with a response made of it.
        return returns === 'the request' ? cfOf(event).request : given
      })
      const { options, repairs } = listening({ logger: false })
      const { result, event } = await answerEdge(door, spec, value, options)
      expectValidEdge(result, door, event)
      const given = givenOf(event, door)
      const generated = isRequestDoor(door) && !isContinuing(result)
      if (generated) fail(`${door}: the request was not sent on: ${safeJson(result)}`)
      const codes = repairs.map((r) => `${r.code} ${r.path}`)
      for (const name of READ_ONLY[door]) {
        const before = givenValues(given, name)
        const after = edgeValues(result, name)
        if (!isDeepStrictEqual(after, before ?? []))
          fail(`${door}: ${name} ${safeJson(before)} became ${safeJson(after)}`)
        // A change of values (not of a key's case) is reported, wherever it was made. Two spellings of
        // one name are one header, the later winning: what the handler left is the last one's values.
        const spellings = Object.entries(left).filter(([key]) => key.toLowerCase() === name)
        const now = spellings
          .slice(-1)
          .flatMap(([, e]) =>
            Array.isArray(e)
              ? e.map((x: Entry) => x.value)
              : [typeof e === 'object' && e !== null ? (e as Entry).value : e],
          )
        const changed = !isDeepStrictEqual(now, before ?? [])
        if (returns !== 'the request' && changed && !repairs.some((r) => r.code === 'header-read-only'))
          fail(`${door}: the change of ${name} was not reported: ${safeJson(codes)}`)
      }
      if (door === 'cloudfront-viewer-response') {
        if (result.status !== given.status)
          fail(`${door}: the status ${safeJson(given.status)} became ${safeJson(result.status)}`)
        const valid = typeof status === 'number' || (typeof status === 'string' && /^[2-5]\d\d$/.test(status))
        if (
          returns !== 'the request' &&
          valid &&
          String(status) !== given.status &&
          !codes.some((c) => c.startsWith('status-read-only'))
        )
          fail(`${door}: the status change was not reported: ${safeJson(codes)}`)
      }
    },
  ),

  define(
    'no disallowed header ever reaches a CloudFront result, and each is reported',
    fc.record({
      name: disallowedName,
      value: safeText,
      where: fc.constantFrom(
        'headers',
        'multiValueHeaders',
        'CloudFront entries',
        'a plain string',
        'in place',
        'in place, returned',
        'thrown',
      ),
      edge: edgeEventSpecs(),
    }),
    async ({ name, value, where, edge }) => {
      const lower = name.toLowerCase()
      const make = (door: CloudFrontDoor) =>
        new OnEvent(`${name} in ${where}`, (event): unknown => {
          switch (where) {
            case 'headers':
            case 'multiValueHeaders':
              return {
                statusCode: 200,
                [where]: { [name]: where === 'headers' ? value : [value] },
                body: 'ok',
              }
            case 'CloudFront entries':
              return { status: '200', headers: { [lower]: [{ key: name, value }] }, body: 'ok' }
            case 'a plain string':
              return { status: 200, headers: { [name]: value }, body: 'ok' }
            case 'thrown':
              throw createHttpError(418, 'teapot', { expose: true, headers: { [name]: value } })
            default: {
              const given = givenOf(event, door)
              ;(given.headers as Json)[lower] = [{ key: name, value }]
              return where === 'in place' ? undefined : given
            }
          }
        })
      for (const door of CLOUDFRONT_DOORS) {
        const { options, repairs } = listening({ logger: false })
        const { result, event } = await answerEdge(door, edge[door], make(door), options)
        expectValidEdge(result, door, event)
        const headers = (result.headers ?? {}) as Json
        const sent = Object.keys(headers).filter((key) => isDisallowed(key))
        if (sent.length > 0) fail(`${door}: ${safeJson(sent)} reached the result: ${safeJson(result)}`)
        if (
          where !== 'thrown' &&
          !repairs.some(
            (r) =>
              (r.code === 'header-disallowed' || r.code === 'header-hop-by-hop') &&
              r.path.toLowerCase().endsWith(`.${lower}`),
          )
        )
          fail(`${door}: ${name} was not reported: ${safeJson(repairs.map((r) => [r.code, r.path]))}`)
      }
    },
  ),

  define(
    "a handler's loose CloudFront shape (a number status, plain string values, upper-case names, entries outside arrays) becomes a valid result that keeps each value",
    fc.constantFrom(...CLOUDFRONT_DOORS).chain((door) =>
      fc.record({
        door: fc.constant(door),
        spec: edgeEventSpec(door),
        status: fc.oneof(
          fc.integer({ min: 200, max: 599 }),
          fc.integer({ min: 200, max: 599 }).map(String),
          // Only in place: a response of its own without `status` is not told from a proxy result.
          fc.constant(undefined),
        ),
        headers: fc
          .uniqueArray(
            fc.tuple(freeName(door), fc.uniqueArray(oneCookieText, { minLength: 1, maxLength: 2 })),
            {
              selector: ([name]) => name,
              minLength: 1,
              maxLength: 4,
            },
          )
          .chain((list) =>
            fc.tuple(
              ...list.map(([name, values]) =>
                fc.record({
                  name: fc.constant(name),
                  values: fc.constant(values),
                  spelling: keyHow,
                  shape: fc.constantFrom(
                    'string',
                    'strings',
                    '{ value }',
                    '[{ value }]',
                    '{ key: another }',
                    '[{ key, value }]',
                  ),
                }),
              ),
            ),
          ),
        inPlace:
          door === 'cloudfront-origin-response' || door === 'cloudfront-viewer-response'
            ? fc.boolean()
            : fc.constant(false),
      }),
    ),
    async ({ door, spec, status: drawn, headers, inPlace }) => {
      const status = inPlace ? drawn : (drawn ?? 200)
      const keyOf = (name: string, spelling: KeyHow): string =>
        spelling === 'upper' ? name.toUpperCase() : spelling === 'title' ? titleCase(name) : name
      const write = (target: Json): void => {
        for (const { name, values, spelling, shape } of headers) {
          const key = keyOf(name, spelling)
          const one = values[0] ?? ''
          const loose =
            shape === 'string'
              ? one
              : shape === 'strings'
                ? values
                : shape === '{ value }'
                  ? { value: one }
                  : shape === '[{ value }]'
                    ? values.map((v) => ({ value: v }))
                    : shape === '{ key: another }'
                      ? [{ key: 'X-Another', value: one }]
                      : values.map((v) => ({ key: name.toUpperCase(), value: v }))
          own(target, key, loose)
        }
      }
      const value = new OnEvent('a loose CloudFront response', (event) => {
        if (inPlace) {
          const given = givenOf(event, door)
          if (status !== undefined) given.status = status
          write(given.headers as Json)
          return undefined
        }
        const response: Json = { headers: {} }
        if (status !== undefined) response.status = status
        write(response.headers as Json)
        return response
      })
      const { options, repairs } = listening({ logger: false })
      const { result, event } = await answerEdge(door, spec, value, options)
      expectValidEdge(result, door, event)
      const given = isRequestDoor(door) ? undefined : givenOf(event, door)
      const expectedStatus =
        door === 'cloudfront-viewer-response'
          ? given?.status
          : status !== undefined
            ? String(status)
            : (given?.status ?? '200')
      if (result.status !== expectedStatus)
        fail(
          `${door}: status ${safeJson(status)} became ${safeJson(result.status)}, not ${safeJson(expectedStatus)}`,
        )
      for (const { name, values, shape } of headers) {
        const kept =
          shape === 'string' || shape === '{ value }' || shape === '{ key: another }'
            ? values.slice(0, 1)
            : values
        const sent = edgeValues(result, name)
        if (!isDeepStrictEqual(sent, kept))
          fail(`${door}: ${name} ${safeJson(kept)} was sent as ${safeJson(sent)}`)
      }
      const looseHeader = headers.some(
        (h) =>
          keyOf(h.name, h.spelling) !== h.name ||
          (h.shape !== '[{ key, value }]' && h.shape !== '[{ value }]'),
      )
      if (looseHeader && !repairs.some((r) => r.code === 'header-shape-repaired'))
        fail(
          `${door}: the loose headers were not reported: ${safeJson(repairs.map((r) => [r.code, r.path]))}`,
        )
      if (
        typeof status === 'number' &&
        door !== 'cloudfront-viewer-response' &&
        !repairs.some((r) => r.code === 'status-coerced')
      )
        fail(`${door}: the number status was not reported: ${safeJson(repairs.map((r) => [r.code, r.path]))}`)
    },
  ),

  define(
    "a trigger that returns nothing, having changed CloudFront's request or response in place, sends that request or response as the same object",
    fc.constantFrom(...CLOUDFRONT_DOORS).chain((door) =>
      fc.record({
        door: fc.constant(door),
        spec: edgeEventSpec(door),
        edits: fc.option(edgeEdits(door), { nil: undefined }),
        nothing: fc.constantFrom(undefined, null),
      }),
    ),
    async ({ door, spec, edits, nothing }) => {
      let expected: Json | undefined
      const value = new OnEvent(`${String(nothing)} after changes in place`, (event) => {
        const given = givenOf(event, door)
        if (edits !== undefined) {
          if (isRequestDoor(door)) editRequest(given, door, edits)
          else editResponse(given, door, event, edits)
        }
        expected = snapshot(given)
        return nothing
      })
      const { options, repairs } = listening({ logger: false })
      const { result, event, handled } = await answerEdge(door, spec, value, options)
      expectValidEdge(result, door, event)
      if (result !== givenOf(handled, door))
        fail(`${door}: not what CloudFront gave, as the handler changed it: ${safeJson(result)}`)
      deepEqualOrFail(result, expected, `${door}: what CloudFront gave was changed`)
      if (!repairs.some((r) => r.code === 'result-missing'))
        fail(`${door}: the missing result was not reported: ${safeJson(repairs.map((r) => r.code))}`)
    },
  ),

  define(
    'a Blob, File, URLSearchParams, FormData or iterator arrives as new Response() gives it, byte for byte, or a 500 over the limit; never {} nor the object',
    fc.tuple(webBodyCase, edgeEventSpecs({ head: false }), fc.boolean()),
    async ([c, edge, compress]) => {
      const value = webBody(c)
      const expected = await expectedWebBody(c)
      const form = c.kind === 'FormData'
      for (const door of [...proxyDoors(), ...CLOUDFRONT_DOORS]) {
        const { options, logged } = listening({ compress })
        let result: Json
        let types: unknown[]
        let bytes: () => Buffer
        if (isCloudFrontDoor(door)) {
          const edged = await answerEdge(door, edge[door], value, options)
          result = edged.result
          expectValidEdge(result, door, edged.event)
          if (door === 'cloudfront-viewer-response') {
            expectViewerKept(result, edged.event, door)
            continue
          }
          types = edgeValues(result, 'content-type')
          bytes = () => edgeBytes(result)
        } else {
          const proxy = await answer(door, value, options)
          expectValid(proxy, door)
          result = proxy
          types = headerValuesOf(proxy, 'content-type')
          bytes = () => receivedBytes(proxy)
        }
        const status = Number(result.status ?? result.statusCode)
        const codes = logged.map((entry) => entry.error?.code)
        const serverError = (code: string): void => {
          const text = decodedBody(result).toString()
          if (status !== 500 || text !== SERVER_ERROR)
            fail(`${door}: answered ${status} ${safeJson(text).slice(0, 200)}, not the generic 500`)
          if (!codes.includes(code)) fail(`${door}: logged ${safeJson(codes)}, not ${code}`)
        }
        if (expected === 'unsendable') {
          serverError('unserializable')
          continue
        }
        const limit = limitOf(door)
        const sizes = serializedSizes(expected.bytes)
        if (status === 200) {
          const got = bytes()
          const [sent, sentType] = form
            ? withoutBoundary(got, String(types[0]))
            : [got.toString('latin1'), String(types[0])]
          const [made, madeType] = form
            ? withoutBoundary(expected.bytes, expected.type)
            : [expected.bytes.toString('latin1'), expected.type]
          if (sent !== made)
            fail(
              `${door}: not the bytes of new Response(): ${safeJson(sent.slice(0, 200))} for ${safeJson(made.slice(0, 200))}`,
            )
          if (types.length !== 1 || sentType !== madeType)
            fail(`${door}: sent as ${safeJson(types)}, not ${safeJson(expected.type)}`)
          if (result.body === '{}' && made !== '{}') fail(`${door}: {} in place of the content`)
          const compressed = isCloudFrontDoor(door)
            ? edgeValues(result, 'content-encoding').length > 0
            : headerValuesOf(result as ProxyResult, 'content-encoding').length > 0
          if (!compressed && Math.min(...sizes) > limit)
            fail(`${door}: ${expected.bytes.length} bytes were sent whole over the ${limit}-byte limit`)
        } else {
          // Only a body that cannot fit once serialized (as text or as base64) may be refused.
          serverError('too-large')
          if (Math.max(...sizes) + 1024 <= limit)
            fail(`${door}: a ${expected.bytes.length}-byte body that fits in ${limit} was refused`)
        }
      }
    },
  ),
]
