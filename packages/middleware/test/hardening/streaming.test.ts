// Response streaming: Middy 7's executionModeStreamifyResponse runs the after and onError stacks like
// the standard mode, then writes `request.response` to Lambda's response stream: a result with a
// statusCode becomes the prelude (`HttpResponseStream.from(stream, { statusCode, headers, cookies… })`)
// and its `body` (a string, a Node Readable or a web ReadableStream) the bytes; anything else is
// written as the body itself. The `awslambda` global is the Lambda runtime's; it is faked here the way
// Middy's own tests do, recording the prelude and the bytes.
import { Buffer } from 'node:buffer'
import { Readable, Writable } from 'node:stream'
import middy from '@middy/core'
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse'
import type { Context } from 'aws-lambda'
import createHttpError from 'http-errors'
import { proxyResponse } from 'middy-proxy-response/streaming'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { ProxyDoor } from '../oracle/contract.js'
import { capturingLogger, eventFor, type Json, lambdaContext } from './helpers.js'

class ResponseStream extends Writable {
  prelude: Json | undefined
  readonly chunks: Buffer[] = []
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk))
    done()
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

type StreamHandler = (event: unknown, stream: ResponseStream, context: Context) => Promise<void>

const fakeRuntime = {
  streamifyResponse: (handler: StreamHandler): StreamHandler => handler,
  HttpResponseStream: {
    from: (stream: ResponseStream, prelude: Json): ResponseStream => {
      stream.prelude = prelude
      return stream
    },
  },
}
;(globalThis as { awslambda?: unknown }).awslambda = fakeRuntime

type Streamed = { prelude: Json | undefined; bytes: Buffer }

const stream = async (
  door: ProxyDoor,
  handler: () => unknown,
  options: Parameters<typeof proxyResponse>[0] = { logger: false },
): Promise<Streamed> => {
  const streaming = middy(handler as never, { executionMode: executionModeStreamifyResponse }).use(
    proxyResponse(options),
  ) as unknown as StreamHandler
  const out = new ResponseStream()
  await streaming(eventFor(door), out, lambdaContext())
  return { prelude: out.prelude, bytes: out.bytes }
}

const chunks = (): Readable => Readable.from([Buffer.from('hello, '), Buffer.from('stream')])

// ---
const supported = suite('response streaming on a function URL')

supported('keeps a Readable body untouched and puts status, headers and cookies in the prelude', async () => {
  const out = await stream('function-url', () => ({
    statusCode: 201,
    headers: { 'Content-Type': 'text/plain', 'X-Count': 3, 'Set-Cookie': ['a=1', 'b=2'] },
    body: chunks(),
  }))
  assert.equal(out.prelude, {
    statusCode: 201,
    headers: { 'Content-Type': 'text/plain', 'X-Count': '3' },
    cookies: ['a=1', 'b=2'],
  })
  assert.is(out.bytes.toString('utf8'), 'hello, stream')
})

supported('keeps a web ReadableStream body untouched', async () => {
  const out = await stream('function-url', () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(chunks()),
  }))
  assert.is(out.prelude?.statusCode, 200)
  assert.is(out.bytes.toString('utf8'), 'hello, stream')
})

supported('writes a bare Readable returned by the handler as the body, untouched', async () => {
  const out = await stream('function-url', () => chunks())
  assert.is(out.bytes.toString('utf8'), 'hello, stream')
})

supported('sends a body over the buffered 6 MB limit whole: a stream has no such limit', async () => {
  const big = 'x'.repeat(7 * 1024 * 1024)
  const out = await stream('function-url', () => ({ statusCode: 200, body: Readable.from([big]) }))
  assert.is(out.prelude?.statusCode, 200)
  assert.is(out.bytes.length, big.length)
})

supported('answers a thrown error with a prelude and a JSON body that exposes only what it may', async () => {
  const out = await stream('function-url', () => {
    throw createHttpError(404, 'No such file')
  })
  const { statusCode, headers, cookies, isBase64Encoded } = out.prelude ?? {}
  assert.equal(
    { statusCode, headers, cookies },
    { statusCode: 404, headers: { 'Content-Type': 'application/json' }, cookies: [] },
  )
  assert.is.not(isBase64Encoded, true)
  assert.is(out.bytes.toString('utf8'), JSON.stringify({ message: 'No such file' }))
})

supported.run()

// ---
const rest = suite('response streaming on a REST API (responseTransferMode STREAM)')

rest('normalizes status and headers in the prelude and keeps the stream untouched', async () => {
  const out = await stream('rest', () => ({
    statusCode: '200',
    headers: { 'X-Count': 3 },
    body: chunks(),
  }))
  assert.is(out.prelude?.statusCode, 200)
  assert.equal((out.prelude?.headers as Json | undefined)?.['X-Count'], '3')
  assert.is(out.bytes.toString('utf8'), 'hello, stream')
})

rest.run()

// ---
const refused = suite('a stream body on a front door that cannot stream')

refused(
  'is refused with a valid 500 and a log entry that says why (an ALB takes buffered results only)',
  async () => {
    const { entries, logger } = capturingLogger()
    const out = await stream('alb', () => ({ statusCode: 200, body: chunks() }), { logger })
    assert.is(out.prelude?.statusCode, 500)
    assert.is(out.prelude?.statusDescription, '500 Internal Server Error')
    assert.is(out.bytes.toString('utf8'), JSON.stringify({ message: 'Internal Server Error' }))
    assert.ok(
      entries.some((entry) => /stream/i.test(entry.error?.message ?? '')),
      JSON.stringify(entries),
    )
  },
)

refused.run()
