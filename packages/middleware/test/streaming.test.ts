import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { eventFor, invoke } from './helpers.js'

const read = async (body: unknown): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('latin1')
}

// What the middleware hands to Middy's executionModeStreamifyResponse, which writes everything but
// the body as the prelude. The end-to-end path through that mode is in hardening/streaming.test.ts.
const streaming = suite('the streaming option')

streaming('shapes a string result as a prelude and a text body', async () => {
  const result = await invoke(() => 'hello', eventFor('function-url'), { streaming: true })
  assert.equal(result, {
    statusCode: 200,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    cookies: [],
    body: 'hello',
  })
})

streaming('streams a Buffer instead of base64-encoding it', async () => {
  const bytes = Buffer.from([0, 1, 2, 250, 255])
  const result = (await invoke(() => bytes, eventFor('function-url'), { streaming: true })) as Record<
    string,
    unknown
  >
  assert.equal(result.headers, { 'Content-Type': 'application/octet-stream' })
  assert.is(result.isBase64Encoded, undefined)
  assert.is(await read(result.body), bytes.toString('latin1'))
})

streaming('puts cookies in multiValueHeaders on a REST API, and serializes objects', async () => {
  const result = await invoke(
    () => ({ statusCode: 201, cookies: ['a=1', 'b=2'], body: { ok: true } }),
    eventFor('rest'),
    {
      streaming: true,
    },
  )
  assert.equal(result, {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: '{"ok":true}',
  })
})

streaming('answers a thrown error with a prelude and a JSON body', async () => {
  const result = await invoke(
    () => {
      throw createError(409, 'Taken')
    },
    eventFor('function-url'),
    { streaming: true },
  )
  assert.equal(result, {
    statusCode: 409,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Taken"}',
  })
})

streaming('sends no body on a 204, and no size limit applies', async () => {
  const empty = await invoke(() => undefined, eventFor('function-url'), { streaming: true })
  assert.equal(empty, { statusCode: 204, headers: {}, cookies: [], body: '' })
  const big = 'x'.repeat(7_000_000)
  const large = (await invoke(() => big, eventFor('function-url'), { streaming: true })) as { body: string }
  assert.is(large.body.length, big.length)
})

streaming('refuses to be set up for a front door that cannot stream', () => {
  assert.throws(
    () => proxyResponse({ streaming: true, frontDoor: 'alb' }),
    /the alb front door cannot stream/,
  )
  assert.not.throws(() => proxyResponse({ streaming: true, frontDoor: 'function-url' }))
})

streaming(
  'answers 500 when a streaming function is invoked through a front door that cannot stream',
  async () => {
    const result = (await invoke(() => 'x', eventFor('http-v2'), { streaming: true })) as {
      statusCode: number
    }
    assert.is(result.statusCode, 500)
  },
)

streaming(
  'reads the stream body of a result on a function URL without the option: buffered is the default',
  async () => {
    const body = Readable.from(['a', 'b'])
    const result = await invoke(
      () => ({ statusCode: 200, headers: { 'x-n': 1, 'content-type': 'text/plain' }, body }),
      eventFor('function-url'),
    )
    assert.equal(result, {
      statusCode: 200,
      headers: { 'x-n': '1', 'content-type': 'text/plain' },
      cookies: [],
      body: 'ab',
      isBase64Encoded: false,
    })
  },
)

streaming.run()
