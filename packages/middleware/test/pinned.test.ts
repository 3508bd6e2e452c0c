// Seven behaviours, each documented or meant, that a mutation probe of src (issue 17) changed without
// any test failing. Each is pinned here through `middy(handler).use(proxyResponse())` as users write
// it, judged by the independent oracle and by literals, so that a rewrite of the core keeps them.
import { Buffer } from 'node:buffer'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import middy from '@middy/core'
import middy5 from '@middy/core-v5'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { context, eventFor, fixture, invoke } from './helpers.js'
import { assertContract, DOORS, decodedBody, type ProxyDoor } from './oracle/contract.js'

type Result = Record<string, unknown>

/** What `frontDoor` receives from a handler returning `value`, which the oracle must accept. */
const answer = async (frontDoor: ProxyDoor, value: () => unknown): Promise<Result> => {
  const result = (await invoke(value, eventFor(frontDoor))) as Result
  assertContract(result, frontDoor, frontDoor)
  return result
}

/** A response header's values, whichever map of the result holds it, found case-insensitively. */
const headerOf = (result: Result, name: string): string[] => {
  const found: string[] = []
  for (const key of ['headers', 'multiValueHeaders']) {
    const map = result[key] as Record<string, string | string[]> | undefined
    for (const [header, value] of Object.entries(map ?? {})) {
      if (header.toLowerCase() === name.toLowerCase()) found.push(...[value].flat())
    }
  }
  return found
}

// ---
const multi = suite('several values of one header on HTTP API payload 1.0')

multi('sends them in multiValueHeaders, as on REST, and single values in headers', async () => {
  for (const frontDoor of ['http-v1', 'rest'] as const) {
    const fromHeaders = await answer(frontDoor, () => ({
      statusCode: 200,
      headers: { 'Cache-Control': ['no-cache', 'no-store'], Vary: 'Origin' },
      body: 'x',
    }))
    assert.equal(
      fromHeaders,
      {
        statusCode: 200,
        headers: { Vary: 'Origin' },
        multiValueHeaders: { 'Cache-Control': ['no-cache', 'no-store'] },
        body: 'x',
        isBase64Encoded: false,
      },
      frontDoor,
    )
    // A number in headers makes the result one to repair, not one to pass through as it is.
    const fromMulti = await answer(frontDoor, () => ({
      statusCode: 200,
      headers: { 'X-Count': 3 },
      multiValueHeaders: { 'X-Trace': ['a', 'b'] },
      body: 'x',
    }))
    assert.equal(fromMulti.headers, { 'X-Count': '3' }, frontDoor)
    assert.equal(fromMulti.multiValueHeaders, { 'X-Trace': ['a', 'b'] }, frontDoor)
  }
})

multi.run()

// ---
const bytes = suite('binary and empty bodies')

const emptyBodies: Array<[string, () => unknown]> = [
  ['an empty Buffer', () => Buffer.alloc(0)],
  ['a result with an empty Buffer body', () => ({ statusCode: 200, body: Buffer.alloc(0) })],
  ['an empty Node stream', () => Readable.from([])],
  ['a result with an empty Node stream body', () => ({ statusCode: 200, body: Readable.from([]) })],
  ['an empty web stream', () => new ReadableStream({ start: (controller) => controller.close() })],
]

bytes('sends an empty Buffer or an empty stream as an empty body not flagged base64', async () => {
  for (const frontDoor of DOORS) {
    for (const [name, value] of emptyBodies) {
      const result = await answer(frontDoor, value)
      const label = `${name} on ${frontDoor}`
      assert.is(result.statusCode, 200, label)
      assert.is(result.body, '', label)
      assert.is(result.isBase64Encoded, false, label)
    }
  }
})

bytes('sends a Buffer body as base64 even under a text content type', async () => {
  const text = 'héllo, wörld: {"a":1}'
  for (const frontDoor of DOORS) {
    for (const type of ['text/plain; charset=utf-8', 'application/json', 'text/html']) {
      const result = await answer(frontDoor, () => ({
        statusCode: 200,
        headers: { 'Content-Type': type },
        body: Buffer.from(text),
      }))
      const label = `${type} on ${frontDoor}`
      assert.is(result.isBase64Encoded, true, label)
      assert.is(result.body, Buffer.from(text).toString('base64'), label)
      assert.is(decodedBody(result).toString('utf8'), text, label)
      assert.equal(headerOf(result, 'content-type'), [type], label)
    }
  }
})

bytes.run()

// ---
const timeouts = suite('a TimeoutError that is not Middy early timeout')

/** A server that accepts requests and never answers them, closed by the returned function. */
const silentServer = async (): Promise<{ url: string; close: () => void }> => {
  const server = createServer(() => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

timeouts('is a 500 that shows nothing, not a 504: the timeout of fetch', async () => {
  const upstream = await silentServer()
  try {
    for (const frontDoor of DOORS) {
      let caught: unknown
      const result = await answer(frontDoor, async () => {
        try {
          return await fetch(upstream.url, { signal: AbortSignal.timeout(10) })
        } catch (error) {
          caught = error
          throw error
        }
      })
      // The error really is fetch's: a DOMException named TimeoutError.
      assert.is((caught as Error).name, 'TimeoutError', frontDoor)
      assert.is(result.statusCode, 500, frontDoor)
      assert.equal(
        JSON.parse(decodedBody(result).toString()),
        { message: 'Internal Server Error' },
        frontDoor,
      )
    }
  } finally {
    upstream.close()
  }
})

timeouts.run()

// ---
const others = suite('a response another middleware set in onError')

/**
 * `middy(handler).use(proxyResponse()).onError(setResponse)`: the other middleware's onError runs
 * first, and proxyResponse's last, as in the README's order.
 */
const withOnError = (
  fail: () => never,
  setResponse: (request: { response: unknown; error: unknown }) => void,
  core: typeof middy = middy,
) =>
  core(async () => fail())
    .use(proxyResponse({ logger: false }))
    .onError(setResponse)

others('gets the error body when it is a 400 without one', async () => {
  for (const frontDoor of DOORS) {
    for (const set of [{ statusCode: 400 }, { statusCode: 400, body: '' }, { statusCode: 400, body: null }]) {
      const handler = withOnError(
        () => {
          throw new Error('validation failed')
        },
        (request) => {
          request.response = { ...set }
        },
      )
      const result = (await handler(eventFor(frontDoor), context())) as Result
      const label = `${JSON.stringify(set)} on ${frontDoor}`
      assertContract(result, frontDoor, label)
      assert.is(result.statusCode, 400, label)
      assert.equal(JSON.parse(decodedBody(result).toString()), { message: 'Bad Request' }, label)
      assert.equal(headerOf(result, 'content-type'), ['application/json'], label)
    }
  }
})

others('answers a rejecting promise it set as the error the handler threw', async () => {
  // The rejection is a failure of the other middleware: what is answered is the handler's error,
  // as when nothing had been set (and the rejection's message is never shown).
  for (const frontDoor of DOORS) {
    const thrown = () => {
      throw createError(409, 'Order 42 is paid already')
    }
    const alone = (await invoke(thrown, eventFor(frontDoor))) as Result
    for (const rejection of [
      () => Promise.reject(new Error('formatter crashed at db.internal:5432')),
      () =>
        new Promise((_, reject) =>
          setTimeout(() => reject(createError(503, 'try later', { expose: true })), 1),
        ),
    ]) {
      const handler = withOnError(thrown, (request) => {
        request.response = rejection()
      })
      const result = (await handler(eventFor(frontDoor), context())) as Result
      assertContract(result, frontDoor, frontDoor)
      assert.equal(result, alone, frontDoor)
      assert.is(result.statusCode, 409, frontDoor)
      assert.equal(
        JSON.parse(decodedBody(result).toString()),
        { message: 'Order 42 is paid already' },
        frontDoor,
      )
    }
  }
})

others.run()

// ---
const batches = suite('a response another middleware set in onError, on an event that is not HTTP')

batches('is kept as it is: wiping it would make SQS retry the whole batch', async () => {
  for (const file of ['sqs/powertools-ts-two-records.json', 's3/powertools-ts-object-created-put.json']) {
    for (const core of [middy, middy5 as unknown as typeof middy]) {
      const event = fixture(file)
      const records = event.Records as Array<{ messageId?: string }>
      const failures = {
        batchItemFailures: [{ itemIdentifier: records[0]?.messageId ?? 'the first record' }],
      }
      const snapshot = structuredClone(failures)
      const handler = withOnError(
        () => {
          throw new Error('record 1 failed')
        },
        (request) => {
          request.response = failures
        },
        core,
      )
      const result = await handler(event, context())
      assert.is(result, failures, file)
      assert.equal(result, snapshot, file)
    }
  }
})

batches.run()
