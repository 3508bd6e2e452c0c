// CloudFront Lambda@Edge in the fuzz generators: events drawn from the published events of each trigger
// (fixtures/events/cloudfront) and varied as CloudFront varies them (the method, HEAD included, request
// headers and `accept-encoding`, an include-body request, the read-only headers CloudFront gives, the
// origin's status and headers), and readers of results in CloudFront's shape (`status` a string,
// `{ key, value }` entries, `bodyEncoding`). Nothing here imports the package.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { edgeEvents, loadEvent } from '../events.js'
import { CLOUDFRONT_DOORS, type CloudFrontDoor, decodedBody, doorOf, readOnlyOf } from '../oracle/contract.js'

export type Json = Record<string, unknown>
export type Entry = { key?: unknown; value?: unknown }

/** The published events of each trigger, told by the oracle from `Records[0].cf.config.eventType`. */
export const EDGE_FIXTURES: Readonly<Record<CloudFrontDoor, readonly string[]>> = (() => {
  const files = edgeEvents()
  const out = {} as Record<CloudFrontDoor, string[]>
  for (const door of CLOUDFRONT_DOORS) {
    out[door] = files.filter((file) => doorOf(loadEvent(file)) === door)
    // A trigger without a published event would silently leave the generators.
    if (out[door].length === 0) throw new Error(`no published CloudFront event of ${door}`)
  }
  return out
})()

/** Whether a trigger is a request trigger: it may send the request on, or generate a response. */
export const isRequestDoor = (door: CloudFrontDoor): boolean =>
  door === 'cloudfront-viewer-request' || door === 'cloudfront-origin-request'

/** The read-only headers of each trigger, as the oracle models them (CONTRACT.md, "Restrictions on all edge functions"). */
export const READ_ONLY: Readonly<Record<CloudFrontDoor, readonly string[]>> = Object.fromEntries(
  CLOUDFRONT_DOORS.map((door) => [door, readOnlyOf(door)]),
) as Record<CloudFrontDoor, readonly string[]>

/** "Disallowed headers" (Restrictions on all edge functions), as handlers spell them; two are wildcards. */
export const DISALLOWED_NAMES = [
  'Connection',
  'Expect',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Connection',
  'Trailer',
  'Upgrade',
  'X-Accel-Buffering',
  'X-Accel-Charset',
  'X-Accel-Limit-Rate',
  'X-Accel-Redirect',
  'X-Amzn-Auth',
  'X-Amzn-Cf-Billing',
  'X-Amzn-Cf-Id',
  'X-Amzn-Cf-Xff',
  'X-Amzn-ErrorType',
  'X-Amzn-Fle-Profile',
  'X-Amzn-Header-Count',
  'X-Amzn-Header-Order',
  'X-Amzn-Lambda-Integration-Tag',
  'X-Amzn-RequestId',
  'X-Cache',
  'X-Forwarded-Proto',
  'X-Real-IP',
] as const

const DISALLOWED =
  /^(?:connection|expect|keep-alive|proxy-authenticate|proxy-authorization|proxy-connection|trailer|upgrade|x-accel-(?:buffering|charset|limit-rate|redirect)|x-amzn-(?:auth|cf-billing|cf-id|cf-xff|errortype|fle-profile|header-count|header-order|lambda-integration-tag|requestid)|x-cache|x-forwarded-proto|x-real-ip|x-amz-cf-.*|x-edge-.*)$/

/** Whether CloudFront refuses a header of this name in what a function returns. */
export const isDisallowed = (name: string): boolean => DISALLOWED.test(name.toLowerCase())

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
const token: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))

/** A disallowed header name as a handler may write it: any of the list, a wildcard one, any case. */
export const disallowedName: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...DISALLOWED_NAMES) },
      { weight: 1, arbitrary: token.map((t) => `X-Amz-Cf-${t}`) },
      { weight: 1, arbitrary: token.map((t) => `X-Edge-${t}`) },
    ),
    fc.constantFrom('as listed', 'lower', 'upper'),
  )
  .map(([name, spelling]) =>
    spelling === 'lower' ? name.toLowerCase() : spelling === 'upper' ? name.toUpperCase() : name,
  )

/** Text a header value may hold on every front door: visible ASCII and space. */
const visible: fc.Arbitrary<string> = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 16,
})

/** Such text as a header value CloudFront gives: never several cookies joined with commas. */
const headerText: fc.Arbitrary<string> = visible.filter(
  (text) => !/,[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=/.test(text),
)

/** A header name spelled as CloudFront keys it: any case in `key`, lower case as the map's key. */
const spelled = (name: string): fc.Arbitrary<string> =>
  fc
    .constantFrom('title', 'lower', 'upper')
    .map((how) =>
      how === 'lower'
        ? name
        : how === 'upper'
          ? name.toUpperCase()
          : name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()),
    )

/** Values CloudFront gives for a header, one entry each: mostly one. */
const values = (value: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 4, arbitrary: value.map((v) => [v]) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) },
  )

/** Values of the read-only headers as CloudFront sends them, or any visible text. */
const READ_ONLY_VALUES: Readonly<Record<string, readonly string[]>> = {
  'accept-encoding': ['gzip', 'br,gzip', 'gzip, deflate, br', 'identity'],
  'cdn-loop': ['cloudfront; loops=1', 'cloudfront; loops=2'],
  'content-encoding': ['gzip', 'br', 'identity'],
  'content-length': ['0', '14', '9593', '1048576'],
  host: ['d111111abcdef8.cloudfront.net', 'example.org'],
  'if-modified-since': ['Wed, 21 Oct 2015 07:28:00 GMT'],
  'if-none-match': ['W/"2e-Lu6qxFOQSPFulDAGUFiiK6QgREo"', '"abc"'],
  'if-range': ['"abc"'],
  'if-unmodified-since': ['Wed, 21 Oct 2015 07:28:00 GMT'],
  'transfer-encoding': ['chunked'],
  via: ['1.1 3f2ee0c5f8b7a4a5c4e4c0b3a1e0f5a7.cloudfront.net (CloudFront)', '2.0 example'],
  warning: ['110 - "Response is Stale"'],
}

const readOnlyValue = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(READ_ONLY_VALUES[name] ?? ['x'])) },
    { weight: 1, arbitrary: headerText },
  )

/** `Accept-Encoding` as viewers (and CloudFront's normalization) send it. */
export const ACCEPT_ENCODINGS = [
  'gzip',
  'br',
  'br,gzip',
  'gzip, deflate, br',
  'deflate',
  'identity',
  '*',
  'gzip;q=0',
  'br;q=1.0, gzip;q=0.8, *;q=0.1',
  'zstd',
  '',
] as const

/**
 * How an event differs from the published one it is drawn from. `undefined` keeps what the published
 * event has; `null` removes it.
 */
export type EdgeEventSpec = {
  /** Which of the trigger's published events (modulo their number). */
  fixture: number
  method: string | undefined
  uri: string | undefined
  querystring: string | undefined
  acceptEncoding: string | null | undefined
  /** Request headers added (never a disallowed one: CloudFront does not expose them to functions). */
  requestHeaders: Array<[string, string[]]>
  /** Read-only headers of what CloudFront gives the function, set (a list of values) or removed. */
  readOnly: Array<[string, string[] | null]>
  /** The include-body option's body of the request (request triggers). */
  body: { encoding: 'base64' | 'text'; data: string; inputTruncated: boolean } | undefined
  /** The origin's response (response triggers). */
  status: string | undefined
  statusDescription: string | null | undefined
  originHeaders: Array<[string, string[]]>
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const

/** Request and response header names a CloudFront event may carry, but neither a disallowed nor a read-only one. */
const headerName = (door: CloudFrontDoor): fc.Arbitrary<string> =>
  fc
    .oneof(
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'accept',
          'cookie',
          'user-agent',
          'content-type',
          'cache-control',
          'cloudfront-viewer-country',
          'set-cookie',
          'etag',
          'last-modified',
          'x-frame-options',
          'x-custom',
        ),
      },
      { weight: 1, arbitrary: token.map((t) => t.toLowerCase()) },
    )
    .filter(
      (name) =>
        !isDisallowed(name) &&
        !READ_ONLY[door].includes(name) &&
        name !== '__proto__' &&
        // "If a viewer request function adds this header, it fails validation": CloudFront adds it later.
        !(door === 'cloudfront-viewer-request' && name === 'cloudfront-viewer-country'),
    )

/** The published events of `door`, varied; `head: false` keeps the method from being HEAD. */
export const edgeEventSpec = (
  door: CloudFrontDoor,
  { head = true }: { head?: boolean } = {},
): fc.Arbitrary<EdgeEventSpec> => {
  const request = isRequestDoor(door)
  const methods = head ? METHODS : METHODS.filter((m) => m !== 'HEAD')
  const entries = fc.array(
    headerName(door).chain((name) => fc.tuple(spelled(name), values(headerText))),
    { maxLength: 3 },
  )
  return fc.record({
    fixture: fc.nat({ max: EDGE_FIXTURES[door].length - 1 }),
    method: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...methods) },
    ),
    uri: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('/', '/index.html', '/api/orders/42', '/a%20b') },
    ),
    querystring: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('', 'a=1', 'a=1&b=%C3%A9') },
    ),
    acceptEncoding: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom(...ACCEPT_ENCODINGS) },
    ),
    requestHeaders: entries,
    readOnly: fc
      .subarray([...READ_ONLY[door]], { maxLength: Math.min(3, READ_ONLY[door].length) })
      .chain((names) =>
        fc.tuple(
          ...names.map((name) =>
            fc.tuple(
              spelled(name),
              fc.oneof(
                { weight: 4, arbitrary: values(readOnlyValue(name)) },
                { weight: 1, arbitrary: fc.constant(null) },
              ),
            ),
          ),
        ),
      ),
    body: request
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.oneof(
              fc.record({
                encoding: fc.constant('base64' as const),
                data: fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64')),
                inputTruncated: fc.boolean(),
              }),
              fc.record({
                encoding: fc.constant('text' as const),
                data: visible,
                inputTruncated: fc.boolean(),
              }),
            ),
          },
        )
      : fc.constant(undefined),
    status: request
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 2, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }).map(String) },
          { weight: 1, arbitrary: fc.constantFrom('204', '304', '301', '404', '503') },
        ),
    statusDescription: request
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: visible },
        ),
    originHeaders: request ? fc.constant([]) : entries,
  })
}

/** One varied event per trigger, for the properties that run on every front door. */
export const edgeEventSpecs = (
  options: { head?: boolean } = {},
): fc.Arbitrary<Record<CloudFrontDoor, EdgeEventSpec>> =>
  fc.record({
    'cloudfront-viewer-request': edgeEventSpec('cloudfront-viewer-request', options),
    'cloudfront-origin-request': edgeEventSpec('cloudfront-origin-request', options),
    'cloudfront-origin-response': edgeEventSpec('cloudfront-origin-response', options),
    'cloudfront-viewer-response': edgeEventSpec('cloudfront-viewer-response', options),
  })

/** Sets a header in CloudFront's shape, as an own key even when it is named like `__proto__`. */
const putHeader = (headers: Json, name: string, list: string[] | null): void => {
  const lower = name.toLowerCase()
  if (list === null) {
    delete headers[lower]
    return
  }
  Object.defineProperty(headers, lower, {
    value: list.map((value) => ({ key: name, value })),
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** `Records[0].cf` of a CloudFront event. */
export const cfOf = (event: unknown): Json => ((event as { Records: Json[] }).Records[0] as Json).cf as Json

/** The event a spec describes, made afresh on each call. */
export const edgeEvent = (door: CloudFrontDoor, spec: EdgeEventSpec): Json => {
  const files = EDGE_FIXTURES[door]
  const event = loadEvent(files[spec.fixture % files.length] as string)
  const cf = cfOf(event)
  const request = cf.request as Json
  const requestHeaders = request.headers as Json
  if (spec.method !== undefined) request.method = spec.method
  if (spec.uri !== undefined) request.uri = spec.uri
  if (spec.querystring !== undefined) request.querystring = spec.querystring
  // On an origin request it is read-only: CloudFront's own, normalized value, as CloudFront gives it.
  if (spec.acceptEncoding !== undefined)
    putHeader(requestHeaders, 'Accept-Encoding', spec.acceptEncoding === null ? null : [spec.acceptEncoding])
  for (const [name, list] of spec.requestHeaders) putHeader(requestHeaders, name, list)
  if (spec.body !== undefined) request.body = { action: 'read-only', ...spec.body }
  if (isRequestDoor(door)) {
    for (const [name, list] of spec.readOnly) putHeader(requestHeaders, name, list)
    return event
  }
  const response = cf.response as Json
  const responseHeaders = response.headers as Json
  if (spec.status !== undefined) response.status = spec.status
  if (spec.statusDescription === null) delete response.statusDescription
  else if (spec.statusDescription !== undefined) response.statusDescription = spec.statusDescription
  for (const [name, list] of spec.originHeaders) putHeader(responseHeaders, name, list)
  for (const [name, list] of spec.readOnly) putHeader(responseHeaders, name, list)
  return event
}

/** What CloudFront gives the function: the event's request on a request trigger, its response else. */
export const givenOf = (event: unknown, door: CloudFrontDoor): Json =>
  cfOf(event)[isRequestDoor(door) ? 'request' : 'response'] as Json

/** The method of the event's request. */
export const methodOf = (event: unknown): unknown => (cfOf(event).request as Json).method

// ---------------------------------------------------------------------------------------------------
// Reading results in CloudFront's shape

const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null

/** Whether a result is a request sent on (no `status`, and a `uri` or `method`), not a response. */
export const isContinuing = (result: unknown): boolean =>
  isObj(result) && result.status === undefined && (result.uri !== undefined || result.method !== undefined)

/** The `{ key, value }` entries of a header, by any spelling of its name (an own key only). */
export const edgeEntries = (result: unknown, name: string): Entry[] => {
  const headers = isObj(result) ? result.headers : undefined
  const lower = name.toLowerCase()
  if (!isObj(headers) || !Object.hasOwn(headers, lower)) return []
  const entries = headers[lower]
  return Array.isArray(entries) ? (entries as Entry[]) : []
}

/** The values of a header of a result in CloudFront's shape. */
export const edgeValues = (result: unknown, name: string): unknown[] =>
  edgeEntries(result, name).map((entry) => (isObj(entry) ? entry.value : entry))

/** The values CloudFront gave for a header (of the request or the response it gave the function). */
export const givenValues = (given: Json, name: string): string[] | undefined => {
  const headers = given.headers
  const lower = name.toLowerCase()
  if (!isObj(headers) || !Object.hasOwn(headers, lower)) return undefined
  const entries = headers[lower]
  return Array.isArray(entries) ? entries.map((entry: Entry) => String(entry.value)) : undefined
}

/** Every header name, entry key and value, status and status description of a CloudFront result. */
export const edgeStrings = (result: unknown): unknown[] => {
  if (!isObj(result)) return []
  const out: unknown[] = []
  if (isObj(result.headers)) {
    for (const [name, entries] of Object.entries(result.headers)) {
      out.push(name)
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        if (isObj(entry)) {
          if (entry.key !== undefined) out.push(entry.key)
          out.push(entry.value)
        } else out.push(entry)
      }
    }
  }
  for (const key of ['status', 'statusDescription', 'uri', 'querystring', 'method'] as const) {
    if (result[key] !== undefined) out.push(result[key])
  }
  return out
}

/** The bytes a viewer receives: the body, base64-decoded and decompressed as the result says. */
export const edgeBytes = (result: unknown): Buffer => {
  const bytes = decodedBody(result)
  const [encoding] = edgeValues(result, 'content-encoding')
  if (encoding === 'br') return brotliDecompressSync(bytes)
  if (encoding === 'gzip') return gunzipSync(bytes)
  if (encoding === 'deflate') return inflateSync(bytes)
  return bytes
}

/**
 * What a viewer receives from a CloudFront result, whatever way it was written: the status and its
 * description, each header by lower-cased name with its values, the cookies, and the body's bytes
 * (or that there is none: on a response trigger, the origin's is kept). With `once`, a value repeated
 * in one header (a cookie repeated) counts once.
 */
export const edgeReceived = (result: unknown, once = false) => {
  const r = isObj(result) ? result : {}
  const headers = isObj(r.headers)
    ? Object.keys(r.headers)
        .filter((name) => name !== 'set-cookie')
        .sort()
        .map((name) => [name, once ? [...new Set(edgeValues(r, name))] : edgeValues(r, name)])
    : []
  return {
    status: r.status,
    statusDescription: r.statusDescription,
    headers,
    cookies: once ? [...new Set(edgeValues(r, 'set-cookie'))] : edgeValues(r, 'set-cookie'),
    body: r.body === undefined ? 'none' : edgeBytes(r).toString('base64'),
  }
}
