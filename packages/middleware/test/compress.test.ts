// Compression (issue "Compress to fit"): a result over the front door's limit is compressed when the
// front door decodes base64 for the caller and the caller accepts br, gzip or deflate; `compressAbove`
// compresses smaller bodies too. Every result is judged by the independent oracle.
import { Buffer } from 'node:buffer'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  ALB_LIMIT,
  LAMBDA_LIMIT,
  type LogEntry,
  type ProxyResponseOptions,
  type ProxyResult,
  type Repair,
} from '../src/index.js'
import {
  expectedResult,
  headerOf,
  type Json,
  withMethodAndPath,
  withRequestHeaders,
} from './hardening/helpers.js'
import { captureLogs, invoke, invokeStreaming } from './helpers.js'
import { assertContract, decodedBody, type ProxyDoor } from './oracle/contract.js'

/** The front doors that decode an `isBase64Encoded` body for every caller (a REST API only for its binaryMediaTypes). */
const DECODING: readonly ProxyDoor[] = [
  'http-v1',
  'http-v2',
  'function-url',
  'alb',
  'alb-multi-value',
  'lattice-v1',
  'lattice-v2',
]
const ENCODINGS = ['gzip', 'br', 'deflate'] as const
type Encoding = (typeof ENCODINGS)[number]

const decompress: Record<Encoding, (input: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
}

/**
 * An event of `door` whose request carries `headers`, every other spelling of those names the fixture
 * had dropped (the REST fixture sends `Accept-Encoding: gzip, deflate`); an `undefined` value removes
 * the header. With `method`, the request's method as well.
 */
const request = (door: ProxyDoor, headers: Record<string, string | undefined>, method?: string): Json => {
  const given: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) given[name] = value
  const names = Object.keys(headers).map((name) => name.toLowerCase())
  const event = withRequestHeaders(door, given)
  for (const key of ['headers', 'multiValueHeaders']) {
    const map = event[key] as Json | undefined
    if (map === undefined) continue
    event[key] = Object.fromEntries(
      Object.entries(map).filter(
        ([name]) => !names.includes(name.toLowerCase()) || Object.hasOwn(given, name),
      ),
    )
  }
  if (method === undefined) return event
  const moved = withMethodAndPath(door, method, '/')
  for (const key of ['headers', 'multiValueHeaders']) if (event[key] !== undefined) moved[key] = event[key]
  return moved
}

/** Invokes with the oracle's judgement: every result must be exactly what the front door accepts. */
const send = async (
  door: ProxyDoor,
  handler: () => unknown,
  event: Json,
  options: ProxyResponseOptions = {},
): Promise<ProxyResult> => {
  const result = (await invoke(handler, event, options)) as ProxyResult
  assertContract(result, door)
  return result
}

/** The bytes the caller gets once it has undone the Content-Encoding the result names. */
const decoded = (result: ProxyResult, encoding: Encoding): Buffer => {
  assert.is(headerOf(result, 'content-encoding'), encoding)
  assert.is(result.isBase64Encoded, true)
  return decompress[encoding](decodedBody(result))
}

/** Compares bytes without printing megabytes on a failure. */
const sameBytes = (actual: Buffer, expected: Buffer | string, where: string): void => {
  const bytes = typeof expected === 'string' ? Buffer.from(expected) : expected
  assert.ok(actual.equals(bytes), `${where}: ${actual.length} bytes, expected ${bytes.length} others`)
}

const JSON_TYPE = { 'Content-Type': 'application/json' }
const INTERNAL = JSON.stringify({ message: 'Internal Server Error' })

/** Asserts the generic 500 of a result that could not be sent, and the one log entry that says why. */
const assertTooLarge = (
  result: ProxyResult,
  door: ProxyDoor,
  entries: LogEntry[],
  encoding?: Encoding,
): void => {
  assert.equal(
    result,
    expectedResult(door, {
      statusCode: 500,
      reason: 'Internal Server Error',
      headers: JSON_TYPE,
      body: INTERNAL,
    }),
    door,
  )
  assert.is(entries.length, 1, `${door}: ${JSON.stringify(entries)}`)
  const [entry] = entries as [LogEntry]
  assert.is(entry.level, 'error')
  assert.is(entry.statusCode, 500)
  assert.is(entry.error?.code, 'too-large')
  // "the result is N bytes or more, over the … limit of L", with ", M or more with gzip" once compressed
  // (sizes over the limit are counted only as far as it takes to know they are over).
  const sizes =
    /the result is (\d+) bytes or more(?:, (\d+) or more with (\w+))?, over the ([\w-]+) limit of (\d+)$/.exec(
      entry.error?.message ?? '',
    )
  assert.ok(sizes, `${door}: ${entry.error?.message}`)
  const [, bytes, packed, used, name, limit] = sizes as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
    string,
    string,
  ]
  assert.is(Number(limit), door.startsWith('alb') ? ALB_LIMIT : LAMBDA_LIMIT)
  assert.ok(Number(bytes) > Number(limit), entry.error?.message)
  if (packed !== undefined) assert.ok(Number(packed) > Number(limit), entry.error?.message)
  assert.is(name, door)
  assert.is(used, encoding)
}

// A catalogue of about 7 MB of JSON: over every front door's limit, and repetitive enough that even
// gzip brings it under an ALB's 1 MB once in base64.
const description =
  'A sturdy widget for everyday use, made of recycled aluminium, with a two-year warranty. '.repeat(2)
const catalogueOf = (items: number) => ({
  items: Array.from({ length: items }, (_, i) => ({
    id: i,
    name: `Widget ${i}`,
    description,
    price: 1999 + (i % 500),
    tags: ['catalogue', 'widget'],
  })),
})
const catalogue = catalogueOf(26_000)
const catalogueJson = JSON.stringify(catalogue)
const returnCatalogue = () => catalogue

/** Pseudo-random bytes (a fixed linear congruential sequence), the same on every run. */
const randomBytes = (length: number): Buffer => {
  const bytes = Buffer.allocUnsafe(length)
  let seed = 0x2545f491
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    bytes[i] = seed >>> 24
  }
  return bytes
}

// Text of six random bits a character: no coding brings it under three quarters of its size, which
// base64 then makes whole again.
const randomText = (length: number): string => randomBytes(Math.ceil((length * 3) / 4)).toString('base64')

// A 10 KB JSON document, for compressAbove.
const small = { items: Array.from({ length: 100 }, (_, i) => ({ id: i, name: `Widget ${i}`, tags: ['a'] })) }
const smallJson = JSON.stringify(small)

// ---
const fit = suite('compress to fit')

fit('sends the catalogue over the limit compressed on every front door that decodes, in gzip, br and deflate', async () => {
  assert.ok(Buffer.byteLength(catalogueJson) > LAMBDA_LIMIT, `${catalogueJson.length} bytes fit`)
  for (const door of DECODING) {
    for (const encoding of ENCODINGS) {
      const where = `${door} ${encoding}`
      const logs = captureLogs()
      const result = await send(door, returnCatalogue, request(door, { 'accept-encoding': encoding }), {
        logger: logs.logger,
      })
      sameBytes(decoded(result, encoding), catalogueJson, where)
      const headers = { ...JSON_TYPE, 'Content-Encoding': encoding, Vary: 'Accept-Encoding' }
      assert.equal(
        result,
        expectedResult(door, {
          statusCode: 200,
          reason: 'OK',
          headers,
          body: result.body ?? '',
          isBase64Encoded: true,
        }),
        where,
      )
      assert.equal(logs.entries, [], where)
    }
  }
})

fit('compresses on REST only when binaryMediaTypes matches the first media type of Accept', async () => {
  const accepted = [
    { binaryMediaTypes: ['*/*'], accept: 'application/json' },
    { binaryMediaTypes: ['*/*'], accept: 'text/html, application/xhtml+xml;q=0.9' },
    { binaryMediaTypes: ['application/*'], accept: 'application/json;q=0.9, text/html' },
    { binaryMediaTypes: ['image/png', 'Application/JSON'], accept: 'application/json' },
  ]
  for (const { binaryMediaTypes, accept } of accepted) {
    const event = request('rest', { accept, 'accept-encoding': 'br' })
    const result = await send('rest', returnCatalogue, event, { binaryMediaTypes })
    sameBytes(decoded(result, 'br'), catalogueJson, `${binaryMediaTypes} / ${accept}`)
  }
  const refused = [
    { binaryMediaTypes: [], accept: '*/*' },
    { binaryMediaTypes: ['image/png'], accept: 'text/html' },
    // Only the first media type counts: API Gateway reads that one.
    { binaryMediaTypes: ['application/json'], accept: 'text/html, application/json' },
    { binaryMediaTypes: ['*/*'], accept: undefined },
  ]
  for (const { binaryMediaTypes, accept } of refused) {
    const logs = captureLogs()
    const event = request('rest', { accept, 'accept-encoding': 'gzip' })
    const result = await send('rest', returnCatalogue, event, { binaryMediaTypes, logger: logs.logger })
    assertTooLarge(result, 'rest', logs.entries)
  }
})

fit('answers 500 on a WebSocket API, which is not known to decode base64', async () => {
  const logs = captureLogs()
  const event = request('websocket', { 'accept-encoding': 'gzip, br' })
  const result = await send('websocket', returnCatalogue, event, {
    logger: logs.logger,
    binaryMediaTypes: ['*/*'],
  })
  assertTooLarge(result, 'websocket', logs.entries)
})

fit('answers 500 with a log entry when the caller accepts no coding the middleware has', async () => {
  // The catalogue's JSON as a body already: the refusals need no serialization to be timed.
  const over = () => ({ statusCode: 200, headers: { ...JSON_TYPE }, body: catalogueJson })
  const refusals: Array<[ProxyDoor, string | undefined]> = [
    ['http-v2', undefined],
    ['http-v2', ''],
    ['http-v2', 'identity'],
    ['http-v2', 'gzip;q=0'],
    ['http-v2', 'br;q=0, gzip;q=0, deflate;q=0'],
    ['http-v2', '*;q=0'],
    ['http-v2', 'zstd, compress'],
    ['alb-multi-value', undefined],
    ['alb-multi-value', 'identity'],
    ['lattice-v1', 'gzip;q=0, *;q=0'],
  ]
  for (const [door, accept] of refusals) {
    const logs = captureLogs()
    const result = await send(door, over, request(door, { 'accept-encoding': accept }), {
      logger: logs.logger,
    })
    assertTooLarge(result, door, logs.entries)
  }
})

fit('answers 500 with the compressed size in the log when even the compressed result does not fit', async () => {
  const text = randomText(7_000_000)
  for (const encoding of ['gzip', 'br'] as const) {
    const logs = captureLogs()
    const event = request('http-v2', { 'accept-encoding': encoding })
    const result = await send(
      'http-v2',
      () => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: text }),
      event,
      { logger: logs.logger },
    )
    assertTooLarge(result, 'http-v2', logs.entries, encoding)
  }
})

fit('holds an ALB to 1 MB: compressed to fit when it can be, a 500 when it cannot', async () => {
  const json = JSON.stringify(catalogueOf(5_000))
  assert.ok(json.length > ALB_LIMIT && json.length < LAMBDA_LIMIT, String(json.length))
  const text = randomText(1_200_000)
  for (const door of ['alb', 'alb-multi-value'] as const) {
    const event = request(door, { 'accept-encoding': 'gzip' })
    const fitted = await send(door, () => JSON.parse(json), event)
    sameBytes(decoded(fitted, 'gzip'), json, door)
    const logs = captureLogs()
    const plain = () => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: text })
    assertTooLarge(await send(door, plain, event, { logger: logs.logger }), door, logs.entries, 'gzip')
  }
  // The same bodies fit VPC Lattice's 6 MB as they are: they are left alone.
  const lattice = request('lattice-v2', { 'accept-encoding': 'gzip' })
  const same = await send('lattice-v2', () => JSON.parse(json), lattice)
  assert.is(same.body, json)
  assert.is(headerOf(same, 'content-encoding'), undefined)
})

fit('never compresses with compress: false', async () => {
  for (const door of ['http-v2', 'alb'] as const) {
    const logs = captureLogs()
    const event = request(door, { 'accept-encoding': 'gzip, br' })
    const result = await send(door, returnCatalogue, event, {
      compress: false,
      compressAbove: 1,
      logger: logs.logger,
    })
    assertTooLarge(result, door, logs.entries)
    const left = await send(door, () => small, event, { compress: false, compressAbove: 1 })
    assert.is(left.body, smallJson)
  }
})

fit('keeps cookies and every other header, recomputes Content-Length and adds to Vary', async () => {
  const bytes = String(Buffer.byteLength(catalogueJson))
  const cookies = [
    'session=abc; Path=/; HttpOnly; Secure',
    'theme=dark; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
  ]
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes,
    'Cache-Control': 'private, max-age=60',
    'X-Request-Id': 'r-1',
    Vary: 'Origin',
  }
  for (const door of ['http-v2', 'rest', 'alb-multi-value'] as const) {
    const event = request(door, { accept: 'application/json', 'accept-encoding': 'deflate' })
    const handler = () => ({
      statusCode: 201,
      headers: { ...headers },
      cookies: [...cookies],
      body: catalogueJson,
    })
    const result = await send(door, handler, event, { binaryMediaTypes: ['application/json'] })
    const body = decodedBody(result)
    sameBytes(decompress.deflate(body), catalogueJson, door)
    const sent = {
      ...headers,
      'Content-Length': String(body.length),
      'Content-Encoding': 'deflate',
      Vary: 'Origin, Accept-Encoding',
    }
    assert.equal(
      result,
      expectedResult(door, {
        statusCode: 201,
        reason: 'Created',
        headers: sent,
        cookies,
        body: result.body ?? '',
        isBase64Encoded: true,
      }),
      door,
    )
  }
})

fit('compresses a Buffer over the limit, and an SVG image', async () => {
  const bytes = Buffer.alloc(5_000_000, 0x2a)
  const event = request('lattice-v1', { 'accept-encoding': 'br' })
  sameBytes(decoded(await send('lattice-v1', () => bytes, event), 'br'), bytes, 'Buffer')
  // SVG is text: unlike the other image types, it compresses.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(400)}</svg>`
  const image = () => ({ statusCode: 200, headers: { 'Content-Type': 'image/svg+xml' }, body: svg })
  sameBytes(decoded(await send('lattice-v1', image, event, { compressAbove: 1024 }), 'br'), svg, 'svg')
})

fit('compresses the bytes of a base64 body over the limit', async () => {
  // Over 6,291,556 bytes, a base64 body is over 4.4 million characters.
  const bytes = Buffer.alloc(5_000_000, 0x2a)
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  const handler = () => ({
    statusCode: 200,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  })
  sameBytes(decoded(await send('http-v2', handler, event), 'gzip'), bytes, 'base64 body')
})

fit('is not reported as a repair, even in strict mode', async () => {
  const repairs: Repair[] = []
  const event = request('function-url', { 'accept-encoding': 'gzip' })
  const result = await send('function-url', returnCatalogue, event, {
    strict: true,
    onRepair: (repair) => repairs.push(repair),
  })
  sameBytes(decoded(result, 'gzip'), catalogueJson, 'function-url')
  assert.equal(repairs, [])
})

fit('leaves a small result alone by default: the same object when it is already valid', async () => {
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  const valid = { statusCode: 200, headers: { ...JSON_TYPE }, body: smallJson }
  assert.is(await send('http-v2', () => valid, event), valid)
  const built = await send('http-v2', () => small, event)
  assert.equal(
    built,
    expectedResult('http-v2', { statusCode: 200, reason: 'OK', headers: JSON_TYPE, body: smallJson }),
  )
})

fit.run()

// ---
const skip = suite('compression skipped')

const ZEROS = Buffer.alloc(5_000_000)

// Each case: an over-limit result that would compress to almost nothing, and a small one (for
// compressAbove); neither may be compressed.
const skipped: Array<{
  why: string
  doors: readonly ProxyDoor[]
  big: () => unknown
  small: () => unknown
  /** The bytes the caller gets for `small`, uncompressed. */
  sent: Buffer | string
}> = [
  {
    why: 'a body with a Content-Encoding already',
    doors: ['http-v2', 'alb-multi-value'],
    big: () => ({ statusCode: 200, headers: { 'Content-Encoding': 'br' }, body: ZEROS }),
    small: () => ({
      statusCode: 200,
      headers: { 'content-encoding': 'gzip' },
      body: ZEROS.subarray(0, 10_000),
    }),
    sent: ZEROS.subarray(0, 10_000),
  },
  {
    why: 'Cache-Control: no-transform',
    doors: ['http-v2', 'function-url'],
    big: () => ({ statusCode: 200, headers: { 'Cache-Control': 'public, No-Transform' }, body: catalogue }),
    small: () => ({ statusCode: 200, headers: { 'cache-control': 'no-transform' }, body: small }),
    sent: smallJson,
  },
  {
    why: 'a PNG image',
    doors: ['http-v2', 'lattice-v2'],
    big: () => ({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: ZEROS }),
    small: () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png' },
      body: ZEROS.subarray(0, 10_000),
    }),
    sent: ZEROS.subarray(0, 10_000),
  },
]

for (const { why, doors, big, small: smallOne, sent } of skipped) {
  skip(`answers 500 over the limit, and leaves a body alone under compressAbove, for ${why}`, async () => {
    for (const door of doors) {
      const event = request(door, { 'accept-encoding': 'gzip, deflate, br' })
      const logs = captureLogs()
      assertTooLarge(await send(door, big, event, { logger: logs.logger }), door, logs.entries)
      const result = await send(door, smallOne, event, { compressAbove: 1000 })
      assert.is(result.statusCode, 200, door)
      assert.is(headerOf(result, 'vary'), undefined, door)
      assert.ok(decodedBody(result).equals(Buffer.from(sent)), door)
    }
  })
}

skip('answers a HEAD request over the limit with its headers alone, never compressed', async () => {
  const bytes = String(Buffer.byteLength(catalogueJson))
  const withLength = () => ({
    statusCode: 200,
    headers: { ...JSON_TYPE, 'Content-Length': bytes, ETag: '"v1"' },
    body: catalogueJson,
  })
  for (const door of ['http-v2', 'http-v1', 'alb', 'alb-multi-value', 'lattice-v1', 'lattice-v2'] as const) {
    const event = request(door, { 'accept-encoding': 'gzip, deflate, br' }, 'HEAD')
    const logs = captureLogs()
    const built = await send(door, returnCatalogue, event, { logger: logs.logger })
    assert.equal(built, expectedResult(door, { statusCode: 200, reason: 'OK', headers: JSON_TYPE }), door)
    // A Content-Length is the front door's to compute: the body it counted is not sent.
    const given = await send(door, withLength, event, { logger: logs.logger })
    const headers = { ...JSON_TYPE, ETag: '"v1"' }
    assert.equal(given, expectedResult(door, { statusCode: 200, reason: 'OK', headers }), door)
    assert.equal(logs.entries, [], door)
    const left = await send(door, () => small, event, { compressAbove: 1000 })
    assert.equal(
      left,
      expectedResult(door, { statusCode: 200, reason: 'OK', headers: JSON_TYPE, body: smallJson }),
      door,
    )
  }
})

skip('leaves every media type that is compressed already, and compresses the others', async () => {
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  const bytes = Buffer.alloc(10_000, 0x41)
  const compressed = [
    'image/jpeg',
    'image/webp',
    'audio/mpeg',
    'video/mp4',
    'font/woff',
    'font/woff2',
    'application/zip',
    'application/gzip',
    'application/x-gzip',
    'application/x-7z-compressed',
    'application/x-rar-compressed',
    'application/x-xz',
    'application/zstd',
    'application/pdf',
    'IMAGE/AVIF',
  ]
  for (const type of compressed) {
    const result = await send(
      'http-v2',
      () => ({ statusCode: 200, headers: { 'Content-Type': type }, body: bytes }),
      event,
      {
        compressAbove: 1000,
      },
    )
    assert.is(headerOf(result, 'content-encoding'), undefined, type)
    assert.ok(decodedBody(result).equals(bytes), type)
  }
  const compressible = [
    'text/html; charset=utf-8',
    'text/csv',
    'application/json',
    'application/octet-stream',
    'image/svg+xml',
    'application/zipper',
    'application/pdfx',
  ]
  for (const type of compressible) {
    const result = await send(
      'http-v2',
      () => ({ statusCode: 200, headers: { 'Content-Type': type }, body: bytes }),
      event,
      {
        compressAbove: 1000,
      },
    )
    sameBytes(decoded(result, 'gzip'), bytes, type)
  }
})

skip('never compresses in streaming mode', async () => {
  const event = request('function-url', { 'accept-encoding': 'gzip' })
  const result = (await invokeStreaming(() => small, event)) as ProxyResult
  assert.equal(result, { statusCode: 200, headers: JSON_TYPE, cookies: [], body: smallJson })
  const huge = (await invokeStreaming(returnCatalogue, event)) as ProxyResult
  assert.is(huge.body, catalogueJson)
  assert.is(headerOf(huge, 'content-encoding'), undefined)
})

skip.run()

// ---
const above = suite('compressAbove')

above('compresses a 10 KB JSON body for a gzip client and not for one that refuses', async () => {
  for (const door of [...DECODING, 'rest'] as const) {
    const options = { compressAbove: 1024, binaryMediaTypes: ['*/*'] }
    const yes = await send(
      door,
      () => small,
      request(door, { accept: '*/*', 'accept-encoding': 'gzip' }),
      options,
    )
    sameBytes(decoded(yes, 'gzip'), smallJson, door)
    assert.equal(
      yes,
      expectedResult(door, {
        statusCode: 200,
        reason: 'OK',
        headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
        body: yes.body ?? '',
        isBase64Encoded: true,
      }),
      door,
    )
    const no = await send(
      door,
      () => small,
      request(door, { accept: '*/*', 'accept-encoding': 'gzip;q=0' }),
      options,
    )
    assert.equal(
      no,
      expectedResult(door, { statusCode: 200, reason: 'OK', headers: JSON_TYPE, body: smallJson }),
      door,
    )
  }
  const ws = await send('websocket', () => small, request('websocket', { 'accept-encoding': 'gzip' }), {
    compressAbove: 1024,
    binaryMediaTypes: ['*/*'],
  })
  assert.is(ws.body, smallJson)
})

above('leaves a 100-byte body alone', async () => {
  const body = { note: 'x'.repeat(89) }
  assert.is(JSON.stringify(body).length, 100)
  const result = await send('http-v2', () => body, request('http-v2', { 'accept-encoding': 'gzip' }), {
    compressAbove: 1024,
  })
  assert.equal(
    result,
    expectedResult('http-v2', {
      statusCode: 200,
      reason: 'OK',
      headers: JSON_TYPE,
      body: JSON.stringify(body),
    }),
  )
})

above('compresses nothing on a 204 or a 304, which carry no body', async () => {
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  for (const statusCode of [204, 304]) {
    const result = await send(
      'http-v2',
      () => ({ statusCode, headers: { etag: '"x"' }, body: 'x'.repeat(2000) }),
      event,
      { compressAbove: 1000 },
    )
    assert.equal(result.headers, { etag: '"x"' }, String(statusCode))
    assert.is(result.body, '')
  }
})

above('counts the decoded bytes of the body: compressed from exactly compressAbove on', async () => {
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  const options = { compressAbove: 3000 }
  const cases: Array<[string, (bytes: number) => unknown, (bytes: number) => Buffer]> = [
    ['text', (n) => 'a'.repeat(n), (n) => Buffer.from('a'.repeat(n))],
    ['two-byte text', (n) => 'é'.repeat(n / 2), (n) => Buffer.from('é'.repeat(n / 2))],
    ['a Buffer sent as base64', (n) => Buffer.alloc(n, 7), (n) => Buffer.alloc(n, 7)],
    [
      'a base64 body',
      // A number header makes it a result to repair: an already-valid one is another test's case.
      (n) => ({
        statusCode: 200,
        headers: { 'Content-Type': 'application/octet-stream', 'X-Id': 7 },
        body: Buffer.alloc(n, 9).toString('base64'),
        isBase64Encoded: true,
      }),
      (n) => Buffer.alloc(n, 9),
    ],
  ]
  for (const [what, make, bytes] of cases) {
    const at = await send('http-v2', () => make(3000), event, options)
    sameBytes(decoded(at, 'gzip'), bytes(3000), what)
    const below = await send('http-v2', () => make(2998), event, options)
    assert.is(headerOf(below, 'content-encoding'), undefined, what)
    assert.ok(decodedBody(below).equals(bytes(2998)), what)
  }
})

above('compresses an already-valid result whose body is over compressAbove', async () => {
  const event = request('http-v2', { 'accept-encoding': 'br' })
  const valid = { statusCode: 200, headers: { ...JSON_TYPE }, body: smallJson }
  const result = await send('http-v2', () => valid, event, { compressAbove: 1024 })
  sameBytes(decoded(result, 'br'), smallJson, 'valid result')
})

// Which coding the caller prefers (RFC 9110 §12.5.3): the highest q wins, ties go br > gzip > deflate.
const choices: Array<[string, Encoding | undefined]> = [
  ['gzip', 'gzip'],
  ['GZIP', 'gzip'],
  ['deflate', 'deflate'],
  ['gzip, deflate', 'gzip'],
  ['gzip, deflate, br', 'br'],
  ['deflate, gzip, br', 'br'],
  ['*', 'br'],
  ['gzip;q=0.5, br;q=0.8', 'br'],
  ['br;q=0.1, gzip', 'gzip'],
  ['br;q=0.1, gzip;q=0.2, deflate;q=0.3', 'deflate'],
  ['gzip; q=0.9, deflate ;q=0.9', 'gzip'],
  ['br;q=0, *', 'gzip'],
  ['br;q=0, gzip;q=0, *;q=0.5', 'deflate'],
  ['*;q=0.5, gzip', 'gzip'],
  ['identity, *;q=0.3', 'br'],
  ['identity', undefined],
  ['x-gzip, compress', undefined],
  ['gzip;q=0, deflate;q=0.000', undefined],
  ['*;q=0', undefined],
]
above('sends a body as it was when compressing it would take it over the limit', async () => {
  // Printable ASCII of 6.5 random bits a character: gzip saves too little to pay for base64.
  const bytes = randomBytes(1_000_000)
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(0x23 + (byte % 91) + (byte % 91 >= 57 ? 1 : 0))
  assert.not.match(text, /["\\]/)
  for (const door of ['alb', 'alb-multi-value'] as const) {
    const handler = () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain', 'X-Id': 7 },
      body: text,
    })
    const result = await send(door, handler, request(door, { 'accept-encoding': 'gzip' }), {
      compressAbove: 1000,
    })
    const headers = { 'Content-Type': 'text/plain', 'X-Id': '7' }
    assert.equal(result, expectedResult(door, { statusCode: 200, reason: 'OK', headers, body: text }), door)
  }
})

above('chooses the coding by q-value', async () => {
  for (const [accept, expected] of choices) {
    const result = await send('http-v2', () => small, request('http-v2', { 'accept-encoding': accept }), {
      compressAbove: 1,
    })
    assert.is(headerOf(result, 'content-encoding'), expected, accept)
    if (expected !== undefined) sameBytes(decoded(result, expected), smallJson, accept)
  }
  // A multi-value ALB request carries its Accept-Encoding in multiValueHeaders.
  const alb = await send(
    'alb-multi-value',
    () => small,
    request('alb-multi-value', { 'Accept-Encoding': 'deflate;q=0.5, gzip;q=0.4' }),
    {
      compressAbove: 1,
    },
  )
  assert.is(headerOf(alb, 'content-encoding'), 'deflate')
})

above('adds Accept-Encoding to a Vary that lacks it, and leaves one that has it or is *', async () => {
  const event = request('http-v2', { 'accept-encoding': 'gzip' })
  const cases: Array<[Record<string, string>, Record<string, string>]> = [
    [{}, { Vary: 'Accept-Encoding' }],
    [{ Vary: 'Origin' }, { Vary: 'Origin, Accept-Encoding' }],
    [{ vary: 'Origin, Cookie' }, { vary: 'Origin, Cookie, Accept-Encoding' }],
    [{ Vary: 'accept-encoding' }, { Vary: 'accept-encoding' }],
    [{ Vary: 'Origin, Accept-Encoding' }, { Vary: 'Origin, Accept-Encoding' }],
    [{ Vary: '*' }, { Vary: '*' }],
  ]
  for (const [given, expected] of cases) {
    const result = await send('http-v2', () => ({ statusCode: 200, headers: given, body: small }), event, {
      compressAbove: 1,
    })
    assert.equal(
      result,
      expectedResult('http-v2', {
        statusCode: 200,
        reason: 'OK',
        headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip', ...expected },
        body: result.body ?? '',
        isBase64Encoded: true,
      }),
      JSON.stringify(given),
    )
  }
  // Vary given as several values (multiValueHeaders) on REST is merged into one.
  const rest = await send(
    'rest',
    () => ({ statusCode: 200, multiValueHeaders: { Vary: ['Origin', 'Cookie'] }, body: small }),
    request('rest', { accept: 'application/json', 'accept-encoding': 'gzip' }),
    { compressAbove: 1, binaryMediaTypes: ['application/json'] },
  )
  assert.equal(rest.headers, {
    ...JSON_TYPE,
    Vary: 'Origin, Cookie, Accept-Encoding',
    'Content-Encoding': 'gzip',
  })
})

above('keeps every cookie, header and a recomputed Content-Length on every front door', async () => {
  const cookies = ['a=1; Path=/', 'b=2; Path=/; Secure']
  for (const door of DECODING) {
    const event = request(door, { 'accept-encoding': 'gzip' })
    const handler = () => ({
      statusCode: 200,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(smallJson.length),
        'X-Id': '7',
      },
      cookies: [...cookies],
      // An object body: an already-valid result is another test's case.
      body: small,
    })
    const result = await send(door, handler, event, { compressAbove: 1 })
    const body = decodedBody(result)
    sameBytes(gunzipSync(body), smallJson, door)
    assert.equal(
      result,
      expectedResult(door, {
        statusCode: 200,
        reason: 'OK',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(body.length),
          'X-Id': '7',
          'Content-Encoding': 'gzip',
          Vary: 'Accept-Encoding',
        },
        cookies,
        body: result.body ?? '',
        isBase64Encoded: true,
      }),
      door,
    )
  }
})

above.run()
