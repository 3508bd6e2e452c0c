// Every body the web platform knows, on every front door (README, "What a handler returns"): a Blob or
// a File, URLSearchParams and FormData are sent as `new Response(value)` would send them, their bytes
// and content type (a content type the result gives wins); an async iterable or an iterator that is not
// an array is read like a stream, its records sent as a JSON array; reading stops at the front door's
// limit. What arrives is compared with what the web itself makes of the same value, byte for byte.
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type LogEntry, type ProxyResponseOptions, proxyResponse } from '../src/index.js'
import { EVENT_OF, loadEvent } from './events.js'
import { captureLogs, context } from './helpers.js'
import {
  ALL_DOORS,
  assertContract,
  type Door,
  decodedBody,
  isCloudFrontDoor,
  limitOf,
} from './oracle/contract.js'

type Obj = Record<string, unknown>
type Answer = { result: Obj; sent: Obj; codes: string[]; logs: LogEntry[] }

/** Where a viewer response's body comes from: CloudFront, never the function. */
const VIEWER_RESPONSE: Door = 'cloudfront-viewer-response'

/**
 * What `door` receives from `middy(() => value()).use(proxyResponse())` on its published event, judged
 * by the oracle against that event.
 */
const answer = async (
  door: Door,
  value: () => unknown,
  options: ProxyResponseOptions = {},
): Promise<Answer> => {
  const event = loadEvent(EVENT_OF[door])
  const sent = structuredClone(event)
  const codes: string[] = []
  const logs = captureLogs()
  const handler = middy(async () => value()).use(
    proxyResponse({ logger: logs.logger, onRepair: (repair) => codes.push(repair.code), ...options }),
  )
  const result = (await handler(event, context())) as Obj
  assertContract(result, door, door, sent)
  return { result, sent, codes, logs: logs.entries }
}

/** Every value of a response header, in either shape (CloudFront's entries, or a proxy result's maps). */
const headerOf = (result: Obj, name: string): string | undefined => {
  const values: string[] = []
  for (const key of ['headers', 'multiValueHeaders']) {
    const map = (result[key] ?? {}) as Obj
    for (const [header, value] of Object.entries(map)) {
      if (header.toLowerCase() !== name) continue
      for (const item of [value].flat())
        values.push(typeof item === 'string' ? item : String((item as Obj).value))
    }
  }
  return values.length === 0 ? undefined : values.join(', ')
}

const statusOf = (result: Obj): number => Number(result.statusCode ?? result.status)

/** CloudFront's response on a viewer-response trigger, in the event as it was sent. */
const cloudFrontResponse = (sent: Obj): Obj => (((sent.Records as Obj[])[0] as Obj).cf as Obj).response as Obj

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

type Body = {
  name: string
  make: () => unknown
  /**
   * The bytes and content type the web gives the same value; a Blob without a type is bytes, sent as
   * `application/octet-stream` (README, "What your handler returns").
   */
  expected: () => Promise<{ bytes: Buffer; type: string }>
}

/** A value the web's `Response` takes, expected as `new Response(value)` sends it. */
const web = (name: string, make: () => unknown): Body => ({
  name,
  make,
  expected: async () => {
    const response = new Response(make() as ConstructorParameters<typeof Response>[0])
    return {
      bytes: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get('content-type') ?? 'application/octet-stream',
    }
  },
})

const formData = (): FormData => {
  const form = new FormData()
  form.append('name', 'Zoë & co')
  form.append('avatar', new Blob([ALL_BYTES], { type: 'image/png' }), 'avatar.png')
  return form
}

const chunks = (): Array<string | Uint8Array> => [
  'naïve ',
  new Uint8Array([0, 255, 1]),
  '😀',
  Buffer.from('end'),
]

const BODIES: readonly Body[] = [
  web('a Blob with a text type', () => new Blob(['héllo 😀'], { type: 'text/plain;charset=utf-8' })),
  web('a Blob with a binary type', () => new Blob([ALL_BYTES], { type: 'image/png' })),
  web('a Blob without a type', () => new Blob([ALL_BYTES, 'tail'])),
  web('a File', () => new File(['id,name\n1,Zoë\n'], 'report.csv', { type: 'text/csv' })),
  web('a File without a type', () => new File([ALL_BYTES], 'blob.bin')),
  web('URLSearchParams', () => new URLSearchParams({ q: 'café & thé', page: '2', empty: '' })),
  web('an empty URLSearchParams', () => new URLSearchParams()),
  {
    name: 'an async generator of strings and bytes',
    make: () =>
      (async function* () {
        for (const chunk of chunks()) yield chunk
      })(),
    // The web's Response takes an async iterable too.
    expected: async () => ({
      bytes: Buffer.from(
        await new Response(
          (async function* () {
            for (const chunk of chunks()) yield chunk
          })() as unknown as ReadableStream,
        ).arrayBuffer(),
      ),
      type: 'application/octet-stream',
    }),
  },
  ...[
    [
      'a generator of strings and bytes',
      () =>
        (function* () {
          yield* chunks()
        })(),
    ],
    [
      'map.values() of strings',
      () =>
        new Map([
          [1, 'a,b\n'],
          [2, 'c,d\n'],
        ]).values(),
    ],
  ].map(
    ([name, make]): Body => ({
      name: name as string,
      make: make as () => unknown,
      // A sync iterator is no body of the web's: its chunks joined, strings as UTF-8.
      expected: async () => ({
        bytes: Buffer.concat(
          [...(make as () => Iterable<string | Uint8Array>)()].map((chunk) => Buffer.from(chunk)),
        ),
        type: 'application/octet-stream',
      }),
    }),
  ),
]

/** The ways a handler gives a body: returned as the value, or as a result's `body`. */
const FORMS: Array<[string, (body: unknown) => unknown]> = [
  ['returned', (body) => body],
  ['as a result body', (body) => ({ statusCode: 200, body })],
]

// ---

const exact = suite('web bodies, byte for byte')

for (const door of ALL_DOORS) {
  if (door === VIEWER_RESPONSE) continue
  exact(`sends every web body byte for byte, with the web's content type, on ${door}`, async () => {
    for (const body of BODIES) {
      const { bytes, type } = await body.expected()
      for (const [form, wrap] of FORMS) {
        const label = `${door}, ${body.name}, ${form}`
        const { result, codes } = await answer(door, () => wrap(body.make()))
        assert.is(statusOf(result), 200, label)
        assert.ok(
          decodedBody(result).equals(bytes),
          `${label}: ${decodedBody(result).toString('hex')} ≠ ${bytes.toString('hex')}`,
        )
        assert.is(headerOf(result, 'content-type') ?? null, type, label)
        // Sending a body the web knows is the job, not a repair.
        assert.equal(codes, [], label)
      }
    }
  })

  exact(`keeps a content type the result gives over the body's own, on ${door}`, async () => {
    const values: Array<[string, () => unknown]> = [
      ['a Blob', () => new Blob(['a,b\n'], { type: 'text/plain' })],
      ['URLSearchParams', () => new URLSearchParams({ a: '1' })],
      [
        'a generator',
        () =>
          (function* () {
            yield 'a,b\n'
          })(),
      ],
    ]
    for (const [name, make] of values) {
      const { result } = await answer(door, () => ({
        statusCode: 200,
        headers: { 'Content-Type': 'text/csv' },
        body: make(),
      }))
      assert.is(headerOf(result, 'content-type'), 'text/csv', `${door}, ${name}`)
    }
  })

  exact(`sends FormData as multipart/form-data whose fields read back, on ${door}`, async () => {
    const expected = new Response(formData())
    const expectedType = expected.headers.get('content-type') ?? ''
    const expectedBytes = Buffer.from(await expected.arrayBuffer())
    for (const [form, wrap] of FORMS) {
      const label = `${door}, ${form}`
      const { result } = await answer(door, () => wrap(formData()))
      const type = headerOf(result, 'content-type') ?? ''
      assert.match(type, /^multipart\/form-data; boundary=/, label)
      // Each Response draws its own boundary: with it set aside, the bytes are the web's.
      const boundary = (text: string): string => {
        const found = /boundary=(.*)$/.exec(text)?.[1]
        assert.ok(found, text)
        return found
      }
      const normal = (bytes: Buffer, mark: string) =>
        Buffer.from(bytes.toString('latin1').replaceAll(mark, 'BOUNDARY'), 'latin1')
      const bytes = decodedBody(result)
      assert.ok(normal(bytes, boundary(type)).equals(normal(expectedBytes, boundary(expectedType))), label)
      const fields = await new Response(bytes, { headers: { 'content-type': type } }).formData()
      assert.is(fields.get('name'), 'Zoë & co', label)
      const file = fields.get('avatar') as File
      assert.is(file.name, 'avatar.png', label)
      assert.is(file.type, 'image/png', label)
      assert.ok(Buffer.from(await file.arrayBuffer()).equals(ALL_BYTES), label)
    }
  })
}

exact("leaves every web body out of a viewer response, whose body is CloudFront's", async () => {
  for (const body of [...BODIES, web('FormData', formData)]) {
    for (const [form, wrap] of FORMS) {
      const label = `${body.name}, ${form}`
      const { result, sent, codes } = await answer(VIEWER_RESPONSE, () => wrap(body.make()))
      assert.not.ok('body' in result, label)
      assert.is(result.status, cloudFrontResponse(sent).status, label)
      // An empty body replaces nothing: only one with bytes is reported.
      const { bytes } = await body.expected()
      assert.is(codes.includes('body-read-only'), bytes.length > 0, `${label}: ${codes}`)
    }
  }
})

exact.run()

// ---

const records = suite('iterators of records')

/** Iterators and async iterables that yield values that are neither strings nor bytes. */
const RECORDS: Array<[string, () => unknown, unknown[]]> = [
  [
    'a generator of objects',
    () =>
      (function* () {
        yield { id: 1 }
        yield { id: 2, tags: ['é'] }
      })(),
    [{ id: 1 }, { id: 2, tags: ['é'] }],
  ],
  [
    'an async generator of objects',
    () =>
      (async function* () {
        yield { id: 1 }
        yield [1, 2]
      })(),
    [{ id: 1 }, [1, 2]],
  ],
  [
    'map.values() of objects',
    () =>
      new Map([
        ['a', { id: 'a' }],
        ['b', { id: 'b' }],
      ]).values(),
    [{ id: 'a' }, { id: 'b' }],
  ],
  [
    'a generator of numbers, null and dates',
    () =>
      (function* () {
        yield 1
        yield null
        yield new Date(0)
      })(),
    [1, null, '1970-01-01T00:00:00.000Z'],
  ],
]

for (const door of ALL_DOORS) {
  if (door === VIEWER_RESPONSE) continue
  records(`sends the records of an iterator as a JSON array on ${door}`, async () => {
    for (const [name, make, items] of RECORDS) {
      for (const [form, wrap] of FORMS) {
        const label = `${door}, ${name}, ${form}`
        const { result } = await answer(door, () => wrap(make()))
        assert.is(statusOf(result), 200, label)
        assert.is(headerOf(result, 'content-type'), 'application/json', label)
        assert.equal(JSON.parse(decodedBody(result).toString('utf8')), items, label)
      }
    }
  })

  records(`sends an iterator that yields nothing as an empty body on ${door}`, async () => {
    for (const make of [() => [].values(), () => (async function* () {})()]) {
      const { result } = await answer(door, make)
      assert.is(statusOf(result), 200)
      assert.is(decodedBody(result).length, 0)
    }
  })

  records(`answers 500 to a stream of objects, since streams yield bytes, on ${door}`, async () => {
    const streams: Array<[string, () => unknown]> = [
      ['a Node object-mode stream', () => Readable.from([{ id: 1 }, { id: 2 }])],
      [
        'a web stream of objects',
        () =>
          new ReadableStream({
            start(controller) {
              controller.enqueue({ id: 1 })
              controller.close()
            },
          }),
      ],
    ]
    for (const [name, make] of streams) {
      for (const [form, wrap] of FORMS) {
        const label = `${door}, ${name}, ${form}`
        const { result, logs } = await answer(door, () => wrap(make()))
        assert.is(statusOf(result), 500, label)
        assert.equal(
          JSON.parse(decodedBody(result).toString('utf8')),
          { message: 'Internal Server Error' },
          label,
        )
        assert.equal(
          logs.map((entry) => entry.error?.code),
          ['unserializable'],
          label,
        )
      }
    }
  })
}

records.run()

// ---

const limit = suite("an iterator over the front door's limit")

const CHUNK = 64 * 1024

/** Endless sources that count the items pulled and tell whether they were closed. */
const endless = () => {
  const seen = { pulled: 0, closed: false }
  const text = 'x'.repeat(CHUNK)
  const bytes = new Uint8Array(CHUNK).fill(0x61)
  const record = { row: 'r'.repeat(CHUNK - 20) }
  const sources: Array<[string, () => unknown, number]> = [
    [
      'a generator of strings',
      () =>
        (function* () {
          try {
            for (;;) {
              seen.pulled++
              yield text
            }
          } finally {
            seen.closed = true
          }
        })(),
      CHUNK,
    ],
    [
      'an async generator of bytes',
      () =>
        (async function* () {
          try {
            for (;;) {
              seen.pulled++
              yield bytes
            }
          } finally {
            seen.closed = true
          }
        })(),
      CHUNK,
    ],
    [
      'a generator of records',
      () =>
        (function* () {
          try {
            for (;;) {
              seen.pulled++
              yield record
            }
          } finally {
            seen.closed = true
          }
        })(),
      JSON.stringify(record).length + 1,
    ],
  ]
  return { seen, sources }
}

for (const door of ALL_DOORS) {
  limit(`stops pulling just past the ${door} limit, and sends none of it`, async () => {
    for (const index of [0, 1, 2]) {
      const { seen, sources } = endless()
      const [name, make, size] = sources[index] as [string, () => unknown, number]
      for (const [form, wrap] of FORMS) {
        seen.pulled = 0
        seen.closed = false
        const label = `${door}, ${name}, ${form}`
        const { result, sent, logs } = await answer(door, () => wrap(make()))
        const needed = Math.floor(limitOf(door) / size) + 1
        assert.ok(
          seen.pulled >= needed && seen.pulled <= needed + 1,
          `${label}: ${seen.pulled} pulled, ${needed} needed`,
        )
        assert.ok(seen.closed, `${label}: the iterator was not closed`)
        assert.equal(
          logs.map((entry) => entry.error?.code),
          ['too-large'],
          label,
        )
        if (door === VIEWER_RESPONSE) assert.equal(result, cloudFrontResponse(sent), label)
        else {
          assert.is(statusOf(result), 500, label)
          assert.equal(
            JSON.parse(decodedBody(result).toString('utf8')),
            { message: 'Internal Server Error' },
            label,
          )
        }
      }
    }
  })
}

limit('reads an iterator that fits whole', async () => {
  for (const door of ALL_DOORS.filter((door) => isCloudFrontDoor(door) && door !== VIEWER_RESPONSE)) {
    const count = Math.floor((limitOf(door) * 0.6) / 1000)
    const { result } = await answer(
      door,
      () =>
        (function* () {
          for (let i = 0; i < count; i++) yield 'y'.repeat(1000)
        })(),
      { compress: false },
    )
    assert.is(statusOf(result), 200, door)
    assert.is(decodedBody(result).length, count * 1000, door)
  }
})

limit.run()
