import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { proxyResponse as streamingProxyResponse } from '../src/streaming.js'
import { eventFor, invoke, invokeStreaming } from './helpers.js'

const read = async (body: unknown): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('latin1')
}

// What the middleware hands to Middy's executionModeStreamifyResponse, which writes everything but
// the body as the prelude. The end-to-end path through that mode is in hardening/streaming.test.ts.
const streaming = suite('middy-proxy-response/streaming')

streaming('shapes a string result as a prelude and a text body', async () => {
  const result = await invokeStreaming(() => 'hello', eventFor('function-url'))
  assert.equal(result, {
    statusCode: 200,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    cookies: [],
    body: 'hello',
  })
})

streaming('streams a Buffer instead of base64-encoding it', async () => {
  const bytes = Buffer.from([0, 1, 2, 250, 255])
  const result = (await invokeStreaming(() => bytes, eventFor('function-url'))) as Record<string, unknown>
  assert.equal(result.headers, { 'Content-Type': 'application/octet-stream' })
  assert.is(result.isBase64Encoded, undefined)
  assert.is(await read(result.body), bytes.toString('latin1'))
})

streaming('puts cookies in multiValueHeaders on a REST API, and serializes objects', async () => {
  const result = await invokeStreaming(
    () => ({ statusCode: 201, cookies: ['a=1', 'b=2'], body: { ok: true } }),
    eventFor('rest'),
  )
  assert.equal(result, {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: '{"ok":true}',
  })
})

streaming('answers a thrown error with a prelude and a JSON body', async () => {
  const result = await invokeStreaming(() => {
    throw createError(409, 'Taken')
  }, eventFor('function-url'))
  assert.equal(result, {
    statusCode: 409,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Taken"}',
  })
})

streaming('sends no body on a 204, and no size limit applies', async () => {
  const empty = await invokeStreaming(() => undefined, eventFor('function-url'))
  assert.equal(empty, { statusCode: 204, headers: {}, cookies: [], body: '' })
  const big = 'x'.repeat(7_000_000)
  const large = (await invokeStreaming(() => big, eventFor('function-url'))) as { body: string }
  assert.is(large.body.length, big.length)
})

streaming('refuses to be set up for a front door that cannot stream', () => {
  assert.throws(() => streamingProxyResponse({ frontDoor: 'alb' }), /the alb front door cannot stream/)
  assert.not.throws(() => streamingProxyResponse({ frontDoor: 'function-url' }))
})

streaming('is refused on the default entry point, with a message naming the streaming one', () => {
  assert.throws(
    () => proxyResponse({ streaming: true as false }),
    /option streaming is true; it takes false: response streaming has its own entry point, middy-proxy-response\/streaming/,
  )
  assert.not.throws(() => proxyResponse({ streaming: false }))
})

streaming(
  'answers 500 when a streaming function is invoked through a front door that cannot stream',
  async () => {
    const result = (await invokeStreaming(() => 'x', eventFor('http-v2'))) as {
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
