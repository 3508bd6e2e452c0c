// The failure modes side by side: what a handler might return or throw, and what goes out.
//   GET /failures/{mode}  with mode one of:
//     plain-object   returns { ok: true }                     -> 200, JSON body
//     number-header  returns a header whose value is a number -> 200, the header as a string
//     buffer         returns a Buffer                         -> 200, base64 body, isBase64Encoded
//     plain-error    throws new Error('db password is hunter2') -> 500 "Internal Server Error", nothing leaked
//     http-error     throws createError(409, ...)             -> 409 with its message
//     too-large      returns a 7 MB body (Lambda's limit is 6 MB; an ALB's 1 MB) -> 500
// Without proxyResponse() the first three would be 502s from a REST API, the two errors a 502 with
// `{"message": "Internal server error"}`, and the last one a 502 as well.
import middy from '@middy/core'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import createError from 'http-errors'
import { proxyResponse } from 'middy-proxy-response'

export const modes = {
  'plain-object': () => ({ ok: true, note: 'a plain object is sent as JSON' }),
  'number-header': () => ({
    statusCode: 200,
    headers: { 'X-Items': 3, 'X-Cached': false },
    body: 'header values were numbers and booleans',
  }),
  buffer: () => Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]),
  'plain-error': () => {
    // The message is logged, not sent: a 500 answers with its reason phrase only.
    throw new Error('db password is hunter2')
  },
  'http-error': () => {
    throw createError(409, 'This order was already paid')
  },
  'too-large': () => 'x'.repeat(7 * 1024 * 1024),
} satisfies Record<string, () => unknown>

const isMode = (mode: string): mode is keyof typeof modes => Object.hasOwn(modes, mode)

export const handler = middy(async (event: APIGatewayProxyEvent) => {
  const mode = event.pathParameters?.mode ?? ''
  if (!isMode(mode)) {
    throw createError(404, `Unknown mode; try one of: ${Object.keys(modes).join(', ')}`)
  }
  return modes[mode]()
}).use(proxyResponse())
