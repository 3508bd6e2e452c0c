// `middy-proxy-response/streaming`: the middleware for Middy's response streaming
// (`executionModeStreamifyResponse` in Middy 7, `streamifyResponse: true` in Middy 6). It shapes every
// result for the prelude Middy writes (`statusCode`, `headers`, cookies) and leaves the body a string or
// a stream, never base64, under no size limit, never compressed. Its own entry point, so that functions
// that do not stream do not load it.
import type { Door } from './doors.js'
import type { Draft } from './draft.js'
import { putHeader } from './headers.js'
import { isStream } from './kinds.js'
import { createProxyResponse } from './middleware.js'
import { forbidsBody } from './status.js'
import type { ProxyResponseMiddleware, ProxyResponseOptions } from './types.js'

/** The options of the streaming middleware: those of `proxyResponse()`, and it always streams. */
export type ProxyResponseStreamingOptions = Omit<
  ProxyResponseOptions,
  'streaming' | 'compress' | 'compressAbove'
>

/**
 * The result Middy's streaming mode writes: `statusCode`, `headers` and the cookies go to the prelude
 * (`HttpResponseStream.from`), the body (a string or a stream) to the response stream.
 */
function emitStreamed(draft: Draft, door: Door): Record<string, unknown> {
  const { statusCode, cookies } = draft
  const headers: Record<string, string> = {}
  for (const [name, values] of draft.headers.values()) putHeader(headers, name, values.join(', '))
  const result: Record<string, unknown> = { statusCode, headers }
  if (door.cookies === 'cookies') result.cookies = cookies
  else if (cookies.length > 0) result.multiValueHeaders = { [draft.cookieName ?? 'Set-Cookie']: cookies }
  // node:stream is loaded only here: importing it costs milliseconds of cold start.
  const { Readable } = process.getBuiltinModule('node:stream')
  const { stream } = draft
  result.body = forbidsBody(statusCode)
    ? ''
    : stream !== undefined
      ? isStream(stream)
        ? stream
        : Readable.from(stream as AsyncIterable<unknown>)
      : draft.base64
        ? Readable.from([Buffer.from(draft.body, 'base64')])
        : draft.body
  return result
}

/**
 * The middleware for a function that streams its responses (function URLs with `InvokeMode:
 * RESPONSE_STREAM`, REST APIs with `responseTransferMode: STREAM`): a Node `Readable`, a web
 * `ReadableStream` or an async iterable is streamed as it comes; a string stays a string, a `Buffer`
 * becomes a stream, an object becomes JSON, a thrown error a prelude and a JSON body. An event from a
 * front door that cannot stream is answered with a 500 whose log says why.
 *
 * @example
 * import middy from '@middy/core'
 * import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse'
 * import { proxyResponse } from 'middy-proxy-response/streaming'
 *
 * export const handler = middy(async () => ({ body: createReadStream('big.csv') }), {
 *   executionMode: executionModeStreamifyResponse,
 * }).use(proxyResponse())
 */
export function proxyResponse(options: ProxyResponseStreamingOptions = {}): ProxyResponseMiddleware {
  return createProxyResponse(options, {
    stream: emitStreamed,
    rules: {
      streaming: [(value) => value === true, 'true: this entry point always streams'],
      compress: [(value) => value === false, 'false: a streamed body is never compressed'],
    },
  })
}

export default proxyResponse
