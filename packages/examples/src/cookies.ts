// HTTP API endpoint (API Gateway HTTP API, payload 2.0) that sets several cookies and reads them back.
//   POST /cookies  sets a session, a theme and a consent cookie
//   GET  /cookies  answers with the cookies the client sent
// Payload 2.0 takes cookies in a `cookies` array, one entry per Set-Cookie header. Returning them there
// (or as a `Set-Cookie` header value array) works on every front door: proxyResponse() moves them to
// where the front door wants them, and never joins them with commas (an `Expires` date holds one).
import { randomUUID } from 'node:crypto'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

const setCookies = () => ({
  statusCode: 200,
  cookies: [
    // `Secure` is left out so that the demo works over plain http on 127.0.0.1: add it in production.
    `session=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600`,
    'theme=dark; Path=/; Max-Age=31536000; SameSite=Lax',
    'consent=analytics; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
  ],
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ set: ['session', 'theme', 'consent'] }),
})

// Payload 2.0 hands the request's cookies over as `event.cookies`, one "name=value" per entry.
const readCookies = (event: APIGatewayProxyEventV2) => {
  const cookies: Record<string, string> = {}
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=')
    if (at > 0) cookies[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim()
  }
  // Not `{ cookies }`: an object whose keys are all proxy result keys (statusCode, headers, cookies,
  // body...) is taken for a proxy result, not for a body.
  return { received: cookies }
}

export const handler = middy(async (event: APIGatewayProxyEventV2) =>
  event.requestContext.http.method === 'POST' ? setCookies() : readCookies(event),
).use(proxyResponse())
