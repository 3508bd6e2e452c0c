// The arbitraries and properties of the bad-input hardening, defined once: `test/properties.test.ts`
// runs each with a few hundred runs as part of the normal suite, `test/fuzz/run.ts` with 100 000+.
// Every property runs the middleware as users do (`middy(handler).use(proxyResponse())`, Middy 7) on a
// real fixture event of every front door, and asserts on what the front door would receive.
import { Buffer } from 'node:buffer'
import { isDeepStrictEqual } from 'node:util'
import middy from '@middy/core'
import fc from 'fast-check'
import createHttpError from 'http-errors'
import {
  ALB_LIMIT,
  type FrontDoor,
  LAMBDA_LIMIT,
  type ProxyResponseOptions,
  type ProxyResult,
  proxyResponse,
  validateProxyResult,
} from 'middy-proxy-response'
import {
  cookiesOf,
  DOORS,
  eventFor,
  headerValuesOf,
  lambdaContext,
  MULTI_COOKIE_DOORS,
  safeJson,
} from '../hardening/helpers.js'
import { assertContract } from '../oracle/contract.js'

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

const materialize = (value: unknown): unknown => (value instanceof Fresh ? value.make() : value)

const quiet: ProxyResponseOptions = { logger: false }

/** What a handler returning `value` answers on `frontDoor`; it must resolve, never reject. */
export const answer = async (
  frontDoor: FrontDoor,
  value: unknown,
  options: ProxyResponseOptions = quiet,
): Promise<ProxyResult> => {
  const handler = middy(async () => materialize(value)).use(proxyResponse(options))
  return (await handler(eventFor(frontDoor), lambdaContext())) as ProxyResult
}

/** What a handler throwing `thrown` answers on `frontDoor`; it must resolve, never reject. */
export const answerThrown = async (
  frontDoor: FrontDoor,
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

export const expectValid = (result: unknown, frontDoor: FrontDoor): void => {
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
  for (const [name, value] of Object.entries(result.headers ?? {})) out.push(name, value)
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) out.push(name, ...values)
  out.push(...(result.cookies ?? []))
  if (result.statusDescription !== undefined) out.push(result.statusDescription)
  return out
}

export const expectNoInjection = (result: ProxyResult, frontDoor: FrontDoor): void => {
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

/** A comma then `name=`: several cookies joined in one Set-Cookie value (CONTRACT: never comma-joined). */
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

const scalarHeaderValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
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
  )
  .map(([result, extra]) => ({ ...extra, ...result }))

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

/** Anything a handler may return. */
export const returnedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anything },
  { weight: 3, arbitrary: resultShaped },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: bytes },
  { weight: 1, arbitrary: fc.date() },
  { weight: 1, arbitrary: webResponse },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: hostileText.map((m) => new Error(m)) },
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

/** A result that `frontDoor` accepts as it is, built from the CONTRACT's description of that front door. */
export const validResult = (frontDoor: FrontDoor): fc.Arbitrary<Record<string, unknown>> => {
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

const marker = fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `SECRET${hex}`)

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
      cookies: fc.array(fc.oneof(safeText, hostileText), { maxLength: 4 }),
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
      // CONTRACT: a missing statusCode means 200 ({} → 200 on REST); "201" is accepted by REST and is the
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
    'an unexposed message, stack, cause or detail never reaches the response',
    fc.record({
      secret: marker,
      statusCode: fc.oneof(fc.integer({ min: 400, max: 599 }), statusCodeArb),
      exposeFalse: fc.boolean(),
      kind: fc.constantFrom('error', 'http-errors', 'plain-object', 'error-with-fields'),
      errorFormat: fc.constantFrom('json', 'problem') as fc.Arbitrary<'json' | 'problem'>,
    }),
    async ({ secret, statusCode, exposeFalse, kind, errorFormat }) => {
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
          default: {
            const error = Object.assign(new Error(secret), { statusCode, ...expose })
            error.stack = `Error: ${secret}\n    at handler (/var/task/${secret}.js:1:1)`
            return error
          }
        }
      }
      for (const door of DOORS) {
        const result = await answerThrown(door, new Fresh('thrown', make), { logger: false, errorFormat })
        expectValid(result, door)
        if (JSON.stringify(result).includes(secret))
          fail(`${door}: the secret reached the response: ${JSON.stringify(result)}`)
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
]
