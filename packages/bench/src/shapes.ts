// The results the benchmark sends through each stack, and the handlers that return them.
// Payloads are built once, deterministically, so that every run measures the same bytes and the
// handlers measure the middleware rather than the building of a megabyte of test data.
import { readFileSync } from 'node:fs'

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/events/${path}`, import.meta.url), 'utf8'))

export const restEvent: unknown = fixture('apigw-rest/powertools-ts-no-auth-post.json')

/** The HTTP API (payload 2.0) fixture, its `accept-encoding` set to `encoding`. */
export const httpV2Event = (encoding: string): Record<string, unknown> => {
  const event = fixture('apigw-http-v2/powertools-ts-no-auth-post.json')
  return { ...event, headers: { ...(event.headers as object), 'accept-encoding': encoding } }
}

// No `getRemainingTimeInMillis`: Middy would then arm its early-timeout timer on every invocation of
// every stack, bare included. That cost is the same everywhere, so leaving it out only makes the bare
// baseline cheaper and the overhead targets stricter.
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/bench',
  logStreamName: '2024/01/01/[$LATEST]0123456789abcdef',
}

export type Handler = (event: unknown, context: unknown) => Promise<unknown>

export const KB = 1024

/** A plain object whose JSON is `targetBytes` long, give or take one record (about 100 bytes). */
export const jsonPayload = (targetBytes: number): { page: number; total: number; items: unknown[] } => {
  const items: unknown[] = []
  const payload = { page: 1, total: 0, items }
  let length = JSON.stringify(payload).length
  for (let i = 0; length < targetBytes; i++) {
    const item = {
      id: i,
      sku: `SKU-${String(i).padStart(6, '0')}`,
      name: `Item number ${i}`,
      price: 1999 + (i % 500),
      inStock: i % 3 !== 0,
      tags: ['bench', i % 2 === 0 ? 'even' : 'odd'],
    }
    length += JSON.stringify(item).length + (items.length > 0 ? 1 : 0)
    items.push(item)
  }
  payload.total = items.length
  return payload
}

/** A fixed linear congruential sequence of 32-bit numbers: the same pseudo-random data on every run. */
const lcg = (seed = 0x2545f491): (() => number) => {
  let state = seed
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state
  }
}

/**
 * A plain object of about `targetBytes` of JSON that compresses less than a catalogue: orders with
 * random ids, customers, amounts and timestamps, as an order history or an export holds them.
 */
export const ordersPayload = (targetBytes: number): { orders: unknown[] } => {
  const next = lcg(0x9e3779b9)
  const hex = (digits: number): string => {
    let out = ''
    while (out.length < digits) out += next().toString(16).padStart(8, '0')
    return out.slice(0, digits)
  }
  const pick = <T>(items: readonly T[]): T => items[next() % items.length] as T
  const statuses = ['pending', 'paid', 'shipped', 'delivered', 'refunded'] as const
  const currencies = ['EUR', 'USD', 'GBP', 'JPY'] as const
  const orders: unknown[] = []
  let length = 13
  while (length < targetBytes) {
    const lines = Array.from({ length: 1 + (next() % 3) }, () => ({
      sku: `SKU-${String(next() % 1_000_000).padStart(6, '0')}`,
      quantity: 1 + (next() % 5),
      unitPrice: next() % 100_000,
    }))
    const order = {
      id: `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`,
      customer: `cus_${hex(14)}`,
      email: `user${next() % 1_000_000}@example.com`,
      createdAt: new Date(1_700_000_000_000 + (next() % 31_536_000) * 1000).toISOString(),
      status: pick(statuses),
      currency: pick(currencies),
      total: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      lines,
    }
    length += JSON.stringify(order).length + 1
    orders.push(order)
  }
  return { orders }
}

/** Pseudo-random bytes (a fixed linear congruential sequence), so that every run encodes the same body. */
export const binaryPayload = (bytes: number): Buffer => {
  const buffer = Buffer.allocUnsafe(bytes)
  let seed = 0x2545f491
  for (let i = 0; i < bytes; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    buffer[i] = seed >>> 24
  }
  return buffer
}

const object1k = jsonPayload(KB)
const json1m = jsonPayload(KB * KB)
const binary64k = binaryPayload(64 * KB)
const binary64kBase64 = binary64k.toString('base64')

const manyHeaders: Record<string, string> = {
  'content-type': 'application/json',
  'cache-control': 'private, max-age=0, no-store',
  'content-language': 'en-GB',
  'x-request-id': 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  'x-correlation-id': '1-66704cad-0fbaf1491365339d168b2a7d',
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  'permissions-policy': 'geolocation=(), camera=(), microphone=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'access-control-allow-origin': 'https://app.example.com',
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'x-request-id, x-ratelimit-remaining',
  vary: 'Origin, Accept-Encoding',
  etag: 'W/"5f3e-1a2b3c4d"',
  'last-modified': 'Mon, 17 Jun 2024 14:43:57 GMT',
  'x-ratelimit-limit': '1000',
  'x-ratelimit-remaining': '998',
  'x-ratelimit-reset': '1718635437',
  'server-timing': 'db;dur=12.3, app;dur=4.5',
  'x-api-version': '2024-06-01',
  'x-tenant-id': 'tenant-0042',
  'x-feature-flags': 'new-checkout,dark-mode',
  'x-cache': 'MISS',
  'x-region': 'eu-west-1',
  'x-build': '8f14e45f',
  'x-powered-by': 'middy',
}

const cookies = [
  'session=8f14e45fceea167a5a36dedd4bea2543; Path=/; HttpOnly; Secure; SameSite=Lax',
  'csrf=1679091c5a880faf6fb5e6087eb1b2dc; Path=/; Secure; SameSite=Strict',
  'theme=dark; Path=/; Max-Age=31536000',
  'locale=en-GB; Path=/; Max-Age=31536000',
  'ab=checkout-v2; Path=/; Max-Age=604800; Secure',
]

// The 30 headers and 5 cookies as a REST result already has them: what Middy's handler must return.
const restShaped = async (): Promise<unknown> => ({
  statusCode: 200,
  headers: { ...manyHeaders },
  multiValueHeaders: { 'set-cookie': [...cookies] },
  body: '{"ok":true}',
})

export type ShapeName =
  | 'valid'
  | 'object-1kb'
  | 'error'
  | 'binary-64kb'
  | 'json-1mb'
  | 'headers-30-cookies-5'
  | 'headers-reshaped'

export type Shape = {
  name: ShapeName
  description: string
  /** Bytes of the response body before any encoding, for the ns-per-KB figures. */
  bodyBytes: number
  /** What a handler behind `proxyResponse()` returns or throws; the bare stack runs the same handler. */
  proxyHandler: Handler
  /** What a handler behind Middy's own HTTP stack has to return for the same response. */
  middyHandler: Handler
  /** Checks that a result carries the response this shape asks for; returns what is wrong, if anything. */
  check: (result: Record<string, unknown>) => string | undefined
  /** The payload JSON.stringify must serialize once, when the body is JSON (for the single-serialization check). */
  payload?: unknown
  /** Not one of the shapes: shown for diagnosis, judged by no target. */
  extra?: boolean
}

// As http-errors and Middy's createError make it: a statusCode and expose: true, so that both stacks
// send its message.
const notFound = (): Error => Object.assign(new Error('Item 42 not found'), { statusCode: 404, expose: true })

/** Every value of header `name` in a REST result, from `headers` and `multiValueHeaders`, any case. */
export const headerValues = (result: Record<string, unknown>, name: string): string[] => {
  const out: string[] = []
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries((result.headers as Record<string, string> | undefined) ?? {})) {
    if (key.toLowerCase() === wanted) out.push(value)
  }
  const multi = (result.multiValueHeaders as Record<string, string[]> | undefined) ?? {}
  for (const [key, values] of Object.entries(multi)) {
    if (key.toLowerCase() === wanted) out.push(...values)
  }
  return out
}

const expectJsonBody = (result: Record<string, unknown>, payload: unknown): string | undefined => {
  if (result.statusCode !== 200) return `statusCode ${String(result.statusCode)}, expected 200`
  if (result.isBase64Encoded === true) return 'body is base64, expected JSON text'
  if (result.body !== JSON.stringify(payload)) return 'body is not the JSON of the returned object'
  return undefined
}

// Every header and cookie of the 30-header shapes, wherever the front door wants them.
const checkHeaders = (result: Record<string, unknown>): string | undefined => {
  if (result.statusCode !== 200) return `statusCode ${String(result.statusCode)}, expected 200`
  for (const [name, value] of Object.entries(manyHeaders)) {
    if (!headerValues(result, name).includes(value)) return `header ${name} is missing`
  }
  const setCookie = headerValues(result, 'set-cookie')
  for (const cookie of cookies) {
    if (!setCookie.includes(cookie)) return `cookie ${cookie.slice(0, cookie.indexOf('='))} is missing`
  }
  return undefined
}

export const shapes: readonly Shape[] = [
  {
    name: 'valid',
    description: 'an already-valid result, returned as is by every stack',
    bodyBytes: 11,
    proxyHandler: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      isBase64Encoded: false,
    }),
    middyHandler: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      isBase64Encoded: false,
    }),
    check: (result) =>
      result.statusCode === 200 && result.body === '{"ok":true}' ? undefined : 'not the returned result',
  },
  {
    name: 'object-1kb',
    description: `a plain object, ${JSON.stringify(object1k).length} bytes of JSON`,
    bodyBytes: JSON.stringify(object1k).length,
    proxyHandler: async () => object1k,
    // The serializer only runs when no content type is set, so the Middy handler leaves it out.
    middyHandler: async () => ({ statusCode: 200, body: object1k }),
    check: (result) => expectJsonBody(result, object1k),
    payload: object1k,
  },
  {
    name: 'error',
    description: 'a thrown Error with statusCode 404 and expose: true',
    bodyBytes: 0,
    proxyHandler: async () => {
      throw notFound()
    },
    middyHandler: async () => {
      throw notFound()
    },
    check: (result) => {
      if (result.statusCode !== 404) return `statusCode ${String(result.statusCode)}, expected 404`
      if (typeof result.body !== 'string' || !result.body.includes('Item 42 not found')) {
        return 'body does not carry the error message'
      }
      return undefined
    },
  },
  {
    name: 'binary-64kb',
    description: `a ${binary64k.length / KB} KB Buffer, sent base64-encoded`,
    bodyBytes: binary64k.length,
    proxyHandler: async () => binary64k,
    // Middy's stack has no binary path: its handler encodes the body and sets the flag itself.
    middyHandler: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: binary64k.toString('base64'),
      isBase64Encoded: true,
    }),
    check: (result) => {
      if (result.statusCode !== 200) return `statusCode ${String(result.statusCode)}, expected 200`
      if (result.isBase64Encoded !== true) return 'isBase64Encoded is not true'
      if (result.body !== binary64kBase64) return 'body is not the base64 of the Buffer'
      return undefined
    },
  },
  {
    name: 'json-1mb',
    description: `a plain object, ${JSON.stringify(json1m).length.toLocaleString('en-US')} bytes of JSON`,
    bodyBytes: JSON.stringify(json1m).length,
    proxyHandler: async () => json1m,
    middyHandler: async () => ({ statusCode: 200, body: json1m }),
    check: (result) => expectJsonBody(result, json1m),
    payload: json1m,
  },
  {
    name: 'headers-30-cookies-5',
    description: '30 headers and 5 cookies, in the REST shape every stack is handed',
    bodyBytes: 11,
    // The same valid result for both stacks, so that both produce the same response: Middy passes it
    // through untouched, proxyResponse() checks every header and cookie before passing it through.
    proxyHandler: restShaped,
    middyHandler: restShaped,
    check: checkHeaders,
  },
  {
    name: 'headers-reshaped',
    description:
      'the same 30 headers and 5 cookies written as for payload 2.0 (cookies array), re-shaped for REST (extra)',
    bodyBytes: 11,
    // Middy has no equivalent: it would send the `cookies` key to API Gateway, a 502.
    proxyHandler: async () => ({
      statusCode: 200,
      headers: { ...manyHeaders },
      cookies: [...cookies],
      body: '{"ok":true}',
    }),
    middyHandler: restShaped,
    check: checkHeaders,
    extra: true,
  },
]
