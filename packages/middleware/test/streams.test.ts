// Streams outside streaming mode (the default): no front door but a streaming one can take a stream
// object, so a Node Readable or a web ReadableStream — returned bare or as a result's body — is read
// to its end and sent as a body, within the front door's limit. With `streaming: true` the stream is
// kept instead (streaming.test.ts, hardening/streaming.test.ts).
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ProxyResponseOptions, type ProxyResult, proxyResponse } from '../src/index.js'
import {
  assertValid,
  capturingLogger,
  DOORS,
  eventFor,
  expectedResult,
  lambdaContext,
} from './hardening/helpers.js'
import { decodedBody, limitOf, noLeak, type ProxyDoor } from './oracle/contract.js'

type Answer = { result: ProxyResult; codes: string[]; logged: Array<string | undefined> }

/**
 * What `frontDoor` receives from a handler returning `value`, judged by the package's validator and
 * the oracle; the repairs heard and the `error.code` of each log entry, for assertions.
 */
const answer = async (
  frontDoor: ProxyDoor,
  value: () => unknown,
  options: ProxyResponseOptions = {},
): Promise<Answer> => {
  const logs = capturingLogger()
  const codes: string[] = []
  const handler = middy(async () => value()).use(
    proxyResponse({ logger: logs.logger, onRepair: (repair) => codes.push(repair.code), ...options }),
  )
  const result = (await handler(eventFor(frontDoor), lambdaContext())) as ProxyResult
  assertValid(result, frontDoor)
  // No front door can take a stream object, its internals or the `{}` that JSON makes of it.
  assert.type(result.body, 'string', `${frontDoor}: the body is not a string`)
  assert.is.not(result.body, '{}', `${frontDoor}: the stream was serialized as JSON`)
  if (result.isBase64Encoded !== true)
    assert.not.match(result.body ?? '', /_readableState|"locked"/, frontDoor)
  return { result, codes, logged: logs.entries.map((entry) => entry.error?.code) }
}

/** A stream of `chunks`, as Node or as the web makes it. */
const streamOf = (kind: 'node' | 'web', chunks: ReadonlyArray<Uint8Array | string>): unknown =>
  kind === 'node'
    ? Readable.from(chunks)
    : new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk)
          controller.close()
        },
      })

const KINDS = ['node', 'web'] as const

/** Chunks of every kind: a Buffer, a Uint8Array view into a larger buffer, and UTF-8 strings. */
const mixed = (): Array<Uint8Array | string> => [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  new Uint8Array([9, 0xff, 0x00, 0xfe, 7]).subarray(1, 4),
  'café ',
  '😀',
]
const mixedBytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xfe]),
  Buffer.from('café 😀', 'utf8'),
])

const SERVER_ERROR = '{"message":"Internal Server Error"}'

const serverError = (frontDoor: ProxyDoor): ProxyResult =>
  expectedResult(frontDoor, {
    statusCode: 500,
    reason: 'Internal Server Error',
    headers: { 'Content-Type': 'application/json' },
    body: SERVER_ERROR,
  })

// ---

const read = suite('a stream outside streaming mode')

for (const frontDoor of DOORS) {
  read(
    `reads a bare Node or web stream to its end and sends it as octet-stream base64 on ${frontDoor}`,
    async () => {
      for (const kind of KINDS) {
        const { result, codes } = await answer(frontDoor, () => streamOf(kind, mixed()))
        assert.equal(
          result,
          expectedResult(frontDoor, {
            statusCode: 200,
            reason: 'OK',
            headers: { 'Content-Type': 'application/octet-stream' },
            body: mixedBytes.toString('base64'),
            isBase64Encoded: true,
          }),
          kind,
        )
        // Reading a stream is what the middleware is for, not a repair of a malformed result.
        assert.equal(codes, [], kind)
      }
    },
  )
}

read('sends a stream body as text when the content type is UTF-8 text', async () => {
  const text = 'id,name\n1,Zoë 😀\n'
  const types = [
    'text/plain',
    'text/csv; charset=utf-8',
    'text/html; charset=UTF-8',
    'application/json',
    'application/problem+json',
    'application/vnd.api+json; charset=utf8',
    'application/xml',
    'application/atom+xml',
    'application/javascript',
    'application/x-www-form-urlencoded',
    'application/yaml',
    'application/x-ndjson',
    'application/csv',
  ]
  for (const frontDoor of DOORS) {
    for (const type of types) {
      for (const kind of KINDS) {
        // Split inside the emoji: the bytes are joined before they are decoded.
        const bytes = Buffer.from(text)
        const chunks = [bytes.subarray(0, 15), bytes.subarray(15)]
        const { result, codes } = await answer(frontDoor, () => ({
          statusCode: 200,
          headers: { 'Content-Type': type },
          body: streamOf(kind, chunks),
        }))
        const label = `${frontDoor}, ${type}, ${kind}`
        assert.equal(
          result,
          expectedResult(frontDoor, {
            statusCode: 200,
            reason: 'OK',
            headers: { 'Content-Type': type },
            body: text,
          }),
          label,
        )
        assert.equal(codes, [], label)
      }
    }
  }
})

read('sends a stream body as base64 when the content type is not UTF-8 text', async () => {
  const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x00, 0xff])
  const types = [
    'image/png',
    'application/pdf',
    'application/octet-stream',
    'text/plain; charset=iso-8859-1',
    'text/html; charset=utf-16',
  ]
  for (const frontDoor of DOORS) {
    for (const type of types) {
      for (const kind of KINDS) {
        const { result } = await answer(frontDoor, () => ({
          statusCode: 200,
          headers: { 'content-type': type },
          body: streamOf(kind, [bytes]),
        }))
        assert.equal(
          result,
          expectedResult(frontDoor, {
            statusCode: 200,
            reason: 'OK',
            headers: { 'content-type': type },
            body: bytes.toString('base64'),
            isBase64Encoded: true,
          }),
          `${frontDoor}, ${type}, ${kind}`,
        )
      }
    }
  }
})

read('sends compressed text from a stream as base64, so that no byte changes', async () => {
  const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xc3])
  const { result } = await answer('http-v2', () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: streamOf('node', [bytes]),
  }))
  assert.is(result.isBase64Encoded, true)
  assert.equal([...decodedBody(result)], [...bytes])
})

read(
  'gives a stream body without a content type application/octet-stream, and keeps the status and headers',
  async () => {
    for (const frontDoor of DOORS) {
      for (const kind of KINDS) {
        const { result } = await answer(frontDoor, () => ({
          statusCode: 201,
          headers: { 'X-Report': 'daily' },
          body: streamOf(kind, ['a,b\n', '1,2\n']),
        }))
        assert.equal(
          result,
          expectedResult(frontDoor, {
            statusCode: 201,
            reason: 'Created',
            headers: { 'X-Report': 'daily', 'Content-Type': 'application/octet-stream' },
            body: Buffer.from('a,b\n1,2\n').toString('base64'),
            isBase64Encoded: true,
          }),
          `${frontDoor}, ${kind}`,
        )
      }
    }
  },
)

read('takes string chunks as UTF-8, from an object-mode or a byte-mode Node stream', async () => {
  const byteMode = (): Readable => {
    const stream = new Readable({ read() {} })
    stream.push('naïve ')
    stream.push(Buffer.from('€'))
    stream.push(null)
    return stream
  }
  for (const make of [
    () => Readable.from(['naïve ', '€']),
    byteMode,
    () => streamOf('web', ['naïve ', '€']),
  ]) {
    const { result } = await answer('lattice-v2', make)
    assert.equal(decodedBody(result).toString('utf8'), 'naïve €')
  }
})

read('sends an empty stream as an empty body', async () => {
  for (const frontDoor of DOORS) {
    for (const kind of KINDS) {
      const { result } = await answer(frontDoor, () => ({
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        body: streamOf(kind, []),
      }))
      assert.equal(
        result,
        expectedResult(frontDoor, {
          statusCode: 200,
          reason: 'OK',
          headers: { 'content-type': 'text/plain' },
        }),
        `${frontDoor}, ${kind}`,
      )
    }
  }
})

read.run()

// ---

const CHUNK = 64 * 1024

/** An endless Node stream of 64 KiB chunks that counts the chunks pulled and whether it was closed. */
const endlessNode = () => {
  const seen = { pulled: 0, closed: false }
  const chunk = Buffer.alloc(CHUNK, 0x61)
  const stream = Readable.from(
    (function* () {
      try {
        for (;;) {
          seen.pulled++
          yield chunk
        }
      } finally {
        seen.closed = true
      }
    })(),
  )
  return { stream, seen }
}

/** The same as a web stream, which counts its pulls and whether it was cancelled. */
const endlessWeb = () => {
  const seen = { pulled: 0, closed: false }
  const chunk = new Uint8Array(CHUNK).fill(0x61)
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled++
      controller.enqueue(chunk)
    },
    cancel() {
      seen.closed = true
    },
  })
  return { stream, seen }
}

const limit = suite("a stream over the front door's limit")

for (const frontDoor of DOORS) {
  limit(`stops reading an endless stream just past the ${frontDoor} limit and answers 500`, async () => {
    for (const make of [endlessNode, endlessWeb]) {
      const { stream, seen } = make()
      const { result, codes, logged } = await answer(frontDoor, () => ({
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        body: stream,
      }))
      const label = `${frontDoor}, ${make.name}`
      // Never a partial body: the whole answer is the generic 500.
      assert.equal(result, serverError(frontDoor), label)
      assert.equal(logged, ['too-large'], label)
      assert.equal(codes, [], label)
      // Read-ahead aside (a Node stream buffers 16 chunks), reading stopped at the limit.
      const needed = Math.floor(limitOf(frontDoor) / CHUNK) + 1
      assert.ok(seen.pulled >= needed && seen.pulled <= needed + 20, `${label}: ${seen.pulled} chunks pulled`)
      assert.ok(seen.closed, `${label}: the stream was neither destroyed nor cancelled`)
      if (stream instanceof Readable) assert.ok(stream.destroyed, label)
      const pulled = seen.pulled
      await new Promise((resolve) => setImmediate(resolve))
      assert.is(seen.pulled, pulled, `${label}: the stream went on being read`)
    }
  })
}

limit('answers 500 to a bare stream one byte over the limit, and sends one that fits whole', async () => {
  for (const frontDoor of ['alb', 'alb-multi-value', 'rest', 'function-url'] as const) {
    const max = limitOf(frontDoor)
    const over = Buffer.alloc(max + 1, 0x78)
    for (const kind of KINDS) {
      const chunks = [over.subarray(0, CHUNK), over.subarray(CHUNK)]
      const { result, logged } = await answer(frontDoor, () => streamOf(kind, chunks))
      assert.equal(result, serverError(frontDoor), `${frontDoor}, ${kind}`)
      assert.equal(logged, ['too-large'], `${frontDoor}, ${kind}`)
    }
    // As text, with room left for the rest of the result: sent whole, not compressed.
    const fits = over.subarray(0, max - 512)
    const { result } = await answer(
      frontDoor,
      () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: streamOf('node', [fits]) }),
      { compress: false },
    )
    assert.is(result.statusCode, 200, frontDoor)
    assert.ok(decodedBody(result).equals(fits), frontDoor)
  }
})

limit.run()

// ---

const failed = suite('a stream that fails')

/** Streams that give one chunk, then fail with an error whose message must not reach anyone. */
const failing = (secret: string): Array<[string, () => unknown]> => [
  [
    'a Node stream destroyed with an error',
    () => {
      const stream = new Readable({ read() {} })
      stream.push(Buffer.from('partial '))
      setImmediate(() => stream.destroy(new Error(`connection reset by ${secret}`)))
      return stream
    },
  ],
  [
    'a Node stream whose generator throws',
    () =>
      Readable.from(
        (function* () {
          yield 'partial '
          throw new Error(`read ${secret} failed`)
        })(),
      ),
  ],
  [
    'a web stream that errors',
    () =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial '))
        },
        pull(controller) {
          controller.error(new Error(`upstream ${secret} aborted`))
        },
      }),
  ],
]

for (const frontDoor of DOORS) {
  failed(`answers 500 to a stream that errors mid-way, and sends none of it, on ${frontDoor}`, async () => {
    const secret = 'db-7.internal.example'
    for (const [name, make] of failing(secret)) {
      for (const value of [
        make,
        () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: make() }),
      ]) {
        const { result, codes, logged } = await answer(frontDoor, value)
        assert.equal(result, serverError(frontDoor), `${frontDoor}, ${name}`)
        assert.equal(logged, ['unserializable'], `${frontDoor}, ${name}`)
        assert.equal(codes, [], `${frontDoor}, ${name}`)
        assert.equal(noLeak(result, [secret, 'partial']), [], `${frontDoor}, ${name}`)
      }
    }
  })

  failed(`answers 500 to a stream of objects that are not bytes on ${frontDoor}`, async () => {
    const streams: Array<[string, () => unknown]> = [
      ['an object-mode Node stream of objects', () => Readable.from([{ id: 1 }, { id: 2 }])],
      ['an object-mode Node stream of numbers', () => Readable.from([Buffer.from('ok'), 42])],
      ['a web stream of objects', () => streamOf('web', [{ id: 1 } as unknown as string])],
    ]
    for (const [name, make] of streams) {
      const { result, logged } = await answer(frontDoor, make)
      assert.equal(result, serverError(frontDoor), `${frontDoor}, ${name}`)
      assert.equal(logged, ['unserializable'], `${frontDoor}, ${name}`)
    }
  })
}

failed.run()
